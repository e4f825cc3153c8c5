#!/usr/bin/env bash
# Set up (first time) and run every check: ruff, mypy, import-linter, unit + property tests (storage
# on SQLite and on a real PostgreSQL), AppTest page tests and real-browser tests.
# Installs Debian's chromium, nginx (the two-server test) and postgresql with apt when
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests (apt)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx for the two-server test (apt)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
bash scripts/setup.sh test
if [ -z "${VONK_TEST_POSTGRES_URL:-}" ]; then
  echo "Starting PostgreSQL for the storage tests..."
  VONK_TEST_POSTGRES_URL="$(bash scripts/postgres_for_tests.sh)"
  export VONK_TEST_POSTGRES_URL
fi
echo "== ruff"; .venv/bin/ruff check --no-cache .
echo "== mypy"; .venv/bin/mypy
echo "== import-linter (layers: docs/architecture.md)"; .venv/bin/lint-imports --no-cache
echo "== pytest (unit, AppTest, browser)"
exec .venv/bin/python -m pytest "$@"
