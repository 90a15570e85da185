"""A backup restores into an empty database and folder with every dossier and file (PostgreSQL)."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from candidatures.models import PieceJointe
from tests.candidatures import factories as f

RACINE = Path(settings.BASE_DIR)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_vide():
    if connection.vendor != "postgresql":
        pytest.skip("Sauvegarde et restauration : PostgreSQL seulement (lancé par .ci/run).")
    reglages = connection.settings_dict
    serveur = f"postgres://{reglages['USER']}@{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}"
    nom = "fabriques_restauration_test"
    with psycopg.connect(f"{serveur}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {nom}")
        admin.execute(f"CREATE DATABASE {nom}")
    yield f"{serveur}/{nom}", f"{serveur}/{reglages['NAME']}"
    with psycopg.connect(f"{serveur}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {nom}")


def test_sauvegarde_puis_restauration_retrouve_dossiers_et_fichiers(base_vide, porteur, tmp_path):
    url_vide, url_source = base_vide
    dossiers = [f.completer(f.brouillon(porteur, f.vague(numero=n), f.tiers_lieu(porteur, nom=f"Lieu {n}")), porteur) for n in (1, 2)]
    pieces = {p.fichier.name: p.sha256 for p in PieceJointe.objects.filter(dossier__in=dossiers)}
    assert len(pieces) == 4
    env = {**os.environ, "DATABASE_URL": url_source, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    subprocess.run([str(RACINE / "scripts/sauvegarder.sh"), str(tmp_path / "sauvegarde")], env=env, check=True, capture_output=True)
    fichiers = tmp_path / "fichiers-restaures"
    env = {**os.environ, "DATABASE_URL": url_vide, "MEDIA_ROOT": str(fichiers)}
    subprocess.run([str(RACINE / "scripts/restaurer.sh"), str(tmp_path / "sauvegarde")], env=env, check=True, capture_output=True)
    with psycopg.connect(url_vide) as restauree:
        numeros = {ligne[0] for ligne in restauree.execute("SELECT id FROM candidatures_dossier")}
        restaurees = dict(restauree.execute("SELECT fichier, sha256 FROM candidatures_piecejointe").fetchall())
    assert numeros == {d.pk for d in dossiers}
    assert restaurees == pieces
    for nom, empreinte in restaurees.items():
        assert hashlib.sha256((fichiers / nom).read_bytes()).hexdigest() == empreinte
