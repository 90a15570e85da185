"""The directory in a real browser (system Chromium): the published network, grouped by région."""
from pathlib import Path

import pytest

from fabriques.services import fabriques_publiees_importer

DONNEES = Path(__file__).resolve().parents[2] / "fabriques" / "data"

# The live server needs a transactional database; tests/conftest.py puts the régions and
# départements back after its flush.
pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_l_annuaire_liste_les_fabriques_importees_par_region_avec_leurs_comptes(live_server, page):
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/fabriques/annuaire/")
    assert page.locator("#total-fabriques").inner_text() == "170"
    comptes = dict(
        zip(page.locator(".compte-region").evaluate_all("els => els.map(e => e.dataset.region)"),
            page.locator(".compte-region").all_inner_texts(), strict=True)
    )
    assert comptes["Auvergne-Rhône-Alpes"] == "23"
    assert comptes["Occitanie"] == "21"
    assert comptes["Corse"] == "1"
    assert sum(int(n) for n in comptes.values()) == 170
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
