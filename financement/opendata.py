"""Granted subsidies in the national open-data layout (SCDL « subventions », schema by OpenDataFrance).

One row per signed convention. Amounts are written with a dot and two decimals, dates in ISO 8601,
as the schema requires.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from .models import Nature, Subvention

COLONNES_SCDL = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "descriptionConditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]
DISPOSITIF = "AMI Fabriques de territoire — programme Nouveaux lieux, nouveaux liens"


def subventions_attribuees():
    return (
        Subvention.objects.filter(statut__in=Subvention.STATUTS_ATTRIBUES)
        .select_related("dossier__tiers_lieu", "dossier__vague")
        .prefetch_related("tranches__versement")
        .order_by("date_convention", "reference_convention")
    )


def pourcentage_subvention(subvention: Subvention, total: Decimal) -> str:
    """Return the SCDL ``pourcentageSubvention``: the grant's share of the project's cost, a ratio
    from 0 to 1 (« 0.8 » for 80 %), or "" when the dossier gives no budget (an optional field).

    The project's cost is the dossier's three-year budget (total of the charges of years 1 to 3,
    section « Budget prévisionnel »), plus the bonus numérique when there is one: that investment
    is not in the operating budget, and costs at least what the bonus pays.
    """
    budget = subvention.dossier.section("budget")
    try:
        charges = sum((Decimal(str(budget.get(f"charges_{a}") or "0")) for a in (1, 2, 3)), Decimal("0"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    bonus = sum((t.montant for t in subvention.tranches.all() if t.bonus), Decimal("0"))
    cout = charges + bonus
    if charges <= 0 or cout <= 0:
        return ""
    ratio = min(total / cout, Decimal("1"))
    return f"{ratio.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP).normalize():f}"


def ligne_scdl(subvention: Subvention) -> dict:
    tiers_lieu = subvention.dossier.tiers_lieu
    tranches = list(subvention.tranches.all())
    total = sum(t.montant for t in tranches)
    bonus = sum((t.montant for t in tranches if t.bonus), Decimal("0"))
    dates = sorted(t.versement.date_prevue for t in tranches if hasattr(t, "versement"))
    objet = f"Fabrique de territoire « {tiers_lieu.nom} » ({tiers_lieu.commune}) : subvention de fonctionnement sur 3 ans"
    if subvention.nature == Nature.INVESTISSEMENT:
        objet = f"Fabrique numérique de territoire « {tiers_lieu.nom} » ({tiers_lieu.commune}) : subvention d'investissement"
    if bonus:
        objet += " et bonus d'investissement Fabrique numérique de territoire"
    annees = ", ".join(f"année {t.annee} : {t.montant}" for t in sorted(tranches, key=lambda t: (t.annee, t.bonus)) if not t.bonus)
    description = f"Versements annuels ({annees})"
    if settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT:
        # A condition the ANCT sets for the programme, not one of the AMI's text.
        description += " ; tranches 2 et 3 après dépôt du rapport d'activité de l'année précédente (condition de gestion fixée par l'ANCT)"
    if bonus:
        description += f" ; bonus d'investissement de {bonus:.2f} versé à la signature"
    return {
        "nomAttribuant": settings.ORGANISME_ATTRIBUTEUR,
        "idAttribuant": settings.ORGANISME_ATTRIBUTEUR_SIRET,
        "dateConvention": subvention.date_convention.isoformat(),
        "referenceDecision": subvention.reference_convention,
        "nomBeneficiaire": tiers_lieu.structure_porteuse,
        "idBeneficiaire": tiers_lieu.siret,
        "objet": objet,
        "montant": f"{total:.2f}",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné",
        "descriptionConditionsVersement": description,
        "datesPeriodeVersement": f"{dates[0].isoformat()}_{dates[-1].isoformat()}" if dates else "",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": pourcentage_subvention(subvention, total),
        "dispositifAide": DISPOSITIF,
    }


def lignes_scdl():
    for subvention in subventions_attribuees():
        yield ligne_scdl(subvention)
