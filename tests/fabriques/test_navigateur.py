"""The directory in a real browser (system Chromium): the published network, grouped by région."""

from pathlib import Path

import pytest

from fabriques.services import fabriques_publiees_importer
from tests.navigateur import CAPTURES, verifier_accessibilite

DONNEES = Path(__file__).resolve().parents[2] / "fabriques" / "data"

# The live server needs a transactional database; tests/conftest.py puts the régions and
# départements back after its flush.
pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_l_annuaire_liste_les_fabriques_importees_par_region_avec_leurs_comptes(live_server, page):
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/fabriques/annuaire/")
    assert page.locator("#total-fabriques").inner_text() == "171"
    comptes = dict(
        zip(
            page.locator(".compte-region").evaluate_all("els => els.map(e => e.dataset.region)"),
            page.locator(".compte-region").all_inner_texts(),
            strict=True,
        )
    )
    assert comptes["Auvergne-Rhône-Alpes"] == "23"
    assert comptes["Occitanie"] == "21"
    assert comptes["Corse"] == "1"
    assert sum(int(n) for n in comptes.values()) == 171
    premier = page.locator("section.groupe-region").first
    assert premier.locator("h2").inner_text().startswith("Auvergne-Rhône-Alpes")
    assert "23 FABRIQUES" in premier.locator("h2").inner_text().upper()

    page.select_option("#id_region", label="Corse")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(lambda url: "region=94" in url)
    assert page.locator("#total-fabriques").inner_text() == "1"
    page.get_by_role("link", name="Université de Corse Pascal Paoli").click()
    assert page.locator("h1").inner_text() == "Université de Corse Pascal Paoli"
    assert "2B - Haute-Corse" in page.content()


def _sans_defilement_horizontal(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_la_carte_des_regions_se_parcourt_au_clavier_et_filtre_l_annuaire(live_server, page):
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fabriques/annuaire/")
    verifier_accessibilite(page)
    occitanie = page.get_by_role("link", name="Occitanie : 21 Fabriques")
    assert occitanie.count() == 1  # the map's link (the table's link is named « Occitanie »)

    # Tab from the link that precedes the map until the focus reaches a région of the map.
    page.get_by_role("link", name="Aller directement à la liste des Fabriques").focus()
    nom = ""
    for _ in range(30):
        page.keyboard.press("Tab")
        nom = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if " : " in nom:
            break
    assert " : " in nom, "aucune région de la carte n'est atteinte au clavier"
    # The focus is visible: the région's outline takes the focus blue.
    trait = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).stroke")
    assert trait == "rgb(10, 118, 246)"
    region = nom.split(" : ")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "region=" in url)
    assert page.locator("section.groupe-region h2").first.inner_text().startswith(region)
    assert page.locator("a[aria-current='true'][data-region]").get_attribute("aria-label").startswith(region)

    page.goto(f"{live_server.url}/fabriques/annuaire/?region=76")
    verifier_accessibilite(page)
    assert page.locator("#total-fabriques").inner_text() == "21"
    capturer_carte(page, "annuaire-carte")


def test_la_carte_tient_sur_un_telephone_de_375_pixels(live_server, page):
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/fabriques/annuaire/?region=84")
    assert _sans_defilement_horizontal(page)
    carte = page.locator(".carte-regions__svg").bounding_box()
    tableau = page.locator(".carte-regions__tableau").bounding_box()
    assert carte["width"] <= 375 and carte["height"] > 200
    assert tableau["y"] >= carte["y"] + carte["height"]  # the map above the table
    verifier_accessibilite(page)
    capturer_carte(page, "annuaire-carte-mobile")


def capturer_carte(page, nom: str) -> None:
    """Keep a screenshot of the map and its table only, for the README (the whole page: annuaire-public.png)."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.locator(".carte-regions").screenshot(path=str(CAPTURES / f"{nom}.png"))
