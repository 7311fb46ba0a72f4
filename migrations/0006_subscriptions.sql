-- Plans limit staff and candidates separately, and the languages and features a tenant may use. A tenant's
-- subscription has a state (trialing, active, past_due, suspended, canceled) with its dates, a history, and a record
-- of the first plan limit it is over; the server turns these into read-only mode. Tenants also choose whether
-- candidates see a leaderboard.

-- A seat is a staff seat (owner, admin, auditor, editor, translator); candidates have their own limit.
ALTER TABLE plans RENAME COLUMN max_users TO max_staff;
ALTER TABLE plans
    ADD COLUMN max_candidates integer NOT NULL DEFAULT 100 CHECK (max_candidates > 0),
    ADD COLUMN max_languages integer NOT NULL DEFAULT 3 CHECK (max_languages > 0),
    ADD COLUMN features text[] NOT NULL DEFAULT ARRAY['two_factor_enforcement']
        CHECK (features <@ ARRAY['two_factor_enforcement', 'exports', 'moodle_import']);
UPDATE plans SET max_candidates = 25, max_languages = 2, features = ARRAY['two_factor_enforcement'] WHERE id = 'free';
UPDATE plans SET max_candidates = 500, max_languages = 10,
       features = ARRAY['two_factor_enforcement', 'exports', 'moodle_import'] WHERE id = 'team';
UPDATE plans SET max_candidates = 100000, max_languages = 100,
       features = ARRAY['two_factor_enforcement', 'exports', 'moodle_import'] WHERE id = 'enterprise';

-- Which limit a role's seat counts against. Plain SQL functions without their own settings, so the planner inlines
-- them: the seat count runs on every people and admin page, and a function call per row would dominate it.
CREATE FUNCTION seat_pool(p_role text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN p_role = 'candidate' THEN 'candidates' ELSE 'staff' END
$$;

-- The one seat count, per pool: active people, and open invitations that have not expired for emails that are not
-- already active people. Each person or invitation counts once; each table is read once.
CREATE FUNCTION seat_counts(p_tenant uuid, p_now timestamptz)
    RETURNS TABLE (pool text, active bigint, invited bigint)
    LANGUAGE sql STABLE
AS $$
    WITH people AS (
        SELECT public.seat_pool(u.role) AS pool, count(*) AS n FROM public.users u
         WHERE u.tenant_id = p_tenant AND u.status = 'active' GROUP BY 1
    ), open AS (
        SELECT public.seat_pool(i.role) AS pool, count(*) AS n FROM public.invitations i
         WHERE i.tenant_id = p_tenant AND i.accepted_at IS NULL AND i.ended_at IS NULL AND i.expires_at > p_now
           AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.tenant_id = i.tenant_id AND u.email = i.email AND u.status = 'active')
         GROUP BY 1
    )
    SELECT pools.pool, coalesce(people.n, 0), coalesce(open.n, 0)
      FROM (VALUES ('staff'), ('candidates')) AS pools (pool)
      LEFT JOIN people USING (pool) LEFT JOIN open USING (pool)
$$;

ALTER TABLE tenants
    ADD COLUMN subscription text NOT NULL DEFAULT 'active'
        CHECK (subscription IN ('trialing', 'active', 'past_due', 'suspended', 'canceled')),
    ADD COLUMN subscription_since timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN trial_ends_at timestamptz,
    ADD COLUMN grace_ends_at timestamptz,
    ADD COLUMN renews_at timestamptz,
    -- The first limit of the plan the tenant is over (after a downgrade), as a sentence, and since when.
    ADD COLUMN over_limit text CHECK (length(over_limit) <= 300),
    ADD COLUMN over_limit_since timestamptz,
    ADD COLUMN leaderboard text NOT NULL DEFAULT 'pseudonyms' CHECK (leaderboard IN ('off', 'pseudonyms', 'names')),
    ADD CONSTRAINT tenants_trial_has_end CHECK (subscription <> 'trialing' OR trial_ends_at IS NOT NULL),
    ADD CONSTRAINT tenants_past_due_has_grace CHECK (subscription <> 'past_due' OR grace_ends_at IS NOT NULL),
    ADD CONSTRAINT tenants_over_limit_dated CHECK ((over_limit IS NULL) = (over_limit_since IS NULL));
-- The server records and clears the over-limit state as admins fix it; the subscription itself is the operator's.
GRANT UPDATE (leaderboard, over_limit, over_limit_since) ON tenants TO coach_app;

-- Each change of plan or subscription state, newest last; kept for as long as the tenant (the audit log's retention
-- does not shorten it).
CREATE TABLE subscription_history (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    plan_id      text NOT NULL REFERENCES plans (id),
    subscription text NOT NULL,
    ends_at      timestamptz,
    changed_by   text NOT NULL CHECK (length(changed_by) <= 254),
    PRIMARY KEY (tenant_id, id)
);
INSERT INTO subscription_history (tenant_id, changed_at, plan_id, subscription, changed_by)
SELECT id, created_at, plan_id, 'active', 'operator' FROM tenants;
SELECT enable_tenant_isolation('subscription_history');
GRANT SELECT ON subscription_history TO coach_app;

-- The tenant lookup before sign-in also returns what read-only mode needs, so no request pays a second query for it.
DROP FUNCTION lookup_tenant_by_slug(text);
GRANT CREATE ON SCHEMA public TO coach_lookup;
GRANT SELECT ON plans TO coach_lookup;
CREATE FUNCTION lookup_tenant_by_slug(p_slug text)
    RETURNS TABLE (id uuid, slug text, name text, status text, plan_name text, subscription text,
                   subscription_since timestamptz, trial_ends_at timestamptz, grace_ends_at timestamptz,
                   renews_at timestamptz, over_limit text, over_limit_since timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.status, p.name, t.subscription, t.subscription_since, t.trial_ends_at,
           t.grace_ends_at, t.renews_at, t.over_limit, t.over_limit_since
      FROM public.tenants t JOIN public.plans p ON p.id = t.plan_id
     WHERE t.slug = p_slug AND t.status <> 'deleted'
$$;
ALTER FUNCTION lookup_tenant_by_slug(text) OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION lookup_tenant_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lookup_tenant_by_slug(text) TO coach_app;
REVOKE CREATE ON SCHEMA public FROM coach_lookup;
