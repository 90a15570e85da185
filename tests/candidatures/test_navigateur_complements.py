"""In Chromium: a porteur answers a request for complements and writes to the instructing team."""

import datetime as dt
import re

import pytest

from candidatures.models import Dossier, Message
from candidatures.services.echanges import complement_demander, message_envoyer
from commun.temps import aujourdhui_paris, maintenant
from comptes.roles import Role
from tests.conftest import MOT_DE_PASSE, creer_utilisateur
from tests.navigateur import connecter, verifier_accessibilite

from . import factories as fc
from . import factories_instruction as fi

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexte(transactional_db):
    porteur = creer_utilisateur("porteuse.complement@exemple.fr", Role.PORTEUR, first_name="Paula")
    ivan = fi.instructeur("ivan.nav@anct.example.fr", national=True)
    aujourdhui = aujourdhui_paris()
    vague = fc.vague(numero=8, ouverture=aujourdhui - dt.timedelta(days=40), limite=aujourdhui + dt.timedelta(days=20))
    dossier = fc.completer(fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="La Canopée")), porteur)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut=Dossier.Statut.EN_INSTRUCTION, numero="FDT-NAV-00001", depose_le=maintenant(), depose_par=porteur
    )
    dossier.refresh_from_db()
    fi.affecter(dossier, ivan)
    complement_demander(
        dossier=dossier,
        par=ivan,
        sections=["gouvernance"],
        message="Décrivez les instances.",
        date_limite=aujourdhui + dt.timedelta(days=10),
    )
    message_envoyer(dossier=dossier, auteur=ivan, texte="Combien d'adhérents ?")
    return {"porteur": porteur, "dossier": dossier}


def test_repondre_a_un_complement_et_ecrire(page, live_server, contexte):
    base, dossier = live_server.url, contexte["dossier"]
    page.set_viewport_size({"width": 375, "height": 800})
    connecter(page, base, contexte["porteur"].email, MOT_DE_PASSE)
    page.goto(f"{base}/candidatures/mes-dossiers/")
    assert page.get_by_text("Compléments demandés par l'équipe d'instruction").is_visible()
    page.get_by_role("link", name=re.compile("FDT-NAV-00001 — La Canopée")).first.click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/"))
    verifier_accessibilite(page)
    page.locator("#demande-complement").get_by_role("link", name="Critère 3 — Gouvernance").click()
    page.fill("[name=instances]", "Conseil collégial de douze membres.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(re.compile(r"enregistre=gouvernance"))
    verifier_accessibilite(page)
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/")
    page.get_by_role("button", name="Renvoyer les compléments").click()
    assert page.get_by_text("Vos compléments sont transmis").is_visible()
    page.fill("[name=texte]", "Nous avons 240 adhérents.")
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.get_by_text("Message envoyé à l'équipe d'instruction.").is_visible()
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.EN_INSTRUCTION
    assert dossier.section("gouvernance")["instances"] == "Conseil collégial de douze membres."
    assert Message.objects.filter(cote=Message.Cote.PORTEUR, texte="Nous avons 240 adhérents.").exists()
