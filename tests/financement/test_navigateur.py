"""In a real browser on a phone-sized screen: an administrateur adjusts a schedule, sees the rule he
broke next to the field, corrects it, and the new amounts show."""

import datetime as dt

import pytest

from financement.models import Versement
from financement.services import subvention_notifier, subvention_proposer, subvention_signer_convention
from tests.conftest import MOT_DE_PASSE
from tests.financement import factories as ff


@pytest.mark.navigateur
def test_ajuster_un_echeancier_sur_telephone(page, live_server, administrateur):
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/compte/login/")
    page.fill("input[name=login]", administrateur.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/financement/subventions/{subvention.pk}/")
    _sans_violation_grave(page)
    page.fill("#id_annee_2", "50 000,01")
    page.get_by_role("button", name="Enregistrer l'échéancier").click()
    erreur = page.locator("#id_annee_2-erreurs")
    assert "L'année 2 dépasse le plafond annuel de 50 000,00 € de 0,01 €." in erreur.inner_text()
    assert page.input_value("#id_annee_2") == "50 000,01"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_annee_2", "45 000")
    page.get_by_role("button", name="Enregistrer l'échéancier").click()
    assert "L'échéancier est ajusté" in page.locator("#messages").inner_text()
    assert "45\xa0000,00\xa0€" in page.locator("#echeancier").inner_text()
    page.goto(f"{live_server.url}/financement/")
    _sans_violation_grave(page)


@pytest.mark.navigateur
def test_suspendre_un_versement_sur_telephone(page, live_server, administrateur):
    """The suspension, rarer than moving a payment on, stays folded until asked for; its reason is required."""
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/compte/login/")
    page.fill("input[name=login]", administrateur.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/financement/subventions/{subvention.pk}/")
    annee_1 = Versement.objects.get(tranche__subvention=subvention, tranche__annee=1)
    motif = page.locator(f"#motif-{annee_1.pk}")
    assert not motif.is_visible()
    page.locator("summary", has_text="Suspendre ce versement").first.click()
    assert motif.is_visible()
    page.get_by_role("button", name="Passer à « suspendu »").first.click()
    assert Versement.objects.get(pk=annee_1.pk).statut == "prevu"  # the browser asks for the reason first
    motif.fill("RIB de la structure à mettre à jour")
    page.get_by_role("button", name="Passer à « suspendu »").first.click()
    assert "Versement année 1 : suspendu." in page.locator("#messages").inner_text()
    assert "RIB de la structure à mettre à jour" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _sans_violation_grave(page)


def _sans_violation_grave(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url} : {violations}"
