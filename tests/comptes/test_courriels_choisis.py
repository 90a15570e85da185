"""Each person chooses the e-mails they can do without; those with a deadline, a decision or a proof
are always sent."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from candidatures.services.echanges import complement_demander, complement_repondre, message_envoyer
from commun.models import Courriel, EntreeJournal
from comptes.notifications import Categorie
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _heure_figee():
    with time_machine.travel("2026-05-04 10:00 +0200", tick=False):
        yield


@pytest.fixture
def contexte():
    ivan = f.instructeur("ivan@anct.example.fr", regions=["84"])
    d = f.dossier()
    f.affecter(d, ivan)
    return d, d.cree_par, ivan


def _page(client, user):
    client.login(email=user.email, password=MOT_DE_PASSE)
    return html.unescape(client.get(reverse("comptes:mon_compte")).content.decode())


def test_chacun_voit_les_courriels_de_son_role(client, contexte):
    _, porteur, ivan = contexte
    page = _page(client, porteur)
    assert "Courriels que je reçois" in page
    for libelle in ("Nouveaux messages sur un dossier", "Rappels avant la date limite", "Avis de versement"):
        assert libelle in page
    assert "Rappels des évaluations" not in page
    assert page.count('name="recus"') == 4 and page.count("checked") == 4  # everything received by default
    assert "Toujours envoyés : l'accusé de réception d'un dossier déposé, une demande de complément" in page
    client.logout()
    page = _page(client, ivan)
    assert "Rappels des évaluations à soumettre avant le comité" in page and "Avis de versement" not in page
    assert page.count('name="recus"') == 3


def test_un_porteur_coupe_les_messages_mais_recoit_toujours_une_demande_de_complement(client, contexte):
    d, porteur, ivan = contexte
    client.login(email=porteur.email, password=MOT_DE_PASSE)
    garder = [Categorie.RAPPELS_DEPOT, Categorie.RAPPELS_RAPPORT, Categorie.VERSEMENTS]
    reponse = client.post(reverse("comptes:courriels"), {"recus": garder}, follow=True)
    assert "Vos choix de courriels sont enregistrés." in reponse.content.decode()
    porteur.refresh_from_db()
    assert porteur.courriels_coupes == ["messages"]
    entree = EntreeJournal.objects.get(action="comptes.courriels.choisis")
    assert entree.acteur == porteur and entree.donnees == {"coupes_avant": [], "coupes_apres": ["messages"]}
    page = html.unescape(client.get(reverse("comptes:mon_compte")).content.decode())
    assert page.count("checked") == 3

    message_envoyer(dossier=d, auteur=ivan, texte="Une question sur le budget.")
    assert not Courriel.objects.filter(destinataire=porteur.email).exists()  # the message waits in the portal
    complement_demander(dossier=d, par=ivan, sections=["budget"], message="Budget année 3 manquant.", date_limite=dt.date(2026, 5, 20))
    demande = Courriel.objects.get(destinataire=porteur.email)
    assert "Budget année 3 manquant." in demande.texte and "choisir les courriels" not in demande.texte  # always sent


def test_le_pied_d_un_courriel_facultatif_dit_ou_choisir(contexte, settings):
    d, porteur, ivan = contexte
    settings.SITE_URL = "https://fabriques.anct.gouv.fr"
    message_envoyer(dossier=d, auteur=ivan, texte="Bonjour.")
    courriel = Courriel.objects.get(destinataire=porteur.email)
    lien = "https://fabriques.anct.gouv.fr/mon-compte/#courriels"
    assert f"Vous pouvez choisir les courriels que vous recevez du portail : {lien}" in courriel.texte


def test_un_instructeur_coupe_les_complements_recus(contexte):
    d, porteur, ivan = contexte
    ivan.courriels_coupes = [Categorie.COMPLEMENTS_RECUS]
    ivan.save()
    demande = complement_demander(dossier=d, par=ivan, sections=["budget"], message="x", date_limite=dt.date(2026, 5, 20))
    complement_repondre(demande=demande, par=porteur)
    assert not Courriel.objects.filter(destinataire=ivan.email).exists()


def test_un_choix_inconnu_est_refuse_sans_rien_changer(client, contexte):
    _, porteur, _ = contexte
    client.login(email=porteur.email, password=MOT_DE_PASSE)
    reponse = client.post(reverse("comptes:courriels"), {"recus": ["messages", "rappels_evaluation"]})
    assert reponse.status_code == 400
    page = html.unescape(reponse.content.decode())
    assert "Ce type de courriel n'est pas proposé pour votre compte (« rappels_evaluation »)" in page and "Le formulaire contient" in page
    porteur.refresh_from_db()
    assert porteur.courriels_coupes == [] and not EntreeJournal.objects.filter(action="comptes.courriels.choisis").exists()


def test_la_demonstration_montre_un_choix_deja_fait_une_seule_fois():
    import io

    from comptes import demo
    from comptes.models import User

    demo.charger(io.StringIO())
    ara = User.objects.get(email="instructrice.ara@demo.fabriques.anct.fr")
    assert ara.courriels_coupes == ["rappels_evaluation"]
    ara.courriels_coupes = []  # she changed her mind: loading the demo again keeps her choice
    ara.save()
    demo.charger(io.StringIO())
    ara.refresh_from_db()
    assert ara.courriels_coupes == [] and EntreeJournal.objects.filter(action="comptes.courriels.choisis").count() == 1


def test_les_memes_choix_par_l_api(contexte):
    from rest_framework.test import APIClient

    _, _, ivan = contexte
    api = APIClient()
    api.force_authenticate(ivan)
    lu = api.get("/api/v1/moi/courriels/").json()
    assert [(c["code"], c["recu"]) for c in lu["categories"]] == [
        ("messages", True),
        ("complements_recus", True),
        ("rappels_evaluation", True),
    ]
    reponse = api.put("/api/v1/moi/courriels/", {"recus": ["messages"]}, format="json")
    assert reponse.status_code == 200
    assert [c["code"] for c in reponse.json()["categories"] if not c["recu"]] == ["complements_recus", "rappels_evaluation"]
    ivan.refresh_from_db()
    assert ivan.courriels_coupes == ["complements_recus", "rappels_evaluation"]
    assert EntreeJournal.objects.filter(action="comptes.courriels.choisis", acteur=ivan).count() == 1
    # A porteur's kind of e-mail is not offered to a reviewer: 400, nothing changed.
    refus = api.put("/api/v1/moi/courriels/", {"recus": ["versements"]}, format="json")
    assert refus.status_code == 400
    assert refus.json()["errors"]["recus"][0].startswith("Ce type de courriel n'est pas proposé pour votre compte")
    ivan.refresh_from_db()
    assert ivan.courriels_coupes == ["complements_recus", "rappels_evaluation"]
    assert APIClient().get("/api/v1/moi/courriels/").status_code == 401
