"""In Chromium: whatever the place of a form on the page, after a refused submission its error
summary is what the page shows and focuses, with links that lead to the fields."""

import pytest

from tests.candidatures import factories_instruction as fi
from tests.conftest import MOT_DE_PASSE
from tests.navigateur import connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _resume_focalise_et_visible(page, ident: str) -> None:
    assert page.evaluate("document.activeElement.id") == ident
    boite = page.locator(f"#{ident}").bounding_box()
    assert -1 <= boite["y"] < page.viewport_size["height"] / 2, boite  # at the top of the window, not 3 000 px below


@pytest.mark.parametrize("largeur", [1280, 375])
def test_erreurs_des_formulaires_bas_de_page_de_l_instructeur(page, live_server, largeur):
    page.set_viewport_size({"width": largeur, "height": 800})
    dossier = fi.dossier(fi.vague())
    ivan = fi.instructeur("ivan.erreurs@anct.example.fr", regions=["84"])
    fi.affecter(dossier, ivan)
    connecter(page, live_server.url, ivan.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/candidatures/instruction/dossiers/{dossier.pk}/")

    # The message form, at the foot of a long page: sent empty.
    page.click("form:has(input[value=message]) button[type=submit]")
    page.wait_for_load_state()
    _resume_focalise_et_visible(page, "message-resume-erreurs")
    assert "Votre message au porteur : Ce champ est obligatoire." in page.inner_text("#message-resume-erreurs")
    verifier_accessibilite(page)
    # Its link leads to the field, keyboard only.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_message-texte"

    # The complement request, in its folded box: sent without any section.
    page.goto(f"{live_server.url}/candidatures/instruction/dossiers/{dossier.pk}/")
    page.click("summary:has-text('Demander un complément au porteur')")
    page.click("form:has(input[value=complement]) button[type=submit]")
    page.wait_for_load_state()
    _resume_focalise_et_visible(page, "complement-resume-erreurs")
