-- Foundation schema: plans, tenants, users, sessions, audit events, and the
-- SECURITY DEFINER lookups the server needs before it knows the tenant.
--
-- Runs as coach_owner inside one transaction (tenantctl migrate).
-- Roles coach_app and coach_lookup are created by scripts/db.sh, because roles
-- belong to the cluster, not to this database.

-- Plans are global reference data.
CREATE TABLE plans (
    id                   text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_-]{1,30}$'),
    name                 text NOT NULL,
    max_users            integer NOT NULL CHECK (max_users > 0),
    max_questions        integer NOT NULL CHECK (max_questions > 0),
    audit_retention_days integer NOT NULL CHECK (audit_retention_days > 0),
    monthly_price_cents  integer NOT NULL DEFAULT 0 CHECK (monthly_price_cents >= 0)
);

INSERT INTO plans (id, name, max_users, max_questions, audit_retention_days, monthly_price_cents) VALUES
    ('free',       'Free',       5,      50,     30,   0),
    ('team',       'Team',       50,     1000,   365,  4900),
    ('enterprise', 'Enterprise', 10000,  100000, 2555, 49900);

CREATE TABLE tenants (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    name                      text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    status                    text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    status_reason             text,
    plan_id                   text NOT NULL REFERENCES plans (id),
    languages                 text[] NOT NULL DEFAULT ARRAY['en'],
    session_idle_minutes      integer NOT NULL DEFAULT 30 CHECK (session_idle_minutes BETWEEN 5 AND 1440),
    session_absolute_minutes  integer NOT NULL DEFAULT 720 CHECK (session_absolute_minutes BETWEEN 15 AND 43200),
    lockout_threshold         integer NOT NULL DEFAULT 5 CHECK (lockout_threshold BETWEEN 3 AND 100),
    lockout_minutes           integer NOT NULL DEFAULT 15 CHECK (lockout_minutes BETWEEN 1 AND 1440),
    require_2fa_roles         text[] NOT NULL DEFAULT ARRAY[]::text[],
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now()
);

-- A tenant row is visible to the server only while that tenant is selected.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants
    USING (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
-- The owner (tenantctl) manages every tenant.
CREATE POLICY tenant_operator ON tenants TO coach_owner USING (true) WITH CHECK (true);

CREATE TABLE users (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    email            text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
    name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    role             text NOT NULL CHECK (role IN ('owner', 'admin', 'auditor', 'editor', 'translator', 'candidate')),
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
    password_hash    text,
    totp_secret      bytea,
    totp_key_version integer,
    totp_last_step   bigint,
    failed_logins    integer NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    language         text NOT NULL DEFAULT 'en',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email)
);

CREATE TABLE sessions (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL,
    token_hash    bytea NOT NULL CHECK (length(token_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip            inet,
    user_agent    text,
    mfa_passed    boolean NOT NULL DEFAULT false,
    revoked_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL;

CREATE TABLE audit_events (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    seq            bigint NOT NULL,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_user_id  uuid,
    actor_label    text NOT NULL,
    actor_email    text,
    actor_name     text,
    actor_role     text,
    action         text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
    target_type    text,
    target_id      text,
    target_label   text,
    outcome        text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure', 'denied')),
    ip             inet,
    user_agent     text,
    request_id     text,
    details        jsonb NOT NULL DEFAULT '{}'::jsonb,
    before         jsonb,
    after          jsonb,
    prev_hash      bytea NOT NULL,
    hash           bytea NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, seq)
);
CREATE INDEX audit_events_recent ON audit_events (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_action ON audit_events (tenant_id, action, seq DESC);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_user_id, seq DESC);
CREATE INDEX audit_events_target ON audit_events (tenant_id, target_type, target_id, seq DESC);

-- The canonical bytes an audit event's hash covers: every column but the hashes,
-- separated by the ASCII unit separator, NULL as the empty string.
CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.convert_to(pg_catalog.concat_ws(E'\x1f',
        e.tenant_id::text, e.seq::text, e.id::text,
        pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(e.actor_user_id::text, ''), e.actor_label, coalesce(e.actor_email, ''), coalesce(e.actor_name, ''),
        coalesce(e.actor_role, ''), e.action,
        coalesce(e.target_type, ''), coalesce(e.target_id, ''), coalesce(e.target_label, ''),
        e.outcome, coalesce(e.ip::text, ''), coalesce(e.user_agent, ''), coalesce(e.request_id, ''),
        e.details::text, coalesce(e.before::text, ''), coalesce(e.after::text, '')), 'UTF8')
$$;

-- Chains each new event to the tenant's previous one. The advisory lock
-- serializes writers of one tenant until their transaction ends, so two
-- concurrent transactions can never take the same seq or fork the chain; the
-- time is read after the lock, so seq order is time order.
CREATE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('audit:' || NEW.tenant_id::text, 0));
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

CREATE FUNCTION audit_genesis_hash(p_tenant uuid) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.sha256(pg_catalog.convert_to('genesis:' || p_tenant::text, 'UTF8')) $$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

-- No UPDATE, no TRUNCATE, ever. DELETE only for retention pruning, which the
-- schema owner (tenantctl audit prune) announces for its own transaction; the
-- runtime role has no DELETE privilege at all.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Where a pruned chain continues: the last removed event's seq and hash.
CREATE TABLE audit_checkpoints (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    last_seq       bigint NOT NULL,
    last_hash      bytea NOT NULL,
    pruned_before  timestamptz NOT NULL,
    events_removed bigint NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, last_seq)
);

-- Results of chain verification, shown as the badge on the audit pages.
CREATE TABLE audit_verifications (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    verified_at   timestamptz NOT NULL DEFAULT now(),
    intact        boolean NOT NULL,
    checked_up_to bigint NOT NULL,
    first_broken  bigint,
    problem       text,
    verified_by   text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_verifications_latest ON audit_verifications (tenant_id, verified_at DESC);

-- Walks a tenant's chain from its newest checkpoint (or genesis) and reports the
-- first event that is missing, does not link to its predecessor, or was altered.
-- SECURITY INVOKER: the caller's row-level security applies.
CREATE FUNCTION audit_verify_chain(p_tenant uuid)
    RETURNS TABLE (intact boolean, checked_up_to bigint, first_broken bigint, problem text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e             public.audit_events;
    expected_seq  bigint := 1;
    expected_prev bytea := public.audit_genesis_hash(p_tenant);
    cp_seq        bigint;
    cp_hash       bytea;
BEGIN
    SELECT c.last_seq, c.last_hash INTO cp_seq, cp_hash
      FROM public.audit_checkpoints c WHERE c.tenant_id = p_tenant ORDER BY c.last_seq DESC LIMIT 1;
    IF cp_seq IS NOT NULL THEN
        expected_seq := cp_seq + 1;
        expected_prev := cp_hash;
    END IF;
    FOR e IN SELECT * FROM public.audit_events a WHERE a.tenant_id = p_tenant ORDER BY a.seq LOOP
        IF e.seq <> expected_seq THEN
            RETURN QUERY SELECT false, expected_seq - 1, expected_seq,
                pg_catalog.format('event %s is missing or out of order (found %s)', expected_seq, e.seq);
            RETURN;
        END IF;
        IF e.prev_hash <> expected_prev THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s does not link to the event before it', e.seq);
            RETURN;
        END IF;
        IF e.hash <> pg_catalog.sha256(e.prev_hash || public.audit_event_canonical(e)) THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s was changed after it was written', e.seq);
            RETURN;
        END IF;
        expected_prev := e.hash;
        expected_seq := e.seq + 1;
    END LOOP;
    RETURN QUERY SELECT true, expected_seq - 1, NULL::bigint, NULL::text;
END
$$;

-- Row-level security on every tenant table, the same way each time: enabled, forced, and one
-- policy that admits only rows of the tenant selected with set_config('app.tenant_id', …, true).
-- Later migrations call this for their tenant tables; the catalog test checks the result.
CREATE FUNCTION enable_tenant_isolation(p_table regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format(
        $policy$CREATE POLICY tenant_isolation ON %s
            USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
            WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))$policy$,
        p_table);
END
$$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;

SELECT enable_tenant_isolation('users');
SELECT enable_tenant_isolation('sessions');
SELECT enable_tenant_isolation('audit_events');
SELECT enable_tenant_isolation('audit_checkpoints');
SELECT enable_tenant_isolation('audit_verifications');

-- Privileges of the server role: data only, never DDL, audit is insert-only.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO coach_app;
GRANT SELECT ON plans TO coach_app;
GRANT SELECT ON tenants TO coach_app;
GRANT UPDATE (name, languages, session_idle_minutes, session_absolute_minutes, lockout_threshold,
              lockout_minutes, require_2fa_roles, updated_at) ON tenants TO coach_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions TO coach_app;
GRANT SELECT, INSERT ON audit_events, audit_verifications TO coach_app;
GRANT SELECT ON audit_checkpoints TO coach_app;

-- Lookups needed before the tenant is known. They run as coach_lookup
-- (BYPASSRLS, NOLOGIN), return only the columns the caller needs, and only
-- coach_app may call them.
CREATE FUNCTION lookup_tenant_by_slug(p_slug text)
    RETURNS TABLE (id uuid, slug text, name text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.status FROM public.tenants t WHERE t.slug = p_slug AND t.status <> 'deleted'
$$;

CREATE FUNCTION lookup_login_candidate(p_tenant uuid, p_email text)
    RETURNS TABLE (id uuid, password_hash text, status text, locked_until timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.id, u.password_hash, u.status, u.locked_until
      FROM public.users u
     WHERE u.tenant_id = p_tenant AND u.email = pg_catalog.lower(p_email)
$$;

CREATE FUNCTION lookup_session(p_token_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, created_at timestamptz,
                   last_seen_at timestamptz, expires_at timestamptz, mfa_passed boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.id, s.tenant_id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_passed
      FROM public.sessions s
     WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL
$$;

GRANT SELECT ON tenants, users, sessions TO coach_lookup;
GRANT USAGE, CREATE ON SCHEMA public TO coach_lookup;
ALTER FUNCTION lookup_tenant_by_slug(text) OWNER TO coach_lookup;
ALTER FUNCTION lookup_login_candidate(uuid, text) OWNER TO coach_lookup;
ALTER FUNCTION lookup_session(bytea) OWNER TO coach_lookup;
REVOKE CREATE ON SCHEMA public FROM coach_lookup;

REVOKE ALL ON FUNCTION lookup_tenant_by_slug(text), lookup_login_candidate(uuid, text), lookup_session(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lookup_tenant_by_slug(text), lookup_login_candidate(uuid, text), lookup_session(bytea) TO coach_app;
