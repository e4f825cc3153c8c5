#!/usr/bin/env bash
# Set up (first time) and run Vonk at http://localhost:8501
#   VONK_DATA_DIR      folder for the SQLite database (default: ./data)
#   VONK_DATABASE_URL  any SQLAlchemy URL instead of SQLite
#   PORT               port to listen on (default 8501)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m storage.migrate  # schema at head before the server (locked: safe in parallel)
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
