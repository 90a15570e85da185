#!/usr/bin/env bash
# Reproduce the README's performance figures: recreate the two benchmark databases, fill them
# (100 000 and 1 000 dossiers), then measure. Usage: bench/reproduire.sh [DOSSIERS]  (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="postgres://postgres@127.0.0.1:5432"
DOSSIERS="${1:-100000}"
for base in fabriques_bench fabriques_bench_petit; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$base"
  createdb -h 127.0.0.1 -U postgres "$base"
done
.venv/bin/python -m bench.generer --dossiers "$DOSSIERS" --database-url "$PG/fabriques_bench"
.venv/bin/python -m bench.generer --dossiers 1000 --database-url "$PG/fabriques_bench_petit"
.venv/bin/python -m bench.mesurer --database-url "$PG/fabriques_bench" --petit-database-url "$PG/fabriques_bench_petit" \
  --exports "10000,$DOSSIERS"
