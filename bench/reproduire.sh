#!/usr/bin/env bash
# Reproduce the README's performance figures in one run: recreate the benchmark databases, fill them
# (DOSSIERS, default 100 000, and 1 000 dossiers), measure the pages, the API lists, the CSV export
# and the laureates' PDF, close a wave of 10 000 dossiers on PostgreSQL, then time the test suite.
# Usage: bench/reproduire.sh [DOSSIERS]    (SANS_SUITE=1 to skip timing `make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="postgres://postgres@127.0.0.1:5432"
DOSSIERS="${1:-100000}"
for base in fabriques_bench fabriques_bench_petit fabriques_bench_cloture; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$base"
  createdb -h 127.0.0.1 -U postgres "$base"
done
.venv/bin/python -m bench.generer --dossiers "$DOSSIERS" --database-url "$PG/fabriques_bench"
.venv/bin/python -m bench.generer --dossiers 1000 --database-url "$PG/fabriques_bench_petit"
.venv/bin/python -m bench.mesurer --database-url "$PG/fabriques_bench" --petit-database-url "$PG/fabriques_bench_petit" \
  --exports "10000,$DOSSIERS"
echo
BENCH_DATABASE_URL="$PG/fabriques_bench_cloture" .venv/bin/python -m bench.cloture --n 10000 --repetitions 3
if [ -z "${SANS_SUITE:-}" ]; then
  echo
  echo "Suite de tests (make test, défaut intégré SQLite, navigateur compris) :"
  debut=$(date +%s)
  env -u DATABASE_URL -u CELERY_BROKER_URL make test PYTEST_ARGS="-q -p no:randomly" > var/bench-suite.log 2>&1 || { tail -20 var/bench-suite.log; exit 1; }
  fin=$(date +%s)
  echo "  $(tail -1 var/bench-suite.log)"
  echo "  durée murale : $(( (fin - debut) / 60 )) min $(( (fin - debut) % 60 )) s ($(nproc) cœurs)"
fi
