-- Tenant claims: SQL running as coach_app can no longer choose its tenant.
--
-- Before this migration every policy trusted `app.tenant_id`, which any SQL running as coach_app could set, so an
-- injection anywhere could read every tenant. Now the server sets `app.tenant_claim`, a value only it can produce:
--
--     <tenant uuid> "." <unix seconds> "." hex(HMAC-SHA256(key, <tenant uuid> "." <unix seconds>))
--
-- The key is in `tenant_claim_key`, which coach_app cannot read; `tenantctl migrate` stores it from
-- COACH_TENANT_CLAIM_KEY, the same variable the server reads. `app_tenant()` checks the claim and returns its tenant;
-- every policy compares with it once per statement. A claim older or newer than five minutes against the start of the
-- transaction is refused, so one that leaked (a log line, a core dump) soon becomes useless.
--
-- Runs as coach_owner inside one transaction (tenantctl migrate). coach_owner owns the database, so it may create the
-- trusted pgcrypto extension for HMAC.

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- coach_lookup may own the functions below only while it may create in the schema (revoked again at the end).
GRANT CREATE ON SCHEMA public TO coach_lookup;

-- One row: the key. Readable by its owner (tenantctl) and by coach_lookup, which owns app_tenant(); never by coach_app.
CREATE TABLE tenant_claim_key (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    secret     bytea NOT NULL CHECK (length(secret) >= 32),
    updated_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON tenant_claim_key FROM PUBLIC;
GRANT SELECT ON tenant_claim_key TO coach_lookup;

-- The tenant the transaction's claim names, or NULL when there is no claim. A claim that is malformed, stale or not
-- signed with the key raises: an attempt to forge one is loud, not silently empty.
CREATE FUNCTION app_tenant() RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- 36 characters of tenant uuid, '.', 10 digits of seconds, '.', 64 hex digits: 112 in all.
    claim  text := pg_catalog.current_setting('app.tenant_claim', true);
    secret bytea;
BEGIN
    -- Each policy calls this once per statement, so it stays a handful of simple expressions and one read.
    IF claim IS NULL OR claim = '' THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.length(claim) <> 112 OR pg_catalog.substr(claim, 37, 1) <> '.' OR pg_catalog.substr(claim, 48, 1) <> '.' THEN
        RAISE EXCEPTION 'malformed tenant claim' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp()) - pg_catalog.substr(claim, 38, 10)::bigint
       NOT BETWEEN -300 AND 300 THEN
        RAISE EXCEPTION 'stale tenant claim' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT k.secret INTO secret FROM public.tenant_claim_key k;
    IF secret IS NULL
       OR public.hmac(pg_catalog.convert_to(pg_catalog.substr(claim, 1, 47), 'UTF8'), secret, 'sha256')
          <> pg_catalog.decode(pg_catalog.substr(claim, 49, 64), 'hex') THEN
        RAISE EXCEPTION 'invalid tenant claim' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN pg_catalog.substr(claim, 1, 36)::uuid;
END
$$;
ALTER FUNCTION app_tenant() OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION app_tenant() FROM PUBLIC;
-- coach_owner (tenantctl, tests) and coach_app (the server) run statements under the policies.
GRANT EXECUTE ON FUNCTION app_tenant() TO coach_app, coach_owner;

-- A claim for `p_tenant`, for the operator's own sessions (tenantctl, and tests that act as the operator). It reads
-- the key, so it only works for roles that may: coach_app gets "permission denied".
CREATE FUNCTION tenant_claim(p_tenant uuid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p_tenant::text || '.' || s.at || '.'
           || pg_catalog.encode(public.hmac(pg_catalog.convert_to(p_tenant::text || '.' || s.at, 'UTF8'), k.secret, 'sha256'), 'hex')
      FROM public.tenant_claim_key k,
           LATERAL (SELECT floor(extract(epoch FROM pg_catalog.transaction_timestamp()))::bigint::text AS at) s
$$;
REVOKE ALL ON FUNCTION tenant_claim(uuid) FROM PUBLIC;

-- Isolation for every tenant table from now on: the policy compares with the verified claim.
CREATE OR REPLACE FUNCTION enable_tenant_isolation(p_table regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format('DROP POLICY IF EXISTS tenant_isolation ON %s', p_table);
    EXECUTE pg_catalog.format(
        'CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT public.app_tenant())) '
        'WITH CHECK (tenant_id = (SELECT public.app_tenant()))',
        p_table);
END
$$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;

-- Re-create the policy of every table that had the old one.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT p.polrelid::regclass FROM pg_catalog.pg_policy p WHERE p.polname = 'tenant_isolation' LOOP
        PERFORM public.enable_tenant_isolation(t);
    END LOOP;
END
$$;

DROP POLICY tenant_self ON tenants;
CREATE POLICY tenant_self ON tenants
    USING (id = (SELECT public.app_tenant()))
    WITH CHECK (id = (SELECT public.app_tenant()));

-- Once the tenant is known, sign-in reads the account under the policies like every other query; the lookup that
-- bypassed them is gone.
DROP FUNCTION lookup_login_candidate(uuid, text);

-- Before the tenant is known, a session cookie only tells which tenant it belongs to (to answer 404 for another
-- tenant's URL); the session itself is read under the policies.
DROP FUNCTION lookup_session(bytea);
CREATE FUNCTION lookup_session_tenant(p_token_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.tenant_id FROM public.sessions s WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL
$$;
ALTER FUNCTION lookup_session_tenant(bytea) OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION lookup_session_tenant(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lookup_session_tenant(bytea) TO coach_app;

-- The audit chain's writers of one tenant queue on that tenant's row instead of an advisory lock. Row-level security
-- lets a transaction lock only the tenant its claim names, so SQL running as coach_app cannot hold another tenant's
-- chain; FOR NO KEY UPDATE does not block the foreign-key checks of inserts.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    PERFORM 1 FROM public.tenants t WHERE t.id = NEW.tenant_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit event for a tenant this transaction has not selected' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT a.seq, a.hash INTO last_seq, last_hash
      FROM public.audit_events a
     WHERE a.tenant_id = NEW.tenant_id
     ORDER BY a.seq DESC
     LIMIT 1;
    IF last_seq IS NULL THEN
        -- Everything before the newest checkpoint was pruned; continue from it.
        SELECT c.last_seq, c.last_hash INTO last_seq, last_hash
          FROM public.audit_checkpoints c
         WHERE c.tenant_id = NEW.tenant_id
         ORDER BY c.last_seq DESC
         LIMIT 1;
    END IF;
    NEW.seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, public.audit_genesis_hash(NEW.tenant_id));
    NEW.occurred_at := pg_catalog.date_trunc('microseconds', pg_catalog.clock_timestamp());
    NEW.hash := pg_catalog.sha256(NEW.prev_hash || public.audit_event_canonical(NEW));
    RETURN NEW;
END
$$;

REVOKE CREATE ON SCHEMA public FROM coach_lookup;
