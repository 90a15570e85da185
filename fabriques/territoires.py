"""French territories: the 18 régions and 101 départements, and the postal code rules.

The table is derived from ISO 3166-2:FR as maintained by pycountry, not typed by hand. ISO does
not carry INSEE codes and describes some territories in its own way, so this module adds what ISO
lacks and straightens its quirks:

- INSEE region codes are not in ISO: ``CODES_INSEE_REGIONS`` maps each ISO region to its INSEE code
  (Code officiel géographique, INSEE).
- Corsica is an ISO « collectivity with special status » (FR-20R), not a « region »: it is the
  région 94 here, parent of 2A and 2B.
- Bas-Rhin and Haut-Rhin have the European collectivity of Alsace (FR-6AE) as ISO parent: their
  région is Grand Est, the parent of FR-6AE.
- Paris is listed as FR-75C (collectivity), the Métropole de Lyon as FR-69M: Paris is the
  département 75; the Métropole de Lyon is not a département (the Rhône, 69, is).
- The five overseas départements are ISO « collectivities » without parent: each one is both a
  région (01, 02, 03, 04, 06) and a département (971, 972, 973, 974, 976).
- Some ISO names differ from the official ones: ``NOMS_OFFICIELS`` rewrites them.
"""

from dataclasses import dataclass
from functools import cache

import pycountry

from commun.erreurs import ErreurMetier

# ISO 3166-2 code → INSEE code of the région (COG). Overseas régions use the ISO département code.
CODES_INSEE_REGIONS = {
    "FR-IDF": "11",
    "FR-CVL": "24",
    "FR-BFC": "27",
    "FR-NOR": "28",
    "FR-HDF": "32",
    "FR-GES": "44",
    "FR-PDL": "52",
    "FR-BRE": "53",
    "FR-NAQ": "75",
    "FR-OCC": "76",
    "FR-ARA": "84",
    "FR-PAC": "93",
    "FR-20R": "94",
    "FR-971": "01",
    "FR-972": "02",
    "FR-973": "03",
    "FR-974": "04",
    "FR-976": "06",
}

# ISO spelling → official spelling (INSEE).
NOMS_OFFICIELS = {
    "Grand-Est": "Grand Est",
    "Pays-de-la-Loire": "Pays de la Loire",
    "Provence-Alpes-Côte-d’Azur": "Provence-Alpes-Côte d'Azur",
    "Guyane (française)": "Guyane",
}

# ISO codes of collectivities that stand for a département (code of the département).
_DEPARTEMENTS_COLLECTIVITES = {"FR-75C": "75"}
# ISO intermediate parents that are not régions: climb to their own parent.
_PARENTS_INTERMEDIAIRES = {"FR-6AE"}
_OUTRE_MER = {"FR-971", "FR-972", "FR-973", "FR-974", "FR-976"}


@dataclass(frozen=True)
class RegionRef:
    code: str
    nom: str
    outre_mer: bool


@dataclass(frozen=True)
class DepartementRef:
    code: str
    nom: str
    region_code: str


def _nom(subdivision) -> str:
    return NOMS_OFFICIELS.get(subdivision.name, subdivision.name.replace("’", "'"))


def _subdivisions():
    return {s.code: s for s in pycountry.subdivisions.get(country_code="FR")}


def regions() -> list[RegionRef]:
    """Return the 18 régions with their INSEE code and official name, ordered by code."""
    subs = _subdivisions()
    return sorted(
        (RegionRef(code=code, nom=_nom(subs[iso]), outre_mer=iso in _OUTRE_MER) for iso, code in CODES_INSEE_REGIONS.items()),
        key=lambda r: r.code,
    )


def departements() -> list[DepartementRef]:
    """Return the 101 départements with their official code, name and région code."""
    subs = _subdivisions()
    resultat = []
    for iso, sub in subs.items():
        if sub.type == "Metropolitan department":
            code = iso.removeprefix("FR-")
        elif iso in _DEPARTEMENTS_COLLECTIVITES:
            code = _DEPARTEMENTS_COLLECTIVITES[iso]
        elif iso in _OUTRE_MER:
            resultat.append(DepartementRef(code=iso.removeprefix("FR-"), nom=_nom(sub), region_code=CODES_INSEE_REGIONS[iso]))
            continue
        else:
            continue
        parent = sub.parent_code
        while parent in _PARENTS_INTERMEDIAIRES:
            parent = subs[parent].parent_code
        resultat.append(DepartementRef(code=code, nom=_nom(sub), region_code=CODES_INSEE_REGIONS[parent]))
    return sorted(resultat, key=lambda d: _cle_tri_departement(d.code))


@cache
def codes_departements() -> frozenset[str]:
    """Return the set of the 101 département codes."""
    return frozenset(d.code for d in departements())


def _cle_tri_departement(code: str) -> tuple[int, str]:
    # 2A and 2B sort between 19 and 21, as in the official list; 971… after 95.
    return (20 if code in ("2A", "2B") else int(code[:2])), code


# --- Postal codes ---------------------------------------------------------------------------
# Postal codes that are not in France's départements (Monaco, overseas collectivities).
_PREFIXES_HORS_DEPARTEMENT = {
    "975": "Saint-Pierre-et-Miquelon",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "980": "Monaco",
    "984": "les Terres australes et antarctiques françaises",
    "986": "Wallis-et-Futuna",
    "987": "la Polynésie française",
    "988": "la Nouvelle-Calédonie",
}

# Postal codes served by an office of a neighbouring département (La Poste base officielle des codes
# postaux): code → extra départements allowed. Only cases checked against the official base belong
# here; none is listed yet, so such a commune is refused with a message telling to write to us.
EXCEPTIONS_CODE_POSTAL: dict[str, set[str]] = {}


def departements_du_code_postal(code_postal: str) -> set[str]:
    """Return the codes of the départements a postal code may belong to.

    Raise ``ErreurMetier`` (on the field ``code_postal``) when the code is malformed or outside
    the départements (Monaco, overseas collectivities). Corsica: 200xx–201xx is Corse-du-Sud (2A),
    202xx–206xx Haute-Corse (2B). Overseas: the first three digits are the département (971…976).
    """
    code = (code_postal or "").strip().replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        raise ErreurMetier("Le code postal doit comporter 5 chiffres, par exemple 69001.", champ="code_postal")
    prefixe3 = code[:3]
    if prefixe3 in _PREFIXES_HORS_DEPARTEMENT:
        raise ErreurMetier(
            f"Le code postal {code} est celui de {_PREFIXES_HORS_DEPARTEMENT[prefixe3]}, qui n'est pas un département "
            "français : l'appel à manifestation d'intérêt concerne les départements de métropole et d'outre-mer.",
            champ="code_postal",
        )
    if code[:2] in ("97", "98"):
        if prefixe3 not in ("971", "972", "973", "974", "976"):
            raise ErreurMetier(f"Le code postal {code} ne correspond à aucun département d'outre-mer (971 à 976).", champ="code_postal")
        codes = {prefixe3}
    elif code[:2] == "20":
        if code[2] in "01":
            codes = {"2A"}
        elif code[2] in "26":
            codes = {"2B"}
        else:
            raise ErreurMetier(f"Le code postal {code} n'existe pas en Corse (200xx à 201xx, 202xx ou 206xx).", champ="code_postal")
    elif code[:2] == "00":
        raise ErreurMetier(f"Le code postal {code} n'existe pas : aucun département ne porte le numéro 00.", champ="code_postal")
    else:
        codes = {code[:2]}
    if not codes <= codes_departements():
        raise ErreurMetier(f"Le code postal {code} ne correspond à aucun département (01 à 95, 2A, 2B, 971 à 976).", champ="code_postal")
    return codes | EXCEPTIONS_CODE_POSTAL.get(code, set())


def verifier_code_postal(code_postal: str, departement_code: str) -> None:
    """Raise ``ErreurMetier`` unless the postal code belongs to the département ``departement_code``."""
    possibles = departements_du_code_postal(code_postal)
    if departement_code not in possibles:
        attendu = " ou ".join(sorted(possibles))
        raise ErreurMetier(
            f"Le code postal {code_postal} est celui du département {attendu}, pas du {departement_code} : "
            "corrigez le code postal ou le département.",
            champ="code_postal",
        )
