"""The shell in a real browser: accessible (axe-core), keyboard-first, usable on a phone."""

import pytest
from playwright.sync_api import expect

from tests.conftest import MOT_DE_PASSE
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "chemin",
    ["/", "/compte/login/", "/compte/signup/", "/accessibilite/", "/mentions-legales/", "/page-inconnue/", "/api/", "/etat-du-service/"],
)
@pytest.mark.parametrize("largeur", [1280, 375])
def test_pages_publiques_sans_violation_grave(page, live_server, chemin, largeur):
    page.set_viewport_size({"width": largeur, "height": 800})
    page.goto(f"{live_server.url}{chemin}")
    verifier_accessibilite(page)


def test_lien_d_evitement_premier_au_clavier(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focus = page.evaluate("document.activeElement.textContent.trim()")
    assert focus == "Contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


def test_formulaire_invalide_resume_des_erreurs_avec_liens(page, live_server):
    page.goto(live_server.url + "/compte/signup/")
    page.get_by_label("Courriel").fill("pas-une-adresse")
    page.get_by_role("button", name="Créer un compte").click()
    resume = page.locator("[role=alert]").first
    assert "erreur" in resume.inner_text()
    lien = resume.locator("a").first
    cible = lien.get_attribute("href")
    assert page.locator(cible).count() == 1
    # The field's error is tied to it for screen readers.
    assert "erreurs" in (page.locator("#id_email").get_attribute("aria-describedby") or "")
    verifier_accessibilite(page)


def test_accueil_sur_telephone_et_connexion_administrateur(page, live_server, administrateur):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    capturer(page, "accueil-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    capturer(page, "accueil")
    connecter(page, live_server.url, administrateur.email, MOT_DE_PASSE)
    menu = page.get_by_role("navigation", name="Menu principal")
    # The administrateur's occasional pages sit behind « Administration »: the bar holds on one line.
    assert menu.get_by_role("link", name="Invitations").count() == 0
    hauteurs = {round(b["y"]) for b in (e.bounding_box() for e in menu.locator(".fr-nav__item").all())}
    assert len(hauteurs) == 1, hauteurs
    bouton = menu.get_by_role("button", name="Administration")
    page.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")  # the DSFR script is ready
    bouton.focus()
    page.keyboard.press("Enter")
    expect(bouton).to_have_attribute("aria-expanded", "true")
    lien = menu.get_by_role("link", name="Invitations")
    expect(lien).to_be_visible()
    lien.click()
    page.wait_for_load_state()
    assert page.url.endswith("/mon-compte/inviter/")
    capturer(page, "navigation-administration")
