#!/usr/bin/env bash
# Starts the test cluster left by `make test` (or a new one) and prints the exports that let
# `swift test --filter …` run against it:  eval "$(bash scripts/test-env.sh)"
source "$(dirname "$0")/lib.sh"
DB_PORT="${COACH_TEST_PG_PORT:-54321}"
{
    ensure_common_passwords
    PG_FSYNC=off PG_MAX_CONNECTIONS=500 start_cluster pg-test "$DB_PORT"
    ensure_secrets "$DATA/pg-test.env"
    superuser_psql -c "DROP DATABASE IF EXISTS coach_template WITH (FORCE)"
    bootstrap_database coach_template
    export_database_env coach_template
    (cd "$ROOT" && swift build --product tenantctl >/dev/null && "$(swift build --show-bin-path)/tenantctl" migrate)
} >&2
for v in COACH_DB_HOST COACH_DB_PORT COACH_DB_NAME COACH_OWNER_PASSWORD COACH_APP_PASSWORD COACH_SECRET_KEY COACH_MIGRATIONS_DIR COACH_TEMPLATES_DIR COACH_PUBLIC_DIR COACH_COMMON_PASSWORDS COACH_DATA_KEYS COACH_TENANT_CLAIM_KEY COACH_DEMO_DIR PGSOCKDIR; do
    printf 'export %s=%q\n' "$v" "${!v}"
done
