#!/usr/bin/env bash
# make run: install what is missing, start the private cluster, migrate,
# provision the demo tenants and serve.
source "$(dirname "$0")/lib.sh"

PORT="${PORT:-8080}"
DB_PORT="${COACH_PG_PORT:-54320}"

ensure_system_packages
ensure_common_passwords
start_cluster pg "$DB_PORT"
ensure_secrets "$DATA/pg.env"
bootstrap_database coach
export_database_env coach
build_products -c "${BUILD_CONFIGURATION:-release}"
BIN="$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-release}" --show-bin-path)"

export COACH_PUBLIC_URL="${COACH_PUBLIC_URL:-http://127.0.0.1:$PORT}"
log "applying migrations"
"$BIN/tenantctl" migrate

DEMO_PASSWORD="${DEMO_PASSWORD:-$(openssl rand -base64 18 | tr -d '/+=' | cut -c1-20)}"
export DEMO_PASSWORD
"$BIN/tenantctl" demo --password-env DEMO_PASSWORD >/dev/null

cat <<MSG

  Interview Coach Enterprise is starting at http://127.0.0.1:$PORT/t/acme/login

    owner:      owner@acme.test       password: $DEMO_PASSWORD
    editor:     editor@acme.test      password: $DEMO_PASSWORD
    translator: translator@acme.test  password: $DEMO_PASSWORD
    candidate:  candidate@acme.test   password: $DEMO_PASSWORD
    (a second tenant, globex, has owner@globex.test with the same password)

MSG
export COACH_SECURE_COOKIES="${COACH_SECURE_COOKIES:-false}"
exec "$BIN/coach-server" --hostname 127.0.0.1 --port "$PORT"
