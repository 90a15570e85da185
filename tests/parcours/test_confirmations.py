"""In Chromium, with the keyboard alone: the confirmation pages of the actions that cannot be undone
or are unusual — closing a wave before its deadline (a reason, the drafts' managers told), notifying a
grant above the amount asked, marking a payment « versé » before its planned date. Each page passes
the axe-core audit and is kept as a screenshot. (Submitting a review and publishing the results go
through theirs in the instructeur's and administrateur's journeys.)"""

import datetime as dt
from decimal import Decimal

import pytest

from candidatures.models import Dossier, Vague
from commun.models import Courriel, EntreeJournal
from commun.temps import aujourdhui_paris
from financement.models import Subvention, Versement
from financement.services import (
    subvention_ajuster,
    subvention_proposer,
    subvention_signer_convention,
    versement_changer_statut,
)
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.conftest import MOT_DE_PASSE
from tests.financement.factories import dossier_de
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]
MOTIF = "Enveloppe de l'année épuisée : décision du comité de pilotage."


def _tabuler_jusqua(page, selecteur: str, essais: int = 60) -> None:
    """Press Tab until the element matching ``selecteur`` has the focus (the keyboard's own path)."""
    for _ in range(essais):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selecteur):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selecteur} jamais atteint au clavier")


def _entree(page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_cloturer_une_vague_avant_sa_date_limite_au_clavier(page, live_server, administrateur, porteur):
    base = live_server.url
    aujourdhui = aujourdhui_paris()
    vague = fc.vague(numero=41, ouverture=aujourdhui - dt.timedelta(days=30), limite=aujourdhui + dt.timedelta(days=26))
    fi.dossier(vague_=vague, statut=Dossier.Statut.DEPOSE)
    brouillon = fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Le Retardataire"))

    connecter(page, base, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{base}/candidatures/vagues/")
    verifier_accessibilite(page)
    assert page.get_by_role("button", name="Passer à « Clôturée » (vague 41)").count() == 0  # no more one-click closing
    page.get_by_role("link", name="Clôturer avant la date limite… (vague 41)").focus()
    _entree(page)
    assert page.locator("h1").inner_text() == "Clôturer la vague 41 avant sa date limite"
    effets = page.inner_text("#effets-confirmation")
    assert "1 brouillon ne pourra plus être déposé" in effets and "1 courriel partira vers 1 porteur" in effets
    assert "1 dossier déposé passe en instruction" in effets
    verifier_accessibilite(page)
    capturer(page, "confirmation-cloture-anticipee")

    # Without a reason: nothing is done, the error says what is missing.
    _tabuler_jusqua(page, "main form button[type=submit]")
    _entree(page)
    assert "Indiquez le motif" in page.inner_text("main")
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.OUVERTE
    verifier_accessibilite(page)
    page.goto(f"{base}/candidatures/vagues/{vague.pk}/cloturer-avant-la-date-limite/")
    _tabuler_jusqua(page, "#id_motif")
    page.keyboard.type(MOTIF)
    _tabuler_jusqua(page, "main form button[type=submit]")
    _entree(page)
    assert "Les porteurs des brouillons sont prévenus" in page.inner_text("#messages")
    assert Vague.objects.get(pk=vague.pk).cloturee_par_anticipation
    assert EntreeJournal.objects.filter(action="vague.cloturee_par_anticipation", donnees__motif=MOTIF).exists()
    courriel = Courriel.objects.get(destinataire=porteur.email)
    assert MOTIF in courriel.texte and "avant sa date limite" in courriel.sujet

    # The porteur's draft now tells the truth: closed early, not « 26 jours restants ».
    page.context.clear_cookies()
    connecter(page, base, porteur.email, MOT_DE_PASSE)
    page.goto(f"{base}/candidatures/dossiers/{brouillon.pk}/")
    entete = page.inner_text("#cloture-anticipee")
    assert "clôturée par anticipation" in entete and "jours restants" not in page.inner_text("main")
    verifier_accessibilite(page)


def test_notifier_au_dela_de_la_demande_puis_verser_avant_la_date_au_clavier(page, live_server, administrateur, porteur):
    base = live_server.url
    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    subvention_ajuster(
        subvention=subvention,
        par=administrateur,
        montants={"annee_1": Decimal("50000"), "annee_2": Decimal("50000"), "annee_3": Decimal("40000"), "bonus": False},
    )

    connecter(page, base, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{base}/financement/subventions/{subvention.pk}/")
    page.get_by_role("link", name="Notifier le lauréat (lettre par courriel)…").focus()
    _entree(page)
    assert "dépasse de 20 000,00" in page.inner_text("#avertissement-confirmation")
    assert "1 gestionnaire du tiers-lieu" in page.inner_text("#effets-confirmation")
    verifier_accessibilite(page)
    capturer(page, "confirmation-notification-au-dela")
    # The box is not ticked: refused, nothing sent.
    _tabuler_jusqua(page, "main form button[type=submit]")
    _entree(page)
    assert "Cochez la case" in page.inner_text("#erreur-confirmation")
    assert Subvention.objects.get(pk=subvention.pk).statut == Subvention.Statut.PROPOSEE
    _tabuler_jusqua(page, "#confirme")
    page.keyboard.press("Space")
    _tabuler_jusqua(page, "main form button[type=submit]")
    _entree(page)
    assert "La subvention est notifiée" in page.inner_text("#messages")
    assert Subvention.objects.get(pk=subvention.pk).statut == Subvention.Statut.NOTIFIEE

    # A payment planned in 16 days, marked « versé » today: a warning and an explicit confirmation.
    subvention_signer_convention(subvention=subvention, date_signature=aujourdhui_paris(), par=administrateur)
    versement = Versement.objects.get(tranche__subvention=subvention, tranche__annee=1)
    for statut in (Versement.Statut.DEMANDE, Versement.Statut.MANDATE):
        versement = versement_changer_statut(versement=versement, statut=statut, par=administrateur)
    Versement.objects.filter(pk=versement.pk).update(date_prevue=aujourdhui_paris() + dt.timedelta(days=16))
    page.goto(f"{base}/financement/subventions/{subvention.pk}/")
    page.get_by_role("button", name="Passer à « versé »").focus()
    _entree(page)
    assert "16 jours avant sa date prévue" in page.inner_text("#avertissement-confirmation")
    verifier_accessibilite(page)
    capturer(page, "confirmation-versement-anticipe")
    _tabuler_jusqua(page, "#confirme")
    page.keyboard.press("Space")
    _tabuler_jusqua(page, "main form button[type=submit]")
    _entree(page)
    versement.refresh_from_db()
    assert versement.statut == Versement.Statut.VERSE and versement.date_versement == aujourdhui_paris()


def test_sur_telephone_la_page_de_confirmation_reste_lisible(page, live_server, administrateur):
    subvention = subvention_proposer(dossier=dossier_de(fi.porteur_demo()), par=administrateur)
    page.set_viewport_size({"width": 375, "height": 800})
    connecter(page, live_server.url, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/financement/subventions/{subvention.pk}/notifier/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    verifier_accessibilite(page)
