"""`make demo` runs as in production unless DJANGO_DEBUG=1 is asked: the portal's French error pages,
never Django's English debug page listing the routes, and the static files still served."""

import os
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)
RACINE = settings.BASE_DIR


def _make_n(*args) -> str:
    return subprocess.run(["make", "-n", "demo", *args], cwd=RACINE, capture_output=True, text=True, check=True).stdout


def test_make_demo_sans_debug_sauf_si_demande():
    commandes = _make_n()
    assert "DJANGO_DEBUG=0 .venv/bin/python manage.py runserver --insecure 127.0.0.1:8000" in commandes
    assert "SITE_URL=http://127.0.0.1:8000 DJANGO_DEBUG=0 .venv/bin/python manage.py charger_demo" in commandes
    assert "DJANGO_DEBUG=1 .venv/bin/python manage.py runserver" in _make_n("DJANGO_DEBUG=1")


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lire(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reponse:
            return reponse.status, reponse.read().decode()
    except urllib.error.HTTPError as erreur:
        return erreur.code, erreur.read().decode()


def test_le_serveur_de_la_demo_repond_en_francais_et_sert_les_fichiers_statiques(tmp_path):
    if connection.vendor == "sqlite":  # the migrated test database, copied into a file
        fichier = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(fichier) as copie:
            connection.connection.backup(copie)
        base = f"sqlite:///{fichier}"
    else:
        reglages = connection.settings_dict
        base = f"postgres://{reglages['USER']}:{reglages['PASSWORD']}@{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}/{reglages['NAME']}"
    port = _port_libre()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": base,
        "DJANGO_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    serveur = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        cwd=RACINE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for ligne in serveur.stdout:  # blocks until the server says it listens
            if "Quit the server" in ligne:
                break
        statut, page = _lire(f"http://127.0.0.1:{port}/une-adresse-inconnue/")
        assert statut == 404
        assert '<html lang="fr"' in page and "Page introuvable" in page
        assert "Using the URLconf" not in page and "DEBUG = True" not in page
        statut, css = _lire(f"http://127.0.0.1:{port}/static/portail/portail.css")
        assert statut == 200 and ".compteur-caracteres--depasse" in css
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
