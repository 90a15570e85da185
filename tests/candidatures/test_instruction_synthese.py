"""The reviews' synthesis stored on each dossier stays equal to the aggregate of its reviews,
whatever the operation that moves it (lists rank and page on the stored columns)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from candidatures.models import Affectation, Dossier
from candidatures.models.instruction import CRITERES
from candidatures.selectors.instruction import classement, liste_instruction, scores_calcules
from candidatures.services.instruction import (
    affectation_automatique,
    affectation_creer,
    affectation_reassigner,
    affectation_supprimer,
    conflit_declarer,
    grille_enregistrer,
)
from candidatures.services.synthese import CHAMPS
from commun.temps import maintenant
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def _stockee(d) -> dict:
    d = Dossier.objects.get(pk=d.pk)
    return {c: getattr(d, c) for c in CHAMPS}


def _recalculee(d) -> dict:
    d = scores_calcules(Dossier.objects.filter(pk=d.pk)).get()
    return {c: getattr(d, f"calc_{c}") for c in CHAMPS}


def test_chaque_operation_tient_la_synthese_a_jour(administrateur):
    v = f.vague()
    d = f.dossier(v)
    un, deux, trois = (f.instructeur(f"i{n}@anct.example.fr", national=True) for n in range(3))
    affectation_creer(dossier=d, instructeur=un, par=administrateur)
    affectation_creer(dossier=d, instructeur=deux, par=administrateur)
    assert _stockee(d)["nb_attendues"] == 2 and _stockee(d)["score"] is None

    f.evaluer(d, un, (5, 4, 3, 2))
    assert _stockee(d) == _recalculee(d)
    assert (_stockee(d)["score"], _stockee(d)["nb_evaluations"]) == (70.0, 1)

    f.evaluer(d, deux, (2, 4, 3, 2))
    assert _stockee(d) == _recalculee(d)
    assert _stockee(d)["ecart_max"] == 3 and Dossier.objects.get(pk=d.pk).desaccord

    grille_enregistrer(vague=v, par=administrateur, poids_ambition=3)  # the weights change every score of the wave
    assert _stockee(d) == _recalculee(d)
    assert _stockee(d)["score"] == 65.0  # 100 × (3×3.5 + 4 + 3 + 2) / (5 × 6)

    affectation = affectation_creer(dossier=d, instructeur=trois, par=administrateur)
    assert _stockee(d)["nb_attendues"] == 3
    quatre = f.instructeur("i4@anct.example.fr", national=True)
    affectation_reassigner(affectation=affectation, vers=quatre, par=administrateur)
    assert _stockee(d)["nb_attendues"] == 3
    affectation_supprimer(affectation=Affectation.objects.get(dossier=d, instructeur=quatre), par=administrateur)
    assert _stockee(d) == _recalculee(d)
    assert _stockee(d)["nb_attendues"] == 2


def test_un_conflit_declare_retire_l_affectation_de_la_synthese(administrateur):
    v = f.vague()
    d = f.dossier(v)
    instructeur = f.instructeur(national=True)
    affectation_creer(dossier=d, instructeur=instructeur, par=administrateur)
    conflit_declarer(instructeur=instructeur, motif="Ancien salarié.", tiers_lieu=d.tiers_lieu)
    assert _stockee(d)["nb_attendues"] == 0 == _recalculee(d)["nb_attendues"]


def test_l_affectation_automatique_compte_les_instructeurs_attendus(administrateur):
    v = f.vague()
    dossiers = [f.dossier(v) for _ in range(3)]
    for n in range(2):
        f.instructeur(f"auto{n}@anct.example.fr", national=True)
    affectation_automatique(vague=v, par=administrateur)
    assert [_stockee(d)["nb_attendues"] for d in dossiers] == [2, 2, 2]


def test_la_liste_de_toutes_les_vagues_classe_sur_la_synthese_stockee(client, administrateur):
    t0 = maintenant() - timedelta(days=10)
    v1, v2 = f.vague(), f.vague()
    instructeur = f.instructeur(national=True)
    bas = f.dossier(v1, depose_le=t0)
    haut = f.dossier(v2, depose_le=t0 + timedelta(hours=1))
    sans = f.dossier(v2, depose_le=t0 - timedelta(hours=1))
    for d, valeurs in ((bas, (1, 1, 1, 1)), (haut, (5, 5, 4, 4))):
        f.affecter(d, instructeur)
        f.evaluer(d, instructeur, valeurs)
    assert list(liste_instruction(administrateur)) == [haut, bas, sans]
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:instruction")).content.decode()
    assert page.index(haut.numero) < page.index(bas.numero) < page.index(sans.numero)
    assert "90,0" in page  # haut: 100 × (5 + 5 + 4 + 4) / 20


def test_la_commande_reconstruit_une_synthese_alteree(administrateur):
    v = f.vague()
    d = f.dossier(v)
    instructeur = f.instructeur(national=True)
    f.affecter(d, instructeur)
    f.evaluer(d, instructeur, (4, 4, 4, 4))
    Dossier.objects.filter(pk=d.pk).update(score=1.0, nb_evaluations=7, ecart_max=4)
    call_command("recalculer_syntheses", stdout=open("/dev/null", "w"))
    assert _stockee(d) == _recalculee(d) and _stockee(d)["score"] == 80.0


def test_la_migration_remplit_la_synthese_comme_le_service(administrateur):
    """The migration's frozen copy of the definition gives the same synthesis as the service."""
    v = f.vague()
    grille_enregistrer(vague=v, par=administrateur, poids_gouvernance=2)
    dossiers = [f.dossier(v) for _ in range(3)]
    for i, d in enumerate(dossiers[:2]):
        for n, valeurs in enumerate(((5, 3, 2, 1), (i, 4, 4, 4))):
            instructeur = f.instructeur(national=True)
            f.affecter(d, instructeur)
            if n == 0 or i == 1:
                f.evaluer(d, instructeur, valeurs)
    attendu = {d.pk: _stockee(d) for d in dossiers}
    Dossier.objects.update(score=None, ecart_max=0, nb_evaluations=0, nb_attendues=0, **{f"moy_{c}": None for c in CRITERES})
    migration = importlib.import_module("candidatures.migrations.0007_synthese_des_evaluations")
    migration.remplir_syntheses(django_apps, None)
    assert {d.pk: _stockee(d) for d in dossiers} == attendu
    # 60 (means 3, 3.5, 3, 2.5, gouvernance × 2), then 52 (one review), then the unscored one
    assert [attendu[d.pk]["score"] for d in dossiers] == [52.0, 60.0, None]
    assert list(classement(Dossier.objects.filter(pk__in=attendu))) == [dossiers[1], dossiers[0], dossiers[2]]
