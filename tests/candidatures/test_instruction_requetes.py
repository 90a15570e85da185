"""The dossier list, the committee page and the review page run a constant number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.models import Affectation, Decision, Evaluation, NoteCritere
from candidatures.services.synthese import synthese_recalculer
from commun.temps import maintenant
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def _peupler(v, n, instructeurs, admin):
    """n reviewed dossiers (two submitted reviews each, a decision on every other one), by bulk inserts."""
    dossiers = [f.dossier(v, code_region="84" if i % 2 else "11", bonus_numerique=bool(i % 3)) for i in range(n)]
    Affectation.objects.bulk_create([Affectation(dossier=d, instructeur=u, explication="test") for d in dossiers for u in instructeurs])
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(dossier=d, instructeur=u, statut="soumise", avis="favorable", soumise_le=maintenant())
            for d in dossiers
            for u in instructeurs
        ]
    )
    NoteCritere.objects.bulk_create(
        [
            NoteCritere(evaluation=e, critere=c, note=(e.pk + i) % 6, commentaire="ok")
            for e in evaluations
            for i, c in enumerate(["ambition", "ancrage", "gouvernance", "modele_economique"])
        ]
    )
    Decision.objects.bulk_create(
        [Decision(dossier=d, vague=v, resultat="retenu", decide_par=admin, decide_le=maintenant()) for d in dossiers[::2]]
    )
    synthese_recalculer(dossier_ids=[d.pk for d in dossiers])  # bulk inserts bypass the services


def _requetes(client, url):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


@pytest.mark.parametrize("nom", ["candidatures:instruction", "candidatures:comite"])
def test_nombre_de_requetes_constant(client, administrateur, nom, django_assert_num_queries):
    instructeurs = [f.instructeur(national=True), f.instructeur(national=True)]
    petite, grande = f.vague(), f.vague()
    _peupler(petite, 10, instructeurs, administrateur)
    _peupler(grande, 200, instructeurs, administrateur)
    assert client.login(email=administrateur.email, password=MOT_DE_PASSE)

    def url(v):
        return reverse(nom, args=[v.pk]) if nom == "candidatures:comite" else reverse(nom) + f"?vague={v.pk}"

    client.get(url(petite))  # warm the session
    attendu = _requetes(client, url(petite))
    with django_assert_num_queries(attendu):
        reponse = client.get(url(grande))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert page.count("<tr") >= (51 if nom == "candidatures:instruction" else 201)


def test_la_liste_d_un_instructeur_aussi(client, django_assert_num_queries):
    ivan = f.instructeur(national=True)
    autre = f.instructeur(national=True)
    petite, grande = f.vague(), f.vague()
    _peupler(petite, 10, [ivan, autre], ivan)
    _peupler(grande, 200, [ivan, autre], ivan)
    assert client.login(email=ivan.email, password=MOT_DE_PASSE)
    client.get(reverse("candidatures:instruction"))
    attendu = _requetes(client, reverse("candidatures:instruction") + f"?vague={petite.pk}")
    with django_assert_num_queries(attendu):
        client.get(reverse("candidatures:instruction") + f"?vague={grande.pk}")


def test_la_page_d_instruction_ne_grandit_pas_avec_les_pieces(client, django_assert_num_queries):
    """The reviewer reads the dossier and its attachments: one query for all of them, however many."""
    from candidatures.models import PieceJointe

    ivan = f.instructeur(national=True)
    peu, beaucoup = f.dossier(), f.dossier()
    for dossier, n in ((peu, 1), (beaucoup, 8)):
        f.affecter(dossier, ivan)
        PieceJointe.objects.bulk_create(
            [
                PieceJointe(
                    dossier=dossier,
                    type=PieceJointe.Type.AUTRES,
                    nom=f"piece-{i}.pdf",
                    fichier=f"pieces/piece-{i}.pdf",
                    type_mime="application/pdf",
                    taille=1000 + i,
                    sha256=f"{i:064d}",
                    ajoute_par=dossier.cree_par,
                )
                for i in range(n)
            ]
        )
    assert client.login(email=ivan.email, password=MOT_DE_PASSE)
    client.get(reverse("candidatures:instruction_dossier", args=[peu.pk]))  # warm the session
    attendu = _requetes(client, reverse("candidatures:instruction_dossier", args=[peu.pk]))
    with django_assert_num_queries(attendu):
        page = client.get(reverse("candidatures:instruction_dossier", args=[beaucoup.pk])).content.decode()
    assert page.count("piece-") == 8 and "piece-7.pdf" in page
