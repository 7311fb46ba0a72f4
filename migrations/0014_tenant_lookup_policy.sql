-- The tenant lookup every request sends first also returns the tenant's session and sign-in policy and its
-- languages. The session check then reads only the session and its person, and the question list no longer sends a
-- statement for the languages: two fewer tables under a tenant policy on those pages. Each such table costs a call
-- of app_tenant() (the claim's HMAC and a read of the key) in every execution, about a third of a question list
-- page's row-level security cost (BENCHMARKS run 18).
--
-- What the lookup adds is configuration, not people's data; it is the same for everyone who opens the tenant's
-- sign-in page, which already applies it.
DROP FUNCTION lookup_tenant_by_slug(text);
GRANT CREATE ON SCHEMA public TO coach_lookup;
CREATE FUNCTION lookup_tenant_by_slug(p_slug text)
    RETURNS TABLE (id uuid, slug text, name text, status text, plan_name text, subscription text,
                   subscription_since timestamptz, trial_ends_at timestamptz, grace_ends_at timestamptz,
                   renews_at timestamptz, over_limit text, over_limit_since timestamptz,
                   session_idle_minutes int, session_absolute_minutes int, lockout_threshold int,
                   lockout_minutes int, lockout_growth int, ip_failure_threshold int, require_2fa_roles text[],
                   require_2fa_grace_days int, require_2fa_since timestamptz,
                   languages text[], default_language text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.status, p.name, t.subscription, t.subscription_since, t.trial_ends_at,
           t.grace_ends_at, t.renews_at, t.over_limit, t.over_limit_since,
           t.session_idle_minutes, t.session_absolute_minutes, t.lockout_threshold, t.lockout_minutes,
           t.lockout_growth, t.ip_failure_threshold, t.require_2fa_roles, t.require_2fa_grace_days,
           t.require_2fa_since, t.languages, t.default_language
      FROM public.tenants t JOIN public.plans p ON p.id = t.plan_id
     WHERE t.slug = p_slug AND t.status <> 'deleted'
$$;
ALTER FUNCTION lookup_tenant_by_slug(text) OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION lookup_tenant_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lookup_tenant_by_slug(text) TO coach_app;
REVOKE CREATE ON SCHEMA public FROM coach_lookup;
