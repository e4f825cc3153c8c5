#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's package) for the storage tests and print its
# SQLAlchemy URL. Installs postgresql with apt if needed; idempotent.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -1)
if [ "$status" != "online" ]; then
  $SUDO pg_ctlcluster "$version" "$cluster" start >&2
fi
as_pg() { $SUDO -u postgres "$@" 2>/dev/null || su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
for _ in $(seq 1 30); do
  as_pg psql -p "$port" -tAc "select 1" >/dev/null 2>&1 && break
  sleep 0.5
done
as_pg psql -p "$port" -v ON_ERROR_STOP=1 -q >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vonk_test') THEN
    CREATE ROLE vonk_test LOGIN PASSWORD 'vonk_test' CREATEDB;
  END IF;
END \$\$;
SQL
echo "postgresql+psycopg://vonk_test:vonk_test@127.0.0.1:${port}/postgres"
