#!/usr/bin/env bash
# make bench-data: the scale benchmark's cluster (.data/pg-scale, port COACH_SCALE_PG_PORT or 54351) and its data:
# BENCH_TENANTS tenants (200) of power-law sizes, acme with 10,000 questions and BENCH_EVENTS audit events (10,000,000;
# set fewer for a quick check), globex with 100,000 (Tests/bench/bench_data.py). Idempotent: a second run adds nothing.
# BENCH_BIN names a release build's folder (otherwise it builds one). With arguments, runs them afterwards in the
# cluster's environment, as scripts/bench.sh does with Tests/bench/scale_bench.py; the cluster stops at the end.
source "$(dirname "$0")/lib.sh"

NAME=pg-scale
DB_PORT="${COACH_SCALE_PG_PORT:-54351}"
DB=coach_scale

ensure_system_packages
ensure_python_env
ensure_common_passwords
start_cluster "$NAME" "$DB_PORT"
trap 'stop_cluster "$NAME"' EXIT
(umask 077; touch "$DATA/$NAME.env"
 grep -q '^DEMO_PASSWORD=' "$DATA/$NAME.env" || echo "DEMO_PASSWORD=bench-$(openssl rand -hex 12)" >> "$DATA/$NAME.env")
ensure_secrets "$DATA/$NAME.env"
bootstrap_database "$DB"
export_database_env "$DB"
if [[ -z "${BENCH_BIN:-}" ]]; then
    build_products -c release
    BENCH_BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)"
fi
"$BENCH_BIN/tenantctl" migrate
if ! superuser_psql -d "$DB" -tAc "SELECT 1 FROM tenants WHERE slug = 'acme'" | grep -q 1; then
    log "the demo tenants acme and globex"
    "$BENCH_BIN/tenantctl" demo --password-env DEMO_PASSWORD
fi
log "bench data: ${BENCH_TENANTS:-200} tenants, acme with ${BENCH_EVENTS:-10000000} audit events ($(nproc) cores)"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/bench_data.py" --bin "$BENCH_BIN" --database "$DB" \
    --tenants "${BENCH_TENANTS:-200}" --events "${BENCH_EVENTS:-10000000}"
superuser_psql -d "$DB" -tAc "SELECT 'database size: ' || pg_size_pretty(pg_database_size('$DB'))"
if (($#)); then
    export BENCH_BIN
    "$@"
fi
