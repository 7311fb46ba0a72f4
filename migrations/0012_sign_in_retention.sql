-- Sessions and sign-in attempts hold an IP address and a user agent: personal data, kept only while the security
-- checks and an investigation can need them. The server's `SignInRecordPurger` deletes the records older than its
-- retention period (90 days) under each tenant's claim, with an audit event in the same transaction; this function
-- tells it which tenants have any. Like `audit_unsealed_tenants`, it runs as coach_lookup (BYPASSRLS), reads two
-- columns of each table, and shows no record's content.
GRANT CREATE ON SCHEMA public TO coach_lookup;
GRANT SELECT (tenant_id, attempted_at) ON sign_in_attempts TO coach_lookup;
CREATE INDEX sessions_last_seen ON sessions (tenant_id, last_seen_at);
CREATE INDEX sign_in_attempts_time ON sign_in_attempts (tenant_id, attempted_at);
CREATE FUNCTION sign_in_records_older_than(p_cutoff timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id FROM public.tenants t
     WHERE EXISTS (SELECT 1 FROM public.sessions s WHERE s.tenant_id = t.id AND s.last_seen_at < p_cutoff)
        OR EXISTS (SELECT 1 FROM public.sign_in_attempts a WHERE a.tenant_id = t.id AND a.attempted_at < p_cutoff)
$$;
ALTER FUNCTION sign_in_records_older_than(timestamptz) OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION sign_in_records_older_than(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sign_in_records_older_than(timestamptz) TO coach_app;
REVOKE CREATE ON SCHEMA public FROM coach_lookup;
