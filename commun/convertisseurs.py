"""Path converters. « id » is Django's « int » bounded to what a 64-bit primary key can hold: an
identifier of 19 digits or more is not a route (404), instead of reaching the database and
overflowing its integer type (SQLite raises OverflowError, PostgreSQL « bigint out of range »)."""

from django.urls.converters import IntConverter

CHIFFRES_MAX = 18  # 10**18 - 1 < 2**63 - 1: always fits a BIGINT


class IdentifiantConverter(IntConverter):
    regex = f"[0-9]{{1,{CHIFFRES_MAX}}}"
