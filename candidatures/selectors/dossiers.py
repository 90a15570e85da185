"""Reads of the candidatures app that need care."""

from commun.temps import aujourdhui_paris

from ..models import Vague


def prochaine_vague_ouverte() -> Vague | None:
    """Return the wave whose deadline is the next one still to come (today included)."""
    return (
        Vague.objects.filter(date_limite__gte=aujourdhui_paris(), statut__in=[Vague.Statut.A_VENIR, Vague.Statut.OUVERTE])
        .select_related("appel")
        .order_by("date_limite")
        .first()
    )


def _soutiens():
    from django.db.models import Q

    from ..models import Dossier

    # ``subvention`` is financement's reverse relation, read by name: candidatures does not import it.
    return Dossier.objects.filter(
        Q(statut=Dossier.Statut.RETENU) | (Q(subvention__isnull=False) & ~Q(subvention__statut="resiliee"))
    ).select_related("vague", "tiers_lieu")


def soutiens_en_cours(tiers_lieux) -> list:
    """Return, in one query, the dossiers through which any of ``tiers_lieux`` is already supported
    (one per tiers-lieu at most: the first)."""
    vus, resultat = set(), []
    for dossier in _soutiens().filter(tiers_lieu__in=[t.pk for t in tiers_lieux]).order_by("pk"):
        if dossier.tiers_lieu_id not in vus:
            vus.add(dossier.tiers_lieu_id)
            resultat.append(dossier)
    return resultat


def soutien_en_cours(tiers_lieu, *, exclure=None):
    """Return the dossier through which ``tiers_lieu`` is already supported by the programme — a
    retained dossier, or one whose grant is not terminated — or None.

    One Fabrique, one support (001, 003, 004): 75 000–150 000 € over three years and one bonus
    numérique per tiers-lieu, whatever the wave. ``exclure``: a dossier not to count (the one decided).
    """
    qs = _soutiens().filter(tiers_lieu=tiers_lieu)
    if exclure is not None:
        qs = qs.exclude(pk=exclure.pk)
    return qs.order_by("pk").first()


def message_soutien_unique(tiers_lieu, dossier) -> str:
    return (
        f"« {tiers_lieu} » est déjà soutenu par le programme (dossier {dossier}, vague {dossier.vague.numero}) : "
        "une Fabrique ne reçoit qu'un soutien — 75 000 € à 150 000 € sur trois ans et un seul bonus numérique par tiers-lieu."
    )
