"""The money rules of a call, in one place (read by the dossier, the review and the grants).

The « Fabriques de territoire » call gives an operating grant of 75 000 € to 150 000 € over three
years, at most 50 000 € a year; a « Fabrique numérique de territoire » (in or next to a QPV)
receives in addition an investment bonus of up to 100 000 €. These are the constants below, the
one name of each; a call read from its file (``appels.format``) carries its own ``ReglesFinancieres``,
and ``REGLES_FABRIQUES`` is the Fabriques call's (``tests/appels`` checks that its file says the same).

``verifier_montants`` returns, in French, which rule is broken and by how much; it never raises, so
a draft can be saved and show its gaps.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from commun.montants import CENTIME, NombreIllisible, arrondir, formater_euros, lire_decimal

NOMBRE_ANNEES = 3  # years of a grant; also the number of amount columns of a dossier (the most a call may set)
PLAFOND_ANNUEL = Decimal("50000.00")
TOTAL_MINIMUM = Decimal("75000.00")
TOTAL_MAXIMUM = Decimal("150000.00")
BONUS_NUMERIQUE = Decimal("100000.00")  # investment, once per tiers-lieu

_DUREES = {1: "un an", 2: "deux ans", 3: "trois ans"}


def euros_ronds(montant) -> str:
    """« 100 000 € » (plain spaces, no cents when there are none), as the call's texts write amounts."""
    return formater_euros(montant, espace=" ").replace(",00 €", " €")


@dataclass(frozen=True)
class ReglesFinancieres:
    """The money rules of one call: ``annees`` yearly amounts (1…3), each at most ``plafond_annuel``,
    a total within ``total_minimum``…``total_maximum``; a bonus of up to ``bonus_maximum`` (None: the
    call has no bonus) for a place in or next to a QPV when ``bonus_qpv``."""

    annees: int = NOMBRE_ANNEES
    plafond_annuel: Decimal = PLAFOND_ANNUEL
    total_minimum: Decimal = TOTAL_MINIMUM
    total_maximum: Decimal = TOTAL_MAXIMUM
    bonus_maximum: Decimal | None = BONUS_NUMERIQUE
    bonus_qpv: bool = True
    nature: str = "fonctionnement"  # what the yearly amounts finance: « fonctionnement » or « investissement »

    @property
    def duree(self) -> str:
        return _DUREES.get(self.annees, f"{self.annees} ans")

    @property
    def a_un_bonus(self) -> bool:
        return bool(self.bonus_maximum)


REGLES_FABRIQUES = ReglesFinancieres()


@dataclass(frozen=True)
class Ecart:
    """A broken money rule: its code, the field concerned (or None) and a French message."""

    regle: str
    message: str
    champ: str | None = None
    ecart: Decimal = Decimal("0")


def _decimal(valeur) -> Decimal | None:
    if valeur is None or valeur == "":
        return None
    try:
        return arrondir(valeur)
    except (InvalidOperation, TypeError, ValueError):
        return None


def verifier_montant_annuel(annee: int, montant, *, regles: ReglesFinancieres = REGLES_FABRIQUES) -> Ecart | None:
    """Return the broken rule for the amount asked in year ``annee`` (1…3), or None."""
    montant = _decimal(montant)
    plafond = regles.plafond_annuel
    if montant is None:
        return None
    champ = f"montant_annee_{annee}"
    if montant < 0:
        return Ecart("montant_positif", f"Année {annee} : le montant demandé ne peut pas être négatif.", champ, -montant)
    if montant > plafond:
        depassement = montant - plafond
        return Ecart(
            "plafond_annuel",
            f"Année {annee} : {formater_euros(montant)} demandés, au-delà du plafond de {formater_euros(plafond)} "
            f"par an (dépassement de {formater_euros(depassement)}).",
            champ,
            depassement,
        )
    return None


def lire_montant(annee: int, valeur, *, regles: ReglesFinancieres = REGLES_FABRIQUES) -> tuple[Decimal | None, Ecart | None]:
    """Read the amount asked in year ``annee`` as given by anyone (form, API, script).

    Return ``(amount to the cent, None)`` when it may be saved, ``(None, None)`` when nothing is
    given, ``(None, Ecart)`` otherwise: not a number, more than two decimals, negative, or above the
    annual cap. A float is read as written (``repr``), never through its binary expansion.
    """
    if valeur is None or valeur == "":
        return None, None
    champ = f"montant_annee_{annee}"
    invalide = Ecart("montant_invalide", f"Année {annee} : saisissez un montant en euros, par exemple 50 000 ou 49 999,50.", champ)
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float, Decimal, str)):
        return None, invalide
    if isinstance(valeur, str):
        try:
            montant = lire_decimal(valeur)
        except NombreIllisible as erreur:
            raison = str(erreur)
            return None, Ecart("montant_invalide", f"Année {annee} : {raison[0].lower()}{raison[1:]}", champ)
        if montant is None:
            return None, None
    else:
        try:
            montant = Decimal(repr(valeur) if isinstance(valeur, float) else valeur)
        except InvalidOperation:
            return None, invalide
    if not montant.is_finite():
        return None, invalide
    if montant.adjusted() >= 10:  # far beyond any rule (and beyond the column): no exact euros to print
        if montant < 0:
            return None, Ecart("montant_positif", f"Année {annee} : le montant demandé ne peut pas être négatif.", champ)
        return None, Ecart(
            "plafond_annuel",
            f"Année {annee} : montant demandé au-delà du plafond de {formater_euros(regles.plafond_annuel)} par an.",
            champ,
        )
    if montant != montant.quantize(CENTIME):
        return None, Ecart("montant_centimes", f"Année {annee} : deux chiffres après la virgule au maximum (des centimes).", champ)
    montant = montant.quantize(CENTIME)
    ecart = verifier_montant_annuel(annee, montant, regles=regles)
    return (None, ecart) if ecart else (montant, None)


def verifier_montants(
    montants: Sequence,
    *,
    bonus_numerique: bool = False,
    en_qpv_ou_proximite: bool = True,
    complet: bool = True,
    regles: ReglesFinancieres = REGLES_FABRIQUES,
) -> list[Ecart]:
    """Return every money rule broken by the amounts asked (empty list: all rules hold).

    ``montants`` are the amounts asked for years 1, 2 and 3 (Decimal, str or None; only the call's
    ``regles.annees`` first ones are read). With
    ``complet=False`` (a draft being typed), missing years and the total are not judged yet.
    """
    ecarts: list[Ecart] = []
    valeurs = [_decimal(m) for m in list(montants)[: regles.annees]]
    valeurs += [None] * (regles.annees - len(valeurs))
    for annee, montant in enumerate(valeurs, start=1):
        ecart = verifier_montant_annuel(annee, montant, regles=regles)
        if ecart:
            ecarts.append(ecart)
        elif montant is None and complet:
            ecarts.append(Ecart("montant_manquant", f"Année {annee} : indiquez le montant demandé.", f"montant_annee_{annee}"))
    if bonus_numerique and not regles.a_un_bonus:
        ecarts.append(Ecart("bonus_absent", "Cet appel ne prévoit pas de bonus.", "bonus_numerique"))
    elif bonus_numerique and regles.bonus_qpv and not en_qpv_ou_proximite:
        ecarts.append(
            Ecart(
                "bonus_hors_qpv",
                f"Le bonus « Fabrique numérique de territoire » ({euros_ronds(regles.bonus_maximum)} d'investissement) est réservé aux tiers-lieux "
                "situés dans un quartier prioritaire de la politique de la ville ou à sa proximité immédiate.",
                "bonus_numerique",
            )
        )
    if None in valeurs:
        return ecarts
    total = sum(valeurs, Decimal("0"))
    if total < regles.total_minimum:
        manque = regles.total_minimum - total
        ecarts.append(
            Ecart(
                "total_minimum",
                f"Total sur {regles.duree} : {formater_euros(total)}, en dessous du minimum de {formater_euros(regles.total_minimum)} "
                f"(il manque {formater_euros(manque)}).",
                None,
                manque,
            )
        )
    elif total > regles.total_maximum:
        depassement = total - regles.total_maximum
        ecarts.append(
            Ecart(
                "total_maximum",
                f"Total sur {regles.duree} : {formater_euros(total)}, au-delà du maximum de {formater_euros(regles.total_maximum)} "
                f"(dépassement de {formater_euros(depassement)}).",
                None,
                depassement,
            )
        )
    return ecarts


def montant_bonus(*, bonus_numerique: bool, en_qpv_ou_proximite: bool, regles: ReglesFinancieres = REGLES_FABRIQUES) -> Decimal:
    """Return the investment bonus a dossier may receive (the call's most, 100 000 € for the Fabriques, or nothing)."""
    eligible = en_qpv_ou_proximite or not regles.bonus_qpv
    return regles.bonus_maximum if bonus_numerique and regles.a_un_bonus and eligible else Decimal("0.00")
