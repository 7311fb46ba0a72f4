#!/usr/bin/env bash
# make soak: a release build against its own fresh cluster; finds the highest rate a mixed read/write workload gets,
# then sends it at 70% of that at a constant rate (open loop) for 60 s: requests, errors, p50/p99, server memory.
# Extra arguments go to Tests/bench/soak.py (--seconds, --share, --workers); SCRATCH_PATH names another build folder.
source "$(dirname "$0")/lib.sh"

DB_PORT="${COACH_SOAK_PG_PORT:-54324}"
BUILD=(-c release ${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"})

ensure_system_packages
ensure_python_env
ensure_common_passwords
stop_cluster pg-soak
dir=$(cluster_dir pg-soak)
rm -rf "${dir:?}"/* "$DATA/pg-soak.env"
start_cluster pg-soak "$DB_PORT"
trap 'stop_cluster pg-soak' EXIT
ensure_secrets "$DATA/pg-soak.env"
bootstrap_database coach_template
export_database_env coach_template
build_products "${BUILD[@]}"
BIN="$(cd "$ROOT" && swift build "${BUILD[@]}" --show-bin-path)"
"$BIN/tenantctl" migrate >/dev/null
log "soak: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$DATA/venv/bin/python" "$ROOT/Tests/bench/soak.py" --bin "$BIN" "$@"
