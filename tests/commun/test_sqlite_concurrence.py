"""The embedded default (SQLite in a file) holds two simultaneous writes: both succeed, or one gets the
domain's French error — never « database is locked » (a 500 for the person who clicked)."""

import datetime as dt
import sqlite3
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections

from candidatures.models import Dossier
from candidatures.services.dossiers import dossier_deposer
from commun.erreurs import ErreurMetier
from tests.candidatures import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_le_defaut_sqlite_est_en_wal_avec_transactions_immediates_et_delai_d_attente():
    from config.settings.base import OPTIONS_SQLITE as options

    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] == 20
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    if connection.vendor == "sqlite":  # the embedded default: what the portal opens its file with
        assert settings.DATABASES["default"]["OPTIONS"].items() >= options.items()


def _en_parallele(fichier, action, nombre: int = 2) -> list[str]:
    """Run ``action`` in ``nombre`` threads started together, each with its own connection (to the
    SQLite file ``fichier`` if given, opened with the portal's settings); return how each one ended."""
    reglages = connections.settings["default"]
    nom_avant = reglages["NAME"]
    depart = threading.Barrier(nombre)
    issues: list[str] = [""] * nombre

    def fil(rang: int) -> None:
        try:
            depart.wait()
            action()
            issues[rang] = "ok"
        except ErreurMetier as erreur:
            issues[rang] = f"erreur métier : {erreur.message}"
        except Exception as erreur:  # what the test is about: never an OperationalError
            issues[rang] = f"{type(erreur).__name__} : {erreur}"
        finally:
            connections.close_all()

    if fichier is not None:
        reglages["NAME"] = str(fichier)  # read by the connections the new threads open
    try:
        fils = [threading.Thread(target=fil, args=(rang,)) for rang in range(nombre)]
        for un_fil in fils:
            un_fil.start()
        for un_fil in fils:
            un_fil.join()
    finally:
        reglages["NAME"] = nom_avant
    return issues


def test_deux_clics_simultanes_sur_deposer_un_depot_et_une_erreur_en_francais(porteur, tmp_path):
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC), tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur)
        fichier = None
        if connection.vendor == "sqlite":
            # The migrated test database, copied into a file: the embedded default as `make demo` runs it.
            fichier = tmp_path / "db.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(fichier) as copie:
                connection.connection.backup(copie)
        issues = _en_parallele(fichier, lambda: dossier_deposer(dossier=dossier, par=porteur))

    premiere, seconde = sorted(issues, reverse=True)
    assert premiere == "ok", issues
    assert seconde == "ok" or seconde.startswith("erreur métier : "), issues
    if fichier is not None:
        with sqlite3.connect(fichier) as lecture:
            assert lecture.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            statut, numero = lecture.execute("SELECT statut, numero FROM candidatures_dossier WHERE id = ?", [dossier.pk]).fetchone()
    else:
        dossier.refresh_from_db()
        statut, numero = dossier.statut, dossier.numero
    assert statut == Dossier.Statut.DEPOSE and numero
