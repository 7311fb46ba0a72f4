#!/usr/bin/env bash
# make test: the same setup as make run on a fresh, isolated cluster, then every
# test suite. Exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"

DB_PORT="${COACH_TEST_PG_PORT:-54321}"

ensure_system_packages
ensure_python_env
ensure_common_passwords
stop_cluster pg-test
dir=$(cluster_dir pg-test)
rm -rf "${dir:?}"/* "$DATA/pg-test.env"
PG_FSYNC=off PG_MAX_CONNECTIONS=500 start_cluster pg-test "$DB_PORT"
trap 'stop_cluster pg-test' EXIT
ensure_secrets "$DATA/pg-test.env"
bootstrap_database coach_template
export_database_env coach_template

build_products
BIN="$(cd "$ROOT" && swift build --show-bin-path)"
log "migrating the template database"
"$BIN/tenantctl" migrate

log "running swift test"
(cd "$ROOT" && swift test 2>&1) | tee "$DATA/swift-test.log"
status=${PIPESTATUS[0]}
[[ $status -eq 0 ]] || die "swift test failed"

log "running the system tests (real server, real Chromium)"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_export_memory.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_sign_in.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_question_bank.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_people.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_phone_width.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_practice.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_two_instances.py" --bin "$BIN"
"$DATA/venv/bin/python" "$ROOT/Tests/browser/test_faults.py" --bin "$BIN"
