"""Money of the portal: Decimal euros to the cent, one rounding, one French formatting."""
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
