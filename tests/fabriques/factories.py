"""Builders of the ``fabriques`` objects, for every app's tests: plain functions with keyword
arguments, like the other ``tests/*/factories.py``. Régions and départements come from the data
migration (``tests/conftest.py`` puts them back): they are looked up by code, never created here.
``tiers_lieu`` is the one builder of a tiers-lieu; the candidatures builders call it."""

import datetime as dt
import itertools

from stdnum import luhn

from fabriques.models import Departement, Implantation, Label, Qpv, Region, SourceTiersLieu, TiersLieu
from fabriques.territoires import departements_du_code_postal
from tests.conftest import territoires_de_reference

_numeros = itertools.count(1)


def siret_valide(n: int) -> str:
    """Return a SIRET with correct check digits (SIREN and SIRET), different for each ``n``."""
    siren = f"{n:08d}"
    siren += luhn.calc_check_digit(siren)
    debut = siren + "0001"
    return debut + luhn.calc_check_digit(debut)


def departement(code: str = "69") -> Departement:
    try:
        return Departement.objects.select_related("region").get(code=code)
    except Departement.DoesNotExist:
        territoires_de_reference()
        return Departement.objects.select_related("region").get(code=code)


_departement = departement  # for the builders below, whose ``departement`` argument hides it


def region(code: str = "84") -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        territoires_de_reference()
        return Region.objects.get(code=code)


def qpv(*, code: str | None = None, nom: str | None = None, commune: str = "Paris", departement: Departement | None = None) -> Qpv:
    """A priority neighbourhood (the same ``code`` twice gives the same one)."""
    n = next(_numeros)
    return Qpv.objects.get_or_create(
        code=code or f"QN075{n:02d}M",
        defaults={
            "nom": nom or f"Quartier {n}",
            "commune": commune,
            "departement": departement or _departement("75"),
        },
    )[0]


def tiers_lieu(*, gestionnaires=(), en_qpv: bool = False, **champs) -> TiersLieu:
    """A tiers-lieu in Lyon (by default) whose département and région follow its postal code;
    ``en_qpv`` places it in a priority neighbourhood of its commune."""
    n = next(_numeros)
    champs = {
        "nom": f"Tiers-lieu {n:04d}",
        "structure_porteuse": f"Association {n:04d}",
        "forme_juridique": "association",
        "siret": siret_valide(n + 1000),
        "adresse": "1 rue de la République",
        "code_postal": "69001",
        "commune": "Lyon",
        "implantation": Implantation.GRAND_CENTRE,
        "source": SourceTiersLieu.SAISIE,
        **champs,
    }
    if "departement" not in champs:
        champs["departement"] = departement(next(iter(sorted(departements_du_code_postal(champs["code_postal"])))))
    champs.setdefault("region", champs["departement"].region)
    if en_qpv:
        champs["implantation"] = Implantation.QPV
        champs.setdefault("qpv", qpv(commune=champs["commune"], departement=champs["departement"]))
    lieu = TiersLieu.objects.create(**champs)
    if gestionnaires:
        lieu.gestionnaires.add(*gestionnaires)
    return lieu


def label(
    *, tiers_lieu: TiersLieu, type: str = Label.Type.FABRIQUE, date_obtention=dt.date(2020, 7, 1), nouvelle_fabrique: bool = True, **champs
) -> Label:
    return Label.objects.create(
        tiers_lieu=tiers_lieu, type=type, date_obtention=date_obtention, nouvelle_fabrique=nouvelle_fabrique, **champs
    )


def fabrique(*, label_type: str = Label.Type.FABRIQUE, **champs) -> TiersLieu:
    """A labelled tiers-lieu (``label_type`` picks the label)."""
    lieu = tiers_lieu(**champs)
    label(tiers_lieu=lieu, type=label_type)
    return lieu
