"""Reads of the candidatures app that need care."""
from commun.temps import aujourdhui_paris

from .models import Vague


def prochaine_vague_ouverte() -> Vague | None:
    """Return the wave whose deadline is the next one still to come (today included)."""
    return (
        Vague.objects.filter(date_limite__gte=aujourdhui_paris(), statut__in=[Vague.Statut.A_VENIR, Vague.Statut.OUVERTE])
        .order_by("date_limite")
        .first()
    )
