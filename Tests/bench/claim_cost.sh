#!/usr/bin/env bash
# What the signed tenant claim costs: the SQL of one audit list page (session check, newest 50 of 100,000 events,
# the verification badge and the audit.read event, in the server's two transactions) run by pgbench as coach_app, once with the migrated policies (claim checked by app_tenant()) and once on a clone whose
# policies trust a bare app.tenant_id setting, as they did before migration 0003. Prints a Markdown table.
#
# Needs the COACH_* variables of a migrated cluster (make bench sets them; so does `eval "$(bash scripts/test-env.sh)"`).
set -euo pipefail
CLIENTS="${CLIENTS:-8}" SECONDS_EACH="${SECONDS_EACH:-15}" EVENTS="${EVENTS:-100000}"
PGBENCH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pgbench"
export PGHOST="$COACH_DB_HOST" PGPORT="$COACH_DB_PORT"
owner() { PGUSER=coach_owner PGPASSWORD="$COACH_OWNER_PASSWORD" psql -qAtX -v ON_ERROR_STOP=1 "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"; for v in claim bare; do owner -d "$COACH_DB_NAME" -c "DROP DATABASE IF EXISTS claim_cost_$v" >/dev/null; done' EXIT

for variant in claim bare; do
    db="claim_cost_$variant"
    owner -d "$COACH_DB_NAME" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $COACH_DB_NAME OWNER coach_owner"
    tenant=$(owner -d "$db" -c "INSERT INTO tenants (slug, name, plan_id) VALUES ('acme', 'Acme', 'team') RETURNING id" | head -1)
    user=$(owner -d "$db" -c "BEGIN" -c "SELECT set_config('app.tenant_claim', tenant_claim('$tenant'), true)" \
        -c "INSERT INTO users (tenant_id, email, name, role) VALUES ('$tenant', 'reader@acme.test', 'Reader', 'owner') RETURNING id" -c "COMMIT" | tail -1)
    owner -d "$db" <<SQL
BEGIN;
SELECT set_config('app.tenant_claim', tenant_claim('$tenant'), true);
INSERT INTO audit_events (tenant_id, actor_label, action, outcome, details, prev_hash, hash)
SELECT '$tenant', 'load@acme.test', 'auth.sign_in_failed', 'failure', jsonb_build_object('n', n::text), '', ''
  FROM generate_series(1, $EVENTS) n;
COMMIT;
VACUUM ANALYZE audit_events;
SQL
    if [[ $variant == bare ]]; then
        owner -d "$db" <<'SQL'
DO $$
DECLARE t regclass;
BEGIN
    FOR t IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenant_isolation' LOOP
        EXECUTE format('ALTER POLICY tenant_isolation ON %s USING (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) WITH CHECK (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    END LOOP;
END $$;
ALTER POLICY tenant_self ON tenants USING (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
SQL
        setting="SELECT set_config('app.tenant_id', '$tenant', true);"
    else
        claim=$(owner -d "$db" -c "SELECT tenant_claim('$tenant')")
        setting="SELECT set_config('app.tenant_claim', '$claim', true);"
    fi
    # The two transactions of one audit list page: the session check, then the page (list, badge, audit.read event).
    cat > "$work/$variant.sql" <<SQL
BEGIN;
$setting
SELECT id, email, name, role, status FROM users WHERE tenant_id = '$tenant' AND id = '$user';
SELECT session_idle_minutes, lockout_threshold FROM tenants WHERE id = '$tenant';
COMMIT;
BEGIN;
$setting
SELECT seq, occurred_at, actor_label, action, target_type, target_id, target_label, outcome FROM audit_events
 WHERE tenant_id = '$tenant' ORDER BY seq DESC LIMIT 51;
SELECT verified_at, intact FROM audit_verifications WHERE tenant_id = '$tenant' ORDER BY verified_at DESC LIMIT 1;
INSERT INTO audit_events (tenant_id, actor_label, action, outcome, prev_hash, hash) VALUES ('$tenant', 'reader', 'audit.read', 'success', '', '');
COMMIT;
SQL
    # The same without the audit.read event, whose per-tenant chain lock otherwise sets the pace.
    grep -v "'audit.read'" "$work/$variant.sql" > "$work/$variant-reads.sql"
    for script in "$variant" "$variant-reads"; do
        # A short unmeasured run first, so caches are warm for both variants alike.
        PGUSER=coach_app PGPASSWORD="$COACH_APP_PASSWORD" "$PGBENCH" -n -M prepared -c "$CLIENTS" -j 2 -T 3 -f "$work/$script.sql" "$db" >/dev/null 2>&1
        PGUSER=coach_app PGPASSWORD="$COACH_APP_PASSWORD" "$PGBENCH" -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_EACH" \
            -f "$work/$script.sql" "$db" > "$work/$script.out" 2>&1
        tps=$(grep -E '^tps' "$work/$script.out" | grep -oE '[0-9]+\.[0-9]+' | head -1)
        latency=$(grep -E '^latency average' "$work/$script.out" | grep -oE '[0-9]+\.[0-9]+' | head -1)
        printf '%s %s %s\n' "$script" "${tps%.*}" "$latency" >> "$work/results"
    done
done
row() { awk -v name="$1" '$1 == name { print $2 " | " $3 " ms" }' "$work/results"; }
ratio() { awk -v a="$1" -v b="$2" '$1 == a { x = $2 } $1 == b { y = $2 } END { printf "%.1f %%", (1 - x / y) * 100 }' "$work/results"; }
echo "| what ($CLIENTS clients, ${SECONDS_EACH} s each) | policies | pages/s | mean latency |"
echo "| --- | --- | --- | --- |"
echo "| audit list page SQL | bare app.tenant_id (before 0003) | $(row bare) |"
echo "| audit list page SQL | signed claim, app_tenant() | $(row claim) |"
echo "| the same without the audit.read insert | bare app.tenant_id | $(row bare-reads) |"
echo "| the same without the audit.read insert | signed claim, app_tenant() | $(row claim-reads) |"
echo
echo "Claim cost: $(ratio claim bare) of the page SQL's throughput, $(ratio claim-reads bare-reads) without the insert."
