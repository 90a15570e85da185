"""Granted subsidies in the national open-data layout (SCDL « subventions », schema by OpenDataFrance).

One row per signed convention. Amounts are written with a dot and two decimals, dates in ISO 8601,
as the schema requires.
"""
from django.conf import settings

from .models import Nature, Subvention

COLONNES_SCDL = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
    "objet", "montant", "nature", "conditionsVersement", "descriptionConditionsVersement", "datesPeriodeVersement",
    "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide",
]
DISPOSITIF = "AMI Fabriques de territoire — programme Nouveaux lieux, nouveaux liens"


def subventions_attribuees():
    return (
        Subvention.objects.filter(statut__in=Subvention.STATUTS_ATTRIBUES)
        .select_related("dossier__tiers_lieu", "dossier__vague")
        .prefetch_related("tranches__versement")
        .order_by("date_convention", "reference_convention")
    )


def ligne_scdl(subvention: Subvention) -> dict:
    tiers_lieu = subvention.dossier.tiers_lieu
    tranches = list(subvention.tranches.all())
    total = sum(t.montant for t in tranches)
    bonus = any(t.nature == Nature.INVESTISSEMENT for t in tranches)
    dates = sorted(t.versement.date_prevue for t in tranches if hasattr(t, "versement"))
    objet = f"Fabrique de territoire « {tiers_lieu.nom} » ({tiers_lieu.commune}) : subvention de fonctionnement sur 3 ans"
    if bonus:
        objet += " et bonus d'investissement Fabrique numérique de territoire"
    annees = ", ".join(f"année {t.annee} : {t.montant}" for t in sorted(tranches, key=lambda t: (t.annee, t.nature)) if t.nature == Nature.FONCTIONNEMENT)
    description = f"Versements annuels ({annees}) ; tranches 2 et 3 après dépôt du rapport d'activité de l'année précédente"
    if bonus:
        description += " ; bonus d'investissement de 100000.00 versé à la signature"
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
        "pourcentageSubvention": "1",
        "dispositifAide": DISPOSITIF,
    }


def lignes_scdl():
    for subvention in subventions_attribuees():
        yield ligne_scdl(subvention)
