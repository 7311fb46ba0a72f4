#!/usr/bin/env bash
# make bench: a release build against its own fresh cluster, measured from a second process on loopback.
source "$(dirname "$0")/lib.sh"

DB_PORT="${COACH_BENCH_PG_PORT:-54322}"

SYSTEM_PACKAGES+=(wrk)
ensure_system_packages
ensure_python_env
ensure_common_passwords
stop_cluster pg-bench
dir=$(cluster_dir pg-bench)
rm -rf "${dir:?}"/* "$DATA/pg-bench.env"
start_cluster pg-bench "$DB_PORT"
trap 'stop_cluster pg-bench' EXIT
ensure_secrets "$DATA/pg-bench.env"
bootstrap_database coach_template
export_database_env coach_template
build_products -c release
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)"
"$BIN/tenantctl" migrate >/dev/null
log "benchmarking ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB)"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/bench.py" --bin "$BIN"
log "the tenant claim's cost: pgbench on the page's SQL, then wrk on the page"
bash "$ROOT/Tests/bench/claim_cost.sh"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/claim_http.py" --bin "$BIN"
log "the question bank: 10,000 questions, list and question pages beside pgbench, a 5,000-question import"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/questions_bench.py" --bin "$BIN"
log "list pages at 8 and 32 connections beside pgbench on their SQL, CPU per request, and the practice pages (#11, #12)"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/pages_bench.py" --bin "$BIN"
log "the rubric's scoring time per answer, on the demo bank (#11)"
"$BIN/rubric-bench" "$ROOT/scripts/demo/acme-questions.json" 200
log "audited requests: 32 connections in one tenant against one in each of 32 tenants, and the chains afterwards (#12)"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/audit_writes_bench.py" --bin "$BIN"
log "scale (#12): make bench-data's cluster (200 tenants, acme with 10 million audit events; the first run fills it, which takes a while), then the audit list at 10 million events, a deep keyset page, row-level security's cost, p99 at 70% of the maximum in open loop and under sign-ins"
BENCH_BIN="$BIN" bash "$ROOT/scripts/bench-data.sh" "$DATA/venv/bin/python" "$ROOT/Tests/bench/scale_bench.py" --bin "$BIN"
