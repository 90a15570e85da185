"""Requests for complements (round-trip) and the message thread, reviewer side."""

import html
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from candidatures.models import DemandeComplement, Dossier, Message
from candidatures.selectors.instruction import sections_modifiables
from candidatures.services.echanges import complement_annuler, complement_demander, complement_repondre, message_envoyer
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import Courriel
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
    return d, ivan


def test_aller_retour_d_un_complement(contexte):
    d, ivan = contexte
    demande = complement_demander(
        dossier=d, par=ivan, sections=["budget", "gouvernance"], message="Budget année 3 manquant.", date_limite=date(2026, 5, 20)
    )
    d.refresh_from_db()
    assert d.statut == Dossier.Statut.COMPLEMENT_DEMANDE
    assert sections_modifiables(d) == {"budget", "gouvernance"}
    courriel = Courriel.objects.get(destinataire=d.cree_par.email)
    assert "Budget prévisionnel sur 3 ans" in courriel.texte and "20/05/2026" in courriel.texte
    with pytest.raises(ConflitEtat, match="un complément ne peut pas être demandé"):
        complement_demander(dossier=d, par=ivan, sections=["budget"], message="x", date_limite=date(2026, 5, 20))

    complement_repondre(demande=demande, par=d.cree_par, avant={"budget": "v1"}, apres={"budget": "v2"})
    d.refresh_from_db()
    demande.refresh_from_db()
    assert d.statut == Dossier.Statut.EN_INSTRUCTION
    assert demande.versions == {"avant": {"budget": "v1"}, "apres": {"budget": "v2"}}
    assert sections_modifiables(d) == set()
    assert Courriel.objects.filter(destinataire=ivan.email, cle=f"complement-repondu-{demande.pk}").exists()
    with pytest.raises(ConflitEtat):
        complement_repondre(demande=demande, par=d.cree_par)


def test_complement_mal_forme(contexte):
    d, ivan = contexte
    with pytest.raises(ErreurMetier, match="au moins une section"):
        complement_demander(dossier=d, par=ivan, sections=[], message="x", date_limite=date(2026, 5, 20))
    with pytest.raises(ErreurMetier, match="postérieure à aujourd'hui"):
        complement_demander(dossier=d, par=ivan, sections=["budget"], message="x", date_limite=date(2026, 5, 4))
    with pytest.raises(ErreurMetier, match="Section inconnue : budjet"):
        complement_demander(dossier=d, par=ivan, sections=["budjet"], message="x", date_limite=date(2026, 5, 20))


def test_annuler_remet_le_dossier_en_instruction(contexte):
    d, ivan = contexte
    demande = complement_demander(dossier=d, par=ivan, sections=["budget"], message="x", date_limite=date(2026, 5, 20))
    complement_annuler(demande=demande, par=ivan)
    d.refresh_from_db()
    assert d.statut == "en_instruction" and DemandeComplement.objects.get().statut == "annulee"


def test_page_demande_de_complement_garde_la_saisie(client, contexte):
    d, ivan = contexte
    client.login(email=ivan.email, password=MOT_DE_PASSE)
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    reponse = client.post(
        url,
        {
            "formulaire": "complement",
            "complement-sections": ["budget"],
            "complement-message": "Précisez le budget.",
            "complement-date_limite": (date(2026, 5, 4) - timedelta(days=1)).isoformat(),
        },
    )
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 400
    assert "La date limite de réponse doit être postérieure à aujourd'hui." in page and "Précisez le budget." in page
    reponse = client.post(
        url,
        {
            "formulaire": "complement",
            "complement-sections": ["budget"],
            "complement-message": "Précisez le budget.",
            "complement-date_limite": "2026-05-25",
        },
        follow=True,
    )
    assert "La demande de complément est envoyée au porteur." in html.unescape(reponse.content.decode())


def test_fil_de_messages(client, contexte):
    d, ivan = contexte
    message_envoyer(dossier=d, auteur=d.cree_par, texte="Bonjour, une question sur le budget.")
    assert Courriel.objects.filter(destinataire=ivan.email).exists()
    client.login(email=ivan.email, password=MOT_DE_PASSE)
    assert "1 message non lu" in client.get(reverse("candidatures:instruction")).content.decode()
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    assert "une question sur le budget" in client.get(url).content.decode()
    assert "message non lu" not in client.get(reverse("candidatures:instruction")).content.decode()
    assert Message.objects.get().lu_le is not None
    reponse = client.post(url, {"formulaire": "message", "message-texte": "Voici la réponse."}, follow=True)
    assert "Voici la réponse." in reponse.content.decode()
    assert Message.objects.filter(cote="equipe").count() == 1
    assert Courriel.objects.filter(destinataire=d.cree_par.email).exists()
