#!/usr/bin/env bash
# Two Vonk servers behind Debian's nginx, sharing one PostgreSQL, all on 127.0.0.1:
#   http://127.0.0.1:${VONK_PROXY_PORT:-8080}  → nginx (deploy/nginx/vonk.conf: sticky
#   sessions on a cookie, websockets) → Vonk on ${VONK_PORT_A:-8501} and ${VONK_PORT_B:-8502}.
#
#   VONK_DATABASE_URL   the PostgreSQL both servers use (default: the local test
#                       server of scripts/postgres_for_tests.sh, database vonk_two_servers)
#   VONK_COOKIE_SECRET  the server.cookieSecret both servers share (default: a random
#                       one, kept in the run folder)
#   VONK_RUN_DIR        folder for the nginx config, logs and the secret (default: a
#                       new folder under /tmp)
#
# Installs nginx (nginx-light) with apt when it is missing. Runs until stopped
# (Ctrl-C or SIGTERM), then stops the servers and nginx it started. Prints one line
# "Vonk is ready at <url>" when all three answer.
set -euo pipefail
cd "$(dirname "$0")/.."
PROXY_PORT="${VONK_PROXY_PORT:-8080}"
PORT_A="${VONK_PORT_A:-8501}"
PORT_B="${VONK_PORT_B:-8502}"
RUN_DIR="${VONK_RUN_DIR:-$(mktemp -d /tmp/vonk-two-servers.XXXXXX)}"
mkdir -p "$RUN_DIR/tmp"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx (nginx-light) with apt..." >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import psycopg" 2>/dev/null; then
  bash scripts/setup.sh postgres >&2
fi
PY=.venv/bin/python

if [ -z "${VONK_DATABASE_URL:-}" ]; then
  admin_url="$(bash scripts/postgres_for_tests.sh)"
  VONK_DATABASE_URL="$("$PY" - "$admin_url" <<'PYTHON'
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
admin = make_url(sys.argv[1])
engine = create_engine(admin, isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'vonk_two_servers'")) is None:
        conn.execute(text('CREATE DATABASE "vonk_two_servers"'))
engine.dispose()
print(admin.set(database="vonk_two_servers").render_as_string(hide_password=False))
PYTHON
)"
fi
export VONK_DATABASE_URL
export VONK_PUBLIC_URL="${VONK_PUBLIC_URL:-http://127.0.0.1:${PROXY_PORT}}"

secret_file="$RUN_DIR/cookie_secret"
if [ -z "${VONK_COOKIE_SECRET:-}" ]; then
  [ -s "$secret_file" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(32))" > "$secret_file"
  VONK_COOKIE_SECRET="$(cat "$secret_file")"
fi
chmod 600 "$secret_file" 2>/dev/null || true

# The schema once, before either server starts (both check it again, under a lock).
"$PY" -m storage.migrate >&2

# nginx: the repository's site config with this run's addresses, in a minimal
# nginx.conf that keeps everything (pid, logs, temp files) in the run folder.
sed -e "s/127\.0\.0\.1:[0-9]*;  # vonk-server-a/127.0.0.1:${PORT_A};  # vonk-server-a/" \
    -e "s/127\.0\.0\.1:[0-9]*;  # vonk-server-b/127.0.0.1:${PORT_B};  # vonk-server-b/" \
    -e "s/listen 127\.0\.0\.1:[0-9]*;  # vonk-listen/listen 127.0.0.1:${PROXY_PORT};  # vonk-listen/" \
    deploy/nginx/vonk.conf > "$RUN_DIR/vonk.conf"
cat > "$RUN_DIR/nginx.conf" <<NGINX
worker_processes 1;
worker_rlimit_nofile 8192;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log warn;
events { worker_connections 4096; }
http {
    log_format vonk '\$remote_addr [\$time_local] "\$request" \$status '
                    'route=\$vonk_route upstream=\$upstream_addr';
    access_log $RUN_DIR/nginx-access.log vonk;
    client_body_temp_path $RUN_DIR/tmp/body;
    proxy_temp_path $RUN_DIR/tmp/proxy;
    fastcgi_temp_path $RUN_DIR/tmp/fastcgi;
    uwsgi_temp_path $RUN_DIR/tmp/uwsgi;
    scgi_temp_path $RUN_DIR/tmp/scgi;
    include $RUN_DIR/vonk.conf;
}
NGINX
"$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" 2>&1 | grep -v "user\" directive" >&2 || true

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 0' INT TERM

for name_port in "a:$PORT_A" "b:$PORT_B"; do
  name="${name_port%%:*}"; port="${name_port#*:}"
  # The secret in the environment (Streamlit refuses it as a flag; nor is it in `ps`).
  STREAMLIT_SERVER_COOKIE_SECRET="$VONK_COOKIE_SECRET" \
    "$PY" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
    --server.port "$port" --browser.gatherUsageStats false > "$RUN_DIR/server-$name.log" 2>&1 &
  pids+=("$!")
done
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g "daemon off;" 2>>"$RUN_DIR/nginx-error.log" &
pids+=("$!")

ready() { "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" \
          >/dev/null 2>&1; }
for _ in $(seq 1 120); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process stopped at start; its log is in $RUN_DIR:" >&2
      tail -n 20 "$RUN_DIR"/server-*.log "$RUN_DIR/nginx-error.log" >&2
      exit 1
    fi
  done
  if ready "http://127.0.0.1:$PORT_A/_stcore/health" && ready "http://127.0.0.1:$PORT_B/_stcore/health" \
     && ready "http://127.0.0.1:$PROXY_PORT/_stcore/health"; then
    echo "Vonk is ready at http://127.0.0.1:$PROXY_PORT (servers on $PORT_A and $PORT_B, logs in $RUN_DIR)"
    wait
    exit 0
  fi
  sleep 0.5
done
echo "Vonk did not start within 60 s; logs in $RUN_DIR" >&2
exit 1
