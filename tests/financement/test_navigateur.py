"""In a real browser on a phone-sized screen: an administrateur adjusts a schedule, sees the rule he
broke next to the field, corrects it, and the new amounts show."""
import pytest

from financement.services import subvention_proposer
from tests.conftest import MOT_DE_PASSE

from .factories import DossierFactory


@pytest.mark.navigateur
def test_ajuster_un_echeancier_sur_telephone(page, live_server, administrateur):
    subvention = subvention_proposer(dossier=DossierFactory(), par=administrateur)
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


def _sans_violation_grave(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url} : {violations}"
