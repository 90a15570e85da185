"""Build fabriques/data/carte_regions.json: simplified outlines of the 18 régions (dev-time only).

Source: the SVG map of the French régions shipped by the Python package ``pygal_maps_fr`` 1.1.0
(Kozea, https://github.com/Kozea/pygal_maps_fr, file ``pygal_maps_fr/fr.regions.svg``), under the
GNU Lesser General Public License v3 or later. The package predates the 2016 reform: it has the
22 old metropolitan régions. Since each new région is a union of whole old régions, the old shapes
are merged (shapely ``unary_union``) into the 13 current ones, then simplified along shared edges
(``coverage_simplify``, so that neighbours keep one common border without gaps). The five overseas
régions are drawn as insets in a column on the left, as on the official maps; Saint-Pierre-et-Miquelon
(not a région) is left out.

The portal never runs this script and never downloads anything: it reads the committed JSON.
To regenerate (the tools go into a throw-away environment, not into requirements*.txt):

    python3 -m venv /tmp/outils-carte
    /tmp/outils-carte/bin/pip install pygal_maps_fr==1.1.0 shapely==2.2.0 svgelements==1.9.6
    /tmp/outils-carte/bin/python scripts/carte_regions.py

The output is deterministic: the same source gives the same file.
"""

import json
from pathlib import Path

import pygal_maps_fr
import shapely
import shapely.ops
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon
from svgelements import SVG, Close, CubicBezier, Group, Line, Move, QuadraticBezier
from svgelements import Path as SvgPath

SOURCE = Path(pygal_maps_fr.__file__).with_name("fr.regions.svg")
SORTIE = Path(__file__).resolve().parents[1] / "fabriques" / "data" / "carte_regions.json"

# Old (pre-2016) INSEE code of the source → current INSEE code of the région (Code officiel géographique).
NOUVELLE_REGION = {
    "11": "11",  # Île-de-France
    "24": "24",  # Centre → Centre-Val de Loire
    "26": "27",
    "43": "27",  # Bourgogne, Franche-Comté → Bourgogne-Franche-Comté
    "23": "28",
    "25": "28",  # Haute- et Basse-Normandie → Normandie
    "22": "32",
    "31": "32",  # Picardie, Nord-Pas-de-Calais → Hauts-de-France
    "21": "44",
    "41": "44",
    "42": "44",  # Champagne-Ardenne, Lorraine, Alsace → Grand Est
    "52": "52",  # Pays de la Loire
    "53": "53",  # Bretagne
    "54": "75",
    "72": "75",
    "74": "75",  # Poitou-Charentes, Aquitaine, Limousin → Nouvelle-Aquitaine
    "73": "76",
    "91": "76",  # Midi-Pyrénées, Languedoc-Roussillon → Occitanie
    "82": "84",
    "83": "84",  # Rhône-Alpes, Auvergne → Auvergne-Rhône-Alpes
    "93": "93",  # Provence-Alpes-Côte d'Azur
    "94": "94",  # Corse
    "01": "01",
    "02": "02",
    "03": "03",
    "04": "04",
    "06": "06",  # overseas: unchanged
}
OUTRE_MER = ["01", "02", "03", "04", "06"]  # order of the insets, top to bottom

# Layout, in map units (the SVG viewBox).
MARGE = 10
HAUTEUR_METROPOLE = 900
ENCART = 160  # side of an inset box
ECART = 15  # between the inset column and the mainland, and between insets
TOLERANCE = 1.6  # simplification, in map units (≈ 1 km per 0.55 unit at this scale)
POINTS_PAR_COURBE = 4


def _polygones(chemin: SvgPath) -> list[Polygon]:
    """Return one polygon per closed subpath (Bézier curves sampled into a few points)."""
    polygones, points = [], []

    def fermer():
        if len(points) >= 3:
            polygones.append(shapely.make_valid(Polygon(points)))
        points.clear()

    for segment in chemin.segments():
        if isinstance(segment, Move):
            fermer()
            points.append((segment.end.x, segment.end.y))
        elif isinstance(segment, Close):
            fermer()
        elif isinstance(segment, Line):
            points.append((segment.end.x, segment.end.y))
        elif isinstance(segment, CubicBezier | QuadraticBezier):
            for i in range(1, POINTS_PAR_COURBE + 1):
                p = segment.point(i / POINTS_PAR_COURBE)
                points.append((p.x, p.y))
        else:  # arcs: none in the source, keep the end point if ever
            points.append((segment.end.x, segment.end.y))
    fermer()
    return polygones


def formes_source() -> dict[str, list]:
    """Return the geometries of the source by current région code (old régions not yet merged)."""
    formes: dict[str, list] = {}
    for element in SVG.parse(str(SOURCE)).elements():
        if not isinstance(element, Group):
            continue
        classes = (element.values.get("class") or "").split()
        code = next((c[1:] for c in classes if c.startswith("a") and c[1:].isdigit()), None)
        if code not in NOUVELLE_REGION:
            continue  # Saint-Pierre-et-Miquelon, or not a région
        for enfant in element.select():
            if isinstance(enfant, SvgPath):
                formes.setdefault(NOUVELLE_REGION[code], []).extend(_polygones(enfant))
    return formes


def fusionner(polygones: list) -> MultiPolygon | Polygon:
    """Merge the old régions: a tiny closing (buffer out, then in) removes the slivers between them."""
    union = shapely.unary_union(polygones)
    return union.buffer(0.6, join_style="mitre").buffer(-0.6, join_style="mitre")


def _ajuster(geometrie, cadre: tuple[float, float, float, float]):
    """Scale ``geometrie`` uniformly and centre it in ``cadre`` (x, y, width, height)."""
    x0, y0, x1, y1 = geometrie.bounds
    x, y, largeur, hauteur = cadre
    echelle = min(largeur / (x1 - x0), hauteur / (y1 - y0))
    g = affinity.scale(geometrie, echelle, echelle, origin=(x0, y0))
    g = affinity.translate(g, x - x0 + (largeur - (x1 - x0) * echelle) / 2, y - y0 + (hauteur - (y1 - y0) * echelle) / 2)
    return g


def _anneau(coords) -> str:
    """Write a ring as « M x y l dx dy … z » with integers: relative moves keep the file small."""
    points = [(round(x), round(y)) for x, y in coords[:-1]]
    dedoublonnes = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(dedoublonnes) < 3:
        return ""
    (x, y), morceaux = dedoublonnes[0], []
    for nx, ny in dedoublonnes[1:]:
        morceaux.append(f"{nx - x} {ny - y}")
        x, y = nx, ny
    return f"M{dedoublonnes[0][0]} {dedoublonnes[0][1]}l" + " ".join(morceaux) + "z"


def chemin_svg(geometrie) -> str:
    polygones = geometrie.geoms if hasattr(geometrie, "geoms") else [geometrie]
    anneaux = []
    for p in polygones:
        if p.is_empty:
            continue
        anneaux.append(_anneau(list(p.exterior.coords)))
        anneaux.extend(_anneau(list(i.coords)) for i in p.interiors)
    return "".join(a for a in anneaux if a)


def _sans_ilots(geometrie, aire_min: float):
    """Drop the islets smaller than ``aire_min`` (invisible once simplified, costly in bytes)."""
    if not hasattr(geometrie, "geoms"):
        return geometrie
    gardes = [p for p in geometrie.geoms if p.area >= aire_min] or [max(geometrie.geoms, key=lambda p: p.area)]
    return MultiPolygon(gardes) if len(gardes) > 1 else gardes[0]


def etiquette(geometrie) -> list[int]:
    """Return where to write the count: the pole of inaccessibility of the largest part."""
    partie = max(geometrie.geoms, key=lambda p: p.area) if hasattr(geometrie, "geoms") else geometrie
    point = shapely.ops.polylabel(partie, tolerance=1)
    return [round(point.x), round(point.y)]


def construire() -> dict:
    formes = {code: fusionner(polys) for code, polys in formes_source().items()}
    metropole_codes = sorted(c for c in formes if c not in OUTRE_MER)

    # Mainland (with Corsica where the source puts it), right of the inset column.
    ensemble = shapely.unary_union([formes[c] for c in metropole_codes])
    x0, y0, x1, y1 = ensemble.bounds
    echelle = HAUTEUR_METROPOLE / (y1 - y0)
    gauche = MARGE + ENCART + ECART
    metropole = {}
    for code in metropole_codes:
        g = affinity.scale(formes[code], echelle, echelle, origin=(x0, y0))
        metropole[code] = _sans_ilots(affinity.translate(g, gauche - x0, MARGE - y0), aire_min=12)
    # One simplification of the whole coverage: shared borders stay shared.
    codes = list(metropole)
    simplifiees = shapely.coverage_simplify([metropole[c] for c in codes], TOLERANCE)
    regions = {code: {"d": chemin_svg(g), "etiquette": etiquette(g), "encart": None} for code, g in zip(codes, simplifiees, strict=True)}
    largeur = gauche + (x1 - x0) * echelle + MARGE

    # Overseas insets: a square box each, the shape centred in it below a line for the name.
    for rang, code in enumerate(OUTRE_MER):
        y = MARGE + rang * (ENCART + ECART)
        cadre = (MARGE + 8, y + 34, ENCART - 16, ENCART - 42)
        g = _sans_ilots(_ajuster(formes[code], cadre), aire_min=20)
        g = shapely.simplify(g, TOLERANCE, preserve_topology=True)
        regions[code] = {
            "d": chemin_svg(g),
            "etiquette": etiquette(g),
            "encart": {"x": MARGE, "y": y, "largeur": ENCART, "hauteur": ENCART},
        }
    hauteur = max(MARGE * 2 + HAUTEUR_METROPOLE, MARGE + len(OUTRE_MER) * (ENCART + ECART) - ECART + MARGE)
    return {
        "source": "pygal_maps_fr 1.1.0 (Kozea), fr.regions.svg — GNU LGPL v3 ou ultérieure ; voir NOTICE-carte_regions.md",
        "largeur": round(largeur),
        "hauteur": round(hauteur),
        "regions": dict(sorted(regions.items())),
    }


def main():
    donnees = construire()
    SORTIE.write_text(json.dumps(donnees, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{SORTIE} : {len(donnees['regions'])} régions, {SORTIE.stat().st_size} octets")


if __name__ == "__main__":
    main()
