"""Money of the portal: Decimal euros to the cent, one rounding, one French formatting."""

import re
from decimal import Decimal

CENTIME = Decimal("0.01")


def arrondir(montant) -> Decimal:
    """Return ``montant`` as Decimal euros with two places (the one rounding of the project)."""
    return Decimal(montant).quantize(CENTIME)


def formater_euros(montant, *, espace: str = "\u00a0") -> str:
    """Return « 50 000,00 € »; ``espace`` separates thousands and the sign (non-breaking by default)."""
    montant = arrondir(montant)
    signe = "-" if montant < 0 else ""
    entier, _, centimes = f"{abs(montant):.2f}".partition(".")
    groupes = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    return f"{signe}{espace.join(groupes)},{centimes}{espace}€"


# --- Reading a typed number -----------------------------------------------------------------
EXEMPLE = "Saisissez un montant en euros, par exemple 50 000 ou 49 999,50."
_IGNORES = str.maketrans("", "", " \u00a0\u202f\u2009€")
_NOMBRE = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_MILLIERS = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")


class NombreIllisible(ValueError):
    """The text is not a number as the portal reads one; ``str(erreur)`` tells the person why."""


def lire_decimal(texte: str) -> Decimal | None:
    """Read a number typed in a form or sent to the API; None when nothing is written.

    Accepted: the digits 0 to 9, an optional sign, one decimal comma or point; spaces (thousands
    separators, plain or non-breaking) and « € » are ignored. Refused, with the reason: any other
    writing that Python would still read as a number (« 1_000 », « ٣٠ », « 1e5 », « NaN »), and
    « 50.000 » or « 1,500,000 », where a point or a comma separates thousands: read as fifty
    euros, it would lose three zeros without a word.
    """
    propre = str(texte).strip().translate(_IGNORES)
    if not propre:
        return None
    if (milliers := _MILLIERS.fullmatch(propre)) and (milliers.group(1) == "." or propre.count(",") > 1):
        en_euros = formater_euros(Decimal(propre.replace(milliers.group(1), "")), espace=" ")
        raise NombreIllisible(
            f"« {str(texte).strip()} » : les milliers se séparent par une espace, la virgule marque les centimes. "
            f"Pour {en_euros}, écrivez {en_euros.removesuffix(',00 €')}."
        )
    if not _NOMBRE.fullmatch(propre):
        if any(c.isdigit() and not "0" <= c <= "9" for c in propre):
            raise NombreIllisible("Écrivez le nombre avec les chiffres 0 à 9, par exemple 50 000 ou 49 999,50.")
        raise NombreIllisible(EXEMPLE)
    return Decimal(propre.replace(",", "."))


def euros_texte(montant) -> str:
    """Format an amount for a plain-text message: « 50 000,00 € » with ordinary spaces."""
    return formater_euros(montant, espace=" ")
