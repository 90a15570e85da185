"""The money rules of the AMI, in one place.

The programme's amounts are defined once, in ``candidatures.regles_financieres`` (the application
form checks them first); the financement app (database constraints, services, forms, tests) reads
them through this module under the names of the grant.
"""
from candidatures.regles_financieres import BONUS_NUMERIQUE as BONUS_NUMERIQUE_INVESTISSEMENT
from candidatures.regles_financieres import NOMBRE_ANNEES
from candidatures.regles_financieres import PLAFOND_ANNUEL as PLAFOND_ANNUEL_FONCTIONNEMENT
from candidatures.regles_financieres import TOTAL_MAXIMUM as TOTAL_FONCTIONNEMENT_MAX
from candidatures.regles_financieres import TOTAL_MINIMUM as TOTAL_FONCTIONNEMENT_MIN
from commun.montants import CENTIME, arrondir, formater_euros

__all__ = [
    "BONUS_NUMERIQUE_INVESTISSEMENT", "CENTIME", "HORIZON_VERSEMENTS_JOURS", "NOMBRE_ANNEES", "PLAFOND_ANNUEL_FONCTIONNEMENT",
    "TOTAL_FONCTIONNEMENT_MAX", "TOTAL_FONCTIONNEMENT_MIN", "arrondir", "euros_texte",
]
# Days ahead in which a planned payment is shown as « due soon » on the dashboard.
HORIZON_VERSEMENTS_JOURS = 90


def euros_texte(montant) -> str:
    """Format an amount for a plain-text message: « 50 000,00 € » with ordinary spaces."""
    return formater_euros(montant, espace=" ")
