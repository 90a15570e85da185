"""Time of the programme: deadlines are days in Paris.

``maintenant()`` is the one clock of the portal (tests freeze it with time-machine).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def maintenant() -> dt.datetime:
    """Return the current aware datetime (UTC)."""
    return timezone.now()


def aujourdhui_paris() -> dt.date:
    """Return today's date in Paris."""
    return maintenant().astimezone(PARIS).date()


def fin_de_journee_paris(jour: dt.date) -> dt.datetime:
    """Return the last microsecond of ``jour`` in Paris (23:59:59.999999), summer or winter."""
    return dt.datetime.combine(jour, dt.time(23, 59, 59, 999999), tzinfo=PARIS)


def debut_de_journee_paris(jour: dt.date) -> dt.datetime:
    """Return midnight at the start of ``jour`` in Paris."""
    return dt.datetime.combine(jour, dt.time(0, 0), tzinfo=PARIS)


def en_paris(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` expressed in Paris time."""
    return moment.astimezone(PARIS)
