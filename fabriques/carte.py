"""The map of France by région on the public directory: outlines, count buckets, links and legend.

The outlines come from ``data/carte_regions.json`` (made once by ``scripts/carte_regions.py``, see
``data/NOTICE-carte_regions.md``): nothing is fetched at run time. Counts come from
``selectors.regions_avec_comptes``; this module only lays them out for the template.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.http import QueryDict
from django.urls import reverse

from .models import Region, texte_sans_accents

FICHIER = Path(__file__).resolve().parent / "data" / "carte_regions.json"

# Filters dropped from a région's link: the région replaces the territory, and the list starts again.
_PARAMETRES_REMPLACES = ("region", "departement", "page")


@dataclass(frozen=True)
class Palier:
    """A class of the legend: the régions whose count lies between ``minimum`` and ``maximum``."""

    classe: str
    libelle: str
    minimum: int
    maximum: int | None

    def contient(self, nombre: int) -> bool:
        return nombre >= self.minimum and (self.maximum is None or nombre <= self.maximum)


# Sized for the programme's scale (about 300 Fabriques over 18 régions, 17 on average): with finer
# classes at the bottom, half of the map would share the darkest colour.
PALIERS = (
    Palier("carte-palier-0", "Aucune Fabrique", 0, 0),
    Palier("carte-palier-1", "1 à 5 Fabriques", 1, 5),
    Palier("carte-palier-2", "6 à 10 Fabriques", 6, 10),
    Palier("carte-palier-3", "11 à 20 Fabriques", 11, 20),
    Palier("carte-palier-4", "Plus de 20 Fabriques", 21, None),
)


@dataclass(frozen=True)
class Encart:
    x: int
    y: int
    largeur: int
    hauteur: int


@dataclass(frozen=True)
class RegionCarte:
    code: str
    nom: str
    nombre: int
    chemin: str
    etiquette_x: int
    etiquette_y: int
    palier: Palier
    url: str
    selectionnee: bool
    encart: Encart | None

    @property
    def nom_accessible(self) -> str:
        """« Occitanie : 12 Fabriques », the name a screen reader gives the link."""
        return f"{self.nom} : {libelle_nombre(self.nombre)}"


def libelle_nombre(nombre: int) -> str:
    if nombre == 0:
        return "aucune Fabrique"
    return f"{nombre} Fabrique{'s' if nombre > 1 else ''}"


def palier(nombre: int) -> Palier:
    return next(p for p in PALIERS if p.contient(nombre))


@cache
def contours() -> dict:
    """Return the shipped outlines (read once per process)."""
    return json.loads(FICHIER.read_text(encoding="utf-8"))


def url_region(parametres: QueryDict, code: str) -> str:
    """Return the directory URL for région ``code``, keeping the other filters (text, kind, label…)."""
    gardes = parametres.copy()
    for nom in _PARAMETRES_REMPLACES:
        gardes.pop(nom, None)
    gardes["region"] = code
    return f"{reverse('fabriques:annuaire')}?{gardes.urlencode()}"


def url_toutes_regions(parametres: QueryDict) -> str:
    gardes = parametres.copy()
    for nom in _PARAMETRES_REMPLACES:
        gardes.pop(nom, None)
    requete = gardes.urlencode()
    return reverse("fabriques:annuaire") + (f"?{requete}" if requete else "")


def carte_regions(*, regions: list[Region], parametres: QueryDict, region_selectionnee: str | None) -> dict:
    """Return the template context of the map: one entry per région (``nombre_carte`` annotated), the legend.

    Régions of the database without an outline in the data file are left off the map but stay in
    the table; the tests check that the file covers exactly the régions of the database.
    """
    donnees = contours()
    lignes = []
    for region in regions:
        forme = donnees["regions"].get(region.code)
        if forme is None:
            continue
        nombre = region.nombre_carte
        lignes.append(
            RegionCarte(
                code=region.code,
                nom=region.nom,
                nombre=nombre,
                chemin=forme["d"],
                etiquette_x=forme["etiquette"][0],
                etiquette_y=forme["etiquette"][1],
                palier=palier(nombre),
                url=url_region(parametres, region.code),
                selectionnee=region.code == region_selectionnee,
                encart=Encart(**forme["encart"]) if forme["encart"] else None,
            )
        )
    # The selected région is drawn last, so that its outline is not hidden by its neighbours.
    lignes.sort(key=lambda r: r.selectionnee)
    return {
        "largeur": donnees["largeur"],
        "hauteur": donnees["hauteur"],
        "regions": lignes,
        "tableau": sorted(lignes, key=lambda r: (r.encart is not None, texte_sans_accents(r.nom))),
        "paliers": PALIERS,
        "total": sum(r.nombre for r in lignes),
        "selection": next((r for r in lignes if r.selectionnee), None),
        "url_toutes_regions": url_toutes_regions(parametres),
    }
