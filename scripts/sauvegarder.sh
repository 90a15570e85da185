#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (custom format) and the private files.
# Usage: DATABASE_URL=postgres://… MEDIA_ROOT=/chemin/fichiers scripts/sauvegarder.sh /chemin/sauvegarde
set -euo pipefail
cible="${1:?indiquez le dossier de sauvegarde}"
: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL}"
: "${MEDIA_ROOT:?MEDIA_ROOT doit désigner le dossier des fichiers}"
mkdir -p "$cible"
pg_dump --format=custom --no-owner --file="$cible/base.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$cible/fichiers.tar.gz" .
( cd "$cible" && sha256sum base.dump fichiers.tar.gz > SHA256SUMS )
echo "Sauvegarde écrite dans $cible : base.dump, fichiers.tar.gz, SHA256SUMS"
