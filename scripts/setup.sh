#!/usr/bin/env bash
# Shared set-up for run_app.sh and run_tests.sh: a virtual environment in .venv
# with Vonk installed. Needs only python3 (3.11+) with venv; re-running is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "python3 -m venv failed: installing Debian's python3-venv" >&2
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv .venv
  fi
fi
stamp=".venv/.vonk-installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # pip and the build backend are chatty (warnings that need no action); their
  # output goes to a log that is shown only when the installation fails.
  echo "Installing Vonk and its packages into .venv (a minute the first time)..."
  log=".venv/install.log"
  if ! { .venv/bin/python -m pip install --quiet --upgrade pip &&
         .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "Installing failed (full output above and in $log)." >&2
    exit 1
  fi
  touch "$stamp"
fi
