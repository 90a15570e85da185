"""Reads of the financement app: the programme envelope and its use, quotas, payments due."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum
from django.db.models.functions import Coalesce, ExtractYear

from commun.temps import aujourdhui_paris

from .chiffres import chiffres_programme, engage_fonctionnement
from .models import Nature, Subvention, Tranche, Versement
from .regles import q_subventions_annoncees_gerees

ZERO = Decimal("0.00")


def _somme(qs, champ="montant") -> Decimal:
    return qs.aggregate(s=Sum(champ))["s"] or ZERO


def tranches_engagees():
    return Tranche.objects.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES)


def montant_engage(*, exclure: Subvention | None = None) -> Decimal:
    """Return the operating money committed by the grants not terminated (the bonus numérique is
    investment, tracked in its own envelope: ``chiffres.engage_numerique``)."""
    return engage_fonctionnement(exclure=exclure)


def montant_verse() -> Decimal:
    return _somme(Versement.objects.filter(statut=Versement.Statut.VERSE))


def etat_enveloppe() -> dict:
    """Return the operating envelope, committed, paid and remaining (read from ``chiffres_programme``)."""
    e = chiffres_programme().fonctionnement
    return {"enveloppe": e.montant, "engage": e.engage, "verse": e.verse, "reste": e.reste}


def _annee_de_base(subvention: Subvention) -> int:
    if subvention.date_convention:
        return subvention.date_convention.year
    vague = subvention.dossier.vague
    return (vague.date_comite or vague.date_limite).year


def repartition_par_annee() -> list[dict]:
    """Return committed and paid amounts by calendar year (year 1 = the year of the convention).

    Summed by the database (two grouped queries), not row by row: the programme holds tens of
    thousands of tranches over the years. The base year is the one of ``_annee_de_base``.
    """
    base = Coalesce(
        ExtractYear("subvention__date_convention"),
        ExtractYear("subvention__dossier__vague__date_comite"),
        ExtractYear("subvention__dossier__vague__date_limite"),
    )
    lignes: dict[int, dict] = defaultdict(lambda: {"engage": ZERO, "verse": ZERO})
    for ligne in tranches_engagees().annotate(an=base + F("annee") - 1).values("an").annotate(s=Sum("montant")).order_by():
        lignes[ligne["an"]]["engage"] += ligne["s"]
    verses = Versement.objects.filter(statut=Versement.Statut.VERSE).annotate(an=ExtractYear("date_versement"))
    for ligne in verses.values("an").annotate(s=Sum("montant")).order_by():
        lignes[ligne["an"]]["verse"] += ligne["s"]
    return [{"libelle": str(annee), **valeurs} for annee, valeurs in sorted(lignes.items())]


def _repartition(champ_cle: str, champ_libelle: str) -> list[dict]:
    prefixe = "tranche__subvention__"
    engages = (
        tranches_engagees()
        .values(f"subvention__{champ_cle}", f"subvention__{champ_libelle}")
        .annotate(engage=Sum("montant"))
        .order_by(f"subvention__{champ_libelle}")
    )
    verses = {
        ligne[f"{prefixe}{champ_cle}"]: ligne["verse"]
        for ligne in Versement.objects.filter(statut=Versement.Statut.VERSE)
        .values(f"{prefixe}{champ_cle}")
        .annotate(verse=Sum("montant"))
        .order_by()
    }
    return [
        {
            "libelle": str(ligne[f"subvention__{champ_libelle}"]),
            "engage": ligne["engage"],
            "verse": verses.get(ligne[f"subvention__{champ_cle}"], ZERO),
        }
        for ligne in engages
    ]


def repartition_par_region() -> list[dict]:
    return _repartition("dossier__tiers_lieu__region_id", "dossier__tiers_lieu__region__nom")


def repartition_par_vague() -> list[dict]:
    lignes = _repartition("dossier__vague_id", "dossier__vague__numero")
    for ligne in lignes:
        ligne["libelle"] = f"Vague {ligne['libelle']}"
    return lignes


def quotas() -> list[dict]:
    """Return the programme targets and progress (read from ``chiffres_programme``)."""
    return [
        {"code": o.code, "libelle": o.libelle, "objectif": o.objectif, "atteint": o.total, "pourcentage": o.pourcentage}
        for o in chiffres_programme().objectifs
    ]


# Days ahead in which a planned payment is shown as « due soon » on the dashboard.
HORIZON_VERSEMENTS_JOURS = 90


def versements_a_venir(*, jours: int = HORIZON_VERSEMENTS_JOURS):
    """Return the payments not made yet whose planned date is within ``jours`` days (late ones included)."""
    limite = aujourdhui_paris() + dt.timedelta(days=jours)
    return (
        Versement.objects.filter(statut__in=Versement.STATUTS_A_VENIR, date_prevue__lte=limite)
        .select_related("tranche__subvention__dossier__tiers_lieu")
        .order_by("date_prevue", "id")
    )


def subventions_de(user):
    """Return the grants of the tiers-lieux ``user`` manages, once notified (a proposal is internal)."""
    return (
        Subvention.objects.filter(q_subventions_annoncees_gerees(user))
        .select_related("dossier__tiers_lieu", "dossier__vague")
        .prefetch_related("tranches__versement", "rapports", "documents")
    )


def rapprochement(subvention: Subvention) -> dict:
    """Return the grant's total, the planned payments' total and what was paid: they must reconcile."""
    tranches = subvention.tranches.all()
    versements = Versement.objects.filter(tranche__subvention=subvention)
    return {
        "subvention": _somme(tranches),
        "fonctionnement": _somme(tranches.filter(nature=Nature.FONCTIONNEMENT)),
        "investissement": _somme(tranches.filter(nature=Nature.INVESTISSEMENT)),
        "planifie": _somme(versements),
        "verse": _somme(versements.filter(statut=Versement.Statut.VERSE)),
        "reste_a_verser": _somme(versements.exclude(statut=Versement.Statut.VERSE)),
    }


def rapports_attendus(subvention: Subvention) -> list[dict]:
    """Return the activity reports the Fabrique must provide (one per year of the convention)."""
    deposes = set(subvention.rapports.values_list("annee", flat=True))
    annees = sorted({t.annee for t in subvention.tranches.all() if not t.bonus})
    return [{"annee": a, "depose": a in deposes} for a in annees]
