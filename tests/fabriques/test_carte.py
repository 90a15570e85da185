"""The map of France by région on the public directory: data file, counts, links, selection, SQL."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fabriques.carte import FICHIER, PALIERS, contours, palier
from fabriques.models import Label, Region, TiersLieu
from fabriques.selectors import fabriques_labellisees, regions_avec_comptes
from tests.fabriques import factories as fab

from .factories import fabrique

pytestmark = pytest.mark.django_db


class _Carte(HTMLParser):
    """Collect the région links of the map (``<a data-region>`` inside the SVG) and the SVG's attributes (unescaped)."""

    def __init__(self):
        super().__init__()
        self.liens: dict[str, dict] = {}
        self.svg: dict | None = None
        self.titres: list[str] = []
        self._dans: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "carte-regions__svg" in (attrs.get("class") or ""):
            self.svg = attrs
        elif tag == "a" and "data-region" in attrs:
            self.liens[attrs["data-region"]] = attrs
        elif tag in ("title", "desc", "caption") and self.svg is not None:
            self._dans = tag

    def handle_data(self, data):
        if self._dans:
            self.titres.append(f"{self._dans}:{data.strip()}")
            self._dans = None


def _carte(client, params=None) -> _Carte:
    reponse = client.get(reverse("fabriques:annuaire"), params or {})
    assert reponse.status_code == 200
    carte = _Carte()
    carte.feed(reponse.content.decode())
    return carte


@pytest.fixture
def reseau():
    """Three Fabriques in Auvergne-Rhône-Alpes, one in Corse, one numérique in Bretagne, one place without label."""
    return {
        "lyon": fabrique(nom="Fablab de Lyon", code_postal="69001", types_lieu=["fablab"]),
        "villeurbanne": fabrique(nom="Atelier Soieries", code_postal="69100", commune="Villeurbanne"),
        "grenoble": fabrique(nom="La Machinerie", code_postal="38000", commune="Grenoble", types_lieu=["fablab"]),
        "ajaccio": fabrique(nom="Casa di i Mestieri", code_postal="20000", commune="Ajaccio", types_lieu=["fablab"]),
        "rennes": fabrique(nom="Le Blosne numérique", code_postal="35200", commune="Rennes", label_type=Label.Type.NUMERIQUE),
        "sans_label": fab.tiers_lieu(nom="Pas encore labellisé", code_postal="20000"),
    }


# --- The data file --------------------------------------------------------------------------
def test_le_fichier_des_contours_couvre_exactement_les_18_regions_de_la_base():
    regions = dict(Region.objects.values_list("code", "outre_mer"))
    assert len(regions) == 18
    assert set(contours()["regions"]) == set(regions)
    for code, forme in contours()["regions"].items():
        assert forme["d"].startswith("M") and forme["d"].endswith("z"), code
        # Overseas régions, and only they, are drawn in an inset box.
        assert (forme["encart"] is not None) == regions[code], code


def test_le_fichier_des_contours_reste_petit_et_cite_sa_source():
    assert FICHIER.stat().st_size < 25_000
    assert "pygal_maps_fr" in contours()["source"] and "LGPL" in contours()["source"]
    assert (FICHIER.parent / "NOTICE-carte_regions.md").exists()
    assert (FICHIER.parent / "licences" / "LGPL-3.0.txt").exists()


@pytest.mark.parametrize(
    ("nombre", "classe"),
    [
        (0, "carte-palier-0"),
        (1, "carte-palier-1"),
        (5, "carte-palier-1"),
        (6, "carte-palier-2"),
        (10, "carte-palier-2"),
        (11, "carte-palier-3"),
        (20, "carte-palier-3"),
        (21, "carte-palier-4"),
        (300, "carte-palier-4"),
    ],
)
def test_chaque_nombre_tombe_dans_un_seul_palier_de_la_legende(nombre, classe):
    assert palier(nombre).classe == classe
    assert sum(p.contient(nombre) for p in PALIERS) == 1


# --- Counts ---------------------------------------------------------------------------------
def test_le_selecteur_compte_les_fabriques_labellisees_par_region_en_une_requete(reseau, django_assert_num_queries):
    with django_assert_num_queries(1):
        regions = regions_avec_comptes(selection=fabriques_labellisees(), perimetre_carte=fabriques_labellisees())
    nombres = {r.code: r.nombre_carte for r in regions}
    assert len(nombres) == 18
    attendus = {code: TiersLieu.objects.filter(region__code=code, labels__isnull=False).distinct().count() for code in nombres}
    assert nombres == attendus
    assert (nombres["84"], nombres["94"], nombres["53"], nombres["11"]) == (3, 1, 1, 0)


def test_chaque_region_de_la_carte_porte_son_nombre_dans_son_nom_accessible(client, reseau):
    carte = _carte(client)
    assert len(carte.liens) == 18
    noms = {code: lien["aria-label"] for code, lien in carte.liens.items()}
    assert noms["84"] == "Auvergne-Rhône-Alpes : 3 Fabriques"
    assert noms["94"] == "Corse : 1 Fabrique"
    assert noms["11"] == "Île-de-France : aucune Fabrique"
    assert "carte-palier-1" in carte.liens["84"]["class"] and "carte-palier-0" in carte.liens["11"]["class"]


def test_la_carte_est_un_groupe_nomme_et_decrit_avec_un_tableau_des_memes_nombres(client, reseau):
    carte = _carte(client)
    # A named group, not an image: role="img" would hide the région links from screen readers.
    assert carte.svg["role"] == "group"
    assert carte.svg["aria-labelledby"] == "carte-svg-titre carte-svg-desc"
    assert "title:Carte de France des Fabriques de territoire par région" in carte.titres
    assert any(t.startswith("desc:Chaque région est colorée") for t in carte.titres)
    html = client.get(reverse("fabriques:annuaire")).content.decode()
    assert "<caption>Nombre de Fabriques par région</caption>" in html
    assert 'data-region="Auvergne-Rhône-Alpes">3<' in html and 'data-region="Île-de-France">0<' in html


# --- Links and selection -----------------------------------------------------------------
def test_le_lien_d_une_region_filtre_l_annuaire_en_gardant_les_autres_filtres(client, reseau):
    carte = _carte(client, {"type_lieu": "fablab", "departement": "69", "page": "2"})
    lien = carte.liens["94"]["href"]
    assert lien == "/fabriques/annuaire/?type_lieu=fablab&region=94"
    html = client.get(lien).content.decode()
    assert 'id="total-fabriques">1<' in html
    assert f"/fabriques/annuaire/{reseau['ajaccio'].pk}/" in html
    assert f"/fabriques/annuaire/{reseau['lyon'].pk}/" not in html


def test_la_region_choisie_est_marquee_et_la_carte_garde_les_autres_regions(client, reseau):
    carte = _carte(client, {"region": "94"})
    choisies = [code for code, lien in carte.liens.items() if lien.get("aria-current") == "true"]
    assert choisies == ["94"]
    assert "carte-regions__region--choisie" in carte.liens["94"]["class"]
    # The map still counts every région, so that another one can be picked.
    assert carte.liens["84"]["aria-label"] == "Auvergne-Rhône-Alpes : 3 Fabriques"
    html = client.get(reverse("fabriques:annuaire"), {"region": "94"}).content.decode()
    assert "revenir à toutes les régions" in html
    assert 'id="total-fabriques">1<' in html


def test_sans_region_ou_avec_une_region_inconnue_aucune_n_est_marquee(client, reseau):
    for params in ({}, {"region": "99"}):
        carte = _carte(client, params)
        assert not [lien for lien in carte.liens.values() if "aria-current" in lien]
        assert len(carte.liens) == 18


def test_la_carte_suit_les_autres_filtres(client, reseau):
    carte = _carte(client, {"label": "numerique"})
    assert carte.liens["53"]["aria-label"] == "Bretagne : 1 Fabrique"
    assert carte.liens["84"]["aria-label"] == "Auvergne-Rhône-Alpes : aucune Fabrique"


# --- SQL --------------------------------------------------------------------------------------
def _requetes(client, params) -> int:
    client.get(reverse("fabriques:annuaire"), params)  # warm-up
    with CaptureQueriesContext(connection) as requetes:
        client.get(reverse("fabriques:annuaire"), params)
    return len(requetes)


@pytest.mark.parametrize("params", [{}, {"region": "84"}, {"region": "84", "type_lieu": "fablab"}, {"departement": "69"}])
def test_la_carte_ne_change_pas_le_nombre_de_requetes_quel_que_soit_le_nombre_de_fabriques(client, params):
    fabrique(code_postal="69001", types_lieu=["fablab"])  # never an empty page: it would save the page's query
    petit = _requetes(client, params)
    for i in range(30):
        fabrique(code_postal=["69001", "20000", "75011", "97400", "35000"][i % 5], types_lieu=["fablab"])
    assert _requetes(client, params) == petit
    assert petit <= 5
