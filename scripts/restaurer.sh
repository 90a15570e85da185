#!/usr/bin/env bash
# Restore a backup made by scripts/sauvegarder.sh into an EMPTY database and an empty files folder.
# Usage: DATABASE_URL=postgres://…/base_vide MEDIA_ROOT=/chemin/vide scripts/restaurer.sh /chemin/sauvegarde
set -euo pipefail
source="${1:?indiquez le dossier de sauvegarde}"
: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL (vide) à remplir}"
: "${MEDIA_ROOT:?MEDIA_ROOT doit désigner le dossier des fichiers à remplir}"
( cd "$source" && sha256sum --check --quiet SHA256SUMS )
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$source/base.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/fichiers.tar.gz"
echo "Restauration terminée : base et fichiers en place."
