-- Audited writes no longer queue on their tenant's chain.
--
-- Until now the insert trigger chained each event to the tenant's previous one and held the tenant's row lock until
-- COMMIT, so one tenant's audited transactions ran one at a time, each across its round trips to the server. Now an
-- event commits with its change *unsealed* (seq, prev_hash and hash NULL), taking no lock, and `audit_seal` links the
-- committed unsealed events into the chain in `pos` order. coach-server calls it in the background (AuditSealer) for
-- every tenant `audit_unsealed_tenants` names, a few times a second. The chain is the same as before: seq without gap,
-- each hash over the previous one and the event's canonical bytes; verification walks the sealed events and counts the
-- unsealed tail.
--
-- `pos` orders the audit list. It is taken from one sequence when the event is written, which never waits; seq is the
-- order in which events were sealed, which follows commits.

ALTER TABLE audit_events
    ADD COLUMN pos bigint,
    ALTER COLUMN seq DROP NOT NULL,
    ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL,
    ADD CONSTRAINT audit_events_sealed_whole
        CHECK ((seq IS NULL) = (prev_hash IS NULL) AND (seq IS NULL) = (hash IS NULL));

-- Existing events take their list position in time order. FORCE ROW LEVEL SECURITY and the append-only trigger are
-- lifted for this copy only, since the migration runs without a tenant claim.
ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
UPDATE audit_events a SET pos = o.n
  FROM (SELECT tenant_id, id, row_number() OVER (ORDER BY occurred_at, tenant_id, seq) AS n FROM audit_events) o
 WHERE a.tenant_id = o.tenant_id AND a.id = o.id;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events ALTER COLUMN pos SET NOT NULL;
ALTER TABLE audit_events ALTER COLUMN pos ADD GENERATED ALWAYS AS IDENTITY;
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('audit_events', 'pos'), coalesce(max(pos), 0) + 1, false)
  FROM audit_events;

DROP INDEX audit_events_action, audit_events_actor, audit_events_target;
CREATE UNIQUE INDEX audit_events_pos ON audit_events (tenant_id, pos);
CREATE INDEX audit_events_action ON audit_events (tenant_id, action, pos);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_user_id, pos);
CREATE INDEX audit_events_target ON audit_events (tenant_id, target_type, target_id, pos);
CREATE INDEX audit_events_unsealed ON audit_events (tenant_id, pos) WHERE seq IS NULL;

-- An event arrives unsealed whatever the writer put in the chain columns; its time is when it was written.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
    NEW.occurred_at := pg_catalog.date_trunc('microseconds', pg_catalog.clock_timestamp());
    RETURN NEW;
END
$$;

-- Besides pruning and erasure, the owner may seal an event once: only the chain columns change, from NULL, and the hash
-- must be the one its content and predecessor give.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sealed public.audit_events;
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_redact', true) = 'on'
       AND (NEW.tenant_id, NEW.id, NEW.pos, NEW.seq, NEW.occurred_at, NEW.action, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.pos, OLD.seq, OLD.occurred_at, OLD.action, OLD.prev_hash, OLD.hash) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_seal', true) = 'on' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL THEN
        sealed := OLD;
        sealed.seq := NEW.seq;
        sealed.prev_hash := NEW.prev_hash;
        sealed.hash := NEW.hash;
        IF sealed IS NOT DISTINCT FROM NEW
           AND NEW.hash = pg_catalog.sha256(NEW.prev_hash || public.audit_event_canonical(NEW)) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Seals up to `p_limit` committed unsealed events of the tenant the transaction's claim selects, in `pos` order, and
-- returns how many. Sealers of one tenant take turns on the tenant's row: a sealer that finds it taken returns 0 and
-- tries again later, and SQL running as coach_app can only take its own tenant's row, as row-level security decides.
-- The hashes are computed first and written by one UPDATE. Should an erasure redact one of these rows in between, the
-- trigger finds the hash no longer matches and the whole batch fails; the next pass reads the redacted row.
CREATE FUNCTION audit_seal(p_tenant uuid, p_limit integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e         public.audit_events;
    last_seq  bigint;
    last_hash bytea;
    ids       uuid[] := '{}';
    hashes    bytea[] := '{}';
    first_seq bigint;
    first_prev bytea;
    sealed    integer;
BEGIN
    IF p_tenant IS DISTINCT FROM public.app_tenant() THEN
        RAISE EXCEPTION 'audit events can be sealed only for the tenant this transaction has selected'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM 1 FROM public.tenants t WHERE t.id = p_tenant FOR NO KEY UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    SELECT a.seq, a.hash INTO last_seq, last_hash
      FROM public.audit_events a
     WHERE a.tenant_id = p_tenant AND a.seq IS NOT NULL
     ORDER BY a.seq DESC
     LIMIT 1;
    IF last_seq IS NULL THEN
        -- Everything before the newest checkpoint was pruned; continue from it.
        SELECT c.last_seq, c.last_hash INTO last_seq, last_hash
          FROM public.audit_checkpoints c
         WHERE c.tenant_id = p_tenant
         ORDER BY c.last_seq DESC
         LIMIT 1;
    END IF;
    first_seq := coalesce(last_seq, 0) + 1;
    first_prev := coalesce(last_hash, public.audit_genesis_hash(p_tenant));
    last_seq := first_seq - 1;
    last_hash := first_prev;
    FOR e IN SELECT * FROM public.audit_events a
              WHERE a.tenant_id = p_tenant AND a.seq IS NULL
              ORDER BY a.pos
              LIMIT p_limit LOOP
        e.seq := last_seq + 1;
        e.prev_hash := last_hash;
        e.hash := pg_catalog.sha256(last_hash || public.audit_event_canonical(e));
        ids := ids || e.id;
        hashes := hashes || e.hash;
        last_seq := e.seq;
        last_hash := e.hash;
    END LOOP;
    PERFORM pg_catalog.set_config('app.audit_seal', 'on', true);
    -- Event i (from 1) takes seq first_seq + i - 1; its previous hash is event i - 1's, or first_prev for the first.
    UPDATE public.audit_events a
       SET seq = first_seq + s.i - 1,
           prev_hash = CASE WHEN s.i = 1 THEN first_prev ELSE hashes[(s.i - 1)::integer] END,
           hash = s.hash
      FROM unnest(ids, hashes) WITH ORDINALITY AS s(id, hash, i)
     WHERE a.tenant_id = p_tenant AND a.id = s.id;
    GET DIAGNOSTICS sealed = ROW_COUNT;
    PERFORM pg_catalog.set_config('app.audit_seal', 'off', true);
    RETURN sealed;
END
$$;
REVOKE ALL ON FUNCTION audit_seal(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_seal(uuid, integer) TO coach_app;

-- Which tenants have unsealed events, and the time of each one's oldest: the sealer's work list and its lag metric. It
-- runs as coach_lookup (BYPASSRLS) and shows no event's content. It skips from tenant to tenant along the partial index
-- instead of counting, so a backlog of millions costs it a few index probes per tenant.
GRANT CREATE ON SCHEMA public TO coach_lookup;
GRANT SELECT (tenant_id, pos, seq, occurred_at) ON audit_events TO coach_lookup;
CREATE FUNCTION audit_unsealed_tenants() RETURNS TABLE (tenant_id uuid, oldest timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE waiting (tenant_id) AS (
        (SELECT a.tenant_id FROM public.audit_events a WHERE a.seq IS NULL ORDER BY a.tenant_id LIMIT 1)
        UNION ALL
        SELECT (SELECT a.tenant_id FROM public.audit_events a
                 WHERE a.seq IS NULL AND a.tenant_id > w.tenant_id ORDER BY a.tenant_id LIMIT 1)
          FROM waiting w
         WHERE w.tenant_id IS NOT NULL
    )
    SELECT w.tenant_id,
           (SELECT a.occurred_at FROM public.audit_events a
             WHERE a.tenant_id = w.tenant_id AND a.seq IS NULL ORDER BY a.pos LIMIT 1)
      FROM waiting w
     WHERE w.tenant_id IS NOT NULL
$$;
ALTER FUNCTION audit_unsealed_tenants() OWNER TO coach_lookup;
REVOKE ALL ON FUNCTION audit_unsealed_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_unsealed_tenants() TO coach_app;
REVOKE CREATE ON SCHEMA public FROM coach_lookup;

-- A verification records the unsealed tail it saw beside the sealed part it checked.
ALTER TABLE audit_verifications ADD COLUMN unsealed bigint NOT NULL DEFAULT 0 CHECK (unsealed >= 0);

-- Erasure as before, except that an unsealed event it redacts needs no redaction record: its hash, when it is sealed,
-- covers the redacted text.
CREATE OR REPLACE FUNCTION erase_candidate(p_user uuid, p_pseudonym text, p_email text)
    RETURNS TABLE (erasure_id uuid, redacted integer, redactions_digest bytea)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant  uuid := public.app_tenant();
    v_email   text;
    v_name    text;
    v_erasure uuid := gen_random_uuid();
    v_count   integer;
BEGIN
    SELECT u.email, u.name INTO v_email, v_name FROM public.users u
     WHERE u.tenant_id = v_tenant AND u.id = p_user AND u.role = 'candidate' AND u.erased_at IS NULL FOR UPDATE;
    IF v_email IS NULL THEN
        RAISE EXCEPTION 'no candidate % to erase in this tenant', p_user USING ERRCODE = 'no_data_found';
    END IF;

    UPDATE public.users SET email = p_email, name = p_pseudonym, password_hash = NULL, totp_secret = NULL,
           totp_key_version = NULL, totp_last_step = NULL, status = 'deactivated', failed_logins = 0, locked_until = NULL,
           must_change_password = false, last_sign_in_at = NULL, erased_at = now(), updated_at = now()
     WHERE tenant_id = v_tenant AND id = p_user;
    DELETE FROM public.sessions WHERE tenant_id = v_tenant AND user_id = p_user;
    DELETE FROM public.recovery_codes WHERE tenant_id = v_tenant AND user_id = p_user;
    DELETE FROM public.sign_in_attempts WHERE tenant_id = v_tenant AND (user_id = p_user OR email = v_email);
    DELETE FROM public.password_resets WHERE tenant_id = v_tenant AND user_id = p_user;
    DELETE FROM public.outbox WHERE tenant_id = v_tenant AND to_address = v_email;
    UPDATE public.invitations SET email = p_email, name = p_pseudonym WHERE tenant_id = v_tenant AND email = v_email;
    -- Scores stay for statistics; the free text of answers may say who wrote it, so it goes.
    UPDATE public.answers SET response = '', feedback = NULL WHERE tenant_id = v_tenant AND user_id = p_user;

    PERFORM pg_catalog.set_config('app.audit_redact', 'on', true);
    WITH changed AS (
        UPDATE public.audit_events a SET
               actor_label = CASE WHEN a.actor_user_id = p_user OR a.actor_label = v_email THEN p_pseudonym ELSE a.actor_label END,
               actor_email = CASE WHEN a.actor_user_id = p_user OR a.actor_email = v_email THEN p_email ELSE a.actor_email END,
               actor_name = CASE WHEN a.actor_user_id = p_user THEN p_pseudonym ELSE a.actor_name END,
               -- Their own requests, and anonymous ones about them (a failed sign-in, a reset request), lose the address.
               ip = CASE WHEN a.actor_user_id = p_user OR a.actor_label = v_email
                              OR (a.actor_user_id IS NULL AND pg_catalog.lower(a.target_id) = p_user::text) THEN NULL ELSE a.ip END,
               user_agent = CASE WHEN a.actor_user_id = p_user OR a.actor_label = v_email
                                      OR (a.actor_user_id IS NULL AND pg_catalog.lower(a.target_id) = p_user::text) THEN NULL ELSE a.user_agent END,
               target_label = pg_catalog.replace(pg_catalog.replace(a.target_label, v_email, p_email), v_name, p_pseudonym),
               details = public.jsonb_replace_text(public.jsonb_replace_text(a.details, v_email, p_email), v_name, p_pseudonym),
               before = public.jsonb_replace_text(public.jsonb_replace_text(a.before, v_email, p_email), v_name, p_pseudonym),
               after = public.jsonb_replace_text(public.jsonb_replace_text(a.after, v_email, p_email), v_name, p_pseudonym)
         WHERE a.tenant_id = v_tenant
           AND (a.actor_user_id = p_user OR a.actor_label = v_email OR a.actor_email = v_email
                OR pg_catalog.lower(a.target_id) = p_user::text OR pg_catalog.strpos(a.target_label, v_email) > 0
                OR pg_catalog.strpos(a.target_label, v_name) > 0
                OR pg_catalog.strpos(a.details::text || coalesce(a.before::text, '') || coalesce(a.after::text, ''), v_email) > 0
                OR pg_catalog.strpos(a.details::text || coalesce(a.before::text, '') || coalesce(a.after::text, ''), v_name) > 0)
        RETURNING a.seq AS seq, pg_catalog.sha256(public.audit_event_canonical(a)) AS digest
    ), recorded AS (
        INSERT INTO public.audit_redactions (tenant_id, erasure_id, seq, redacted_digest)
        SELECT v_tenant, v_erasure, c.seq, c.digest FROM changed c WHERE c.seq IS NOT NULL
    )
    -- Every redacted event counts, sealed or not.
    SELECT pg_catalog.count(*) INTO v_count FROM changed;
    PERFORM pg_catalog.set_config('app.audit_redact', 'off', true);

    RETURN QUERY SELECT v_erasure, v_count, public.audit_redactions_digest(v_tenant, v_erasure);
END
$$;

-- Verification as before over the sealed events, in seq order, and the count of the unsealed tail beside it.
DROP FUNCTION audit_verify_chain(uuid);
CREATE FUNCTION audit_verify_chain(p_tenant uuid)
    RETURNS TABLE (intact boolean, checked_up_to bigint, first_broken bigint, problem text, unsealed bigint)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e             public.audit_events;
    expected_seq  bigint := 1;
    expected_prev bytea := public.audit_genesis_hash(p_tenant);
    cp_seq        bigint;
    cp_hash       bytea;
    redacted      bytea;
    tail          bigint;
BEGIN
    SELECT pg_catalog.count(*) INTO tail FROM public.audit_events a WHERE a.tenant_id = p_tenant AND a.seq IS NULL;
    SELECT c.last_seq, c.last_hash INTO cp_seq, cp_hash
      FROM public.audit_checkpoints c WHERE c.tenant_id = p_tenant ORDER BY c.last_seq DESC LIMIT 1;
    IF cp_seq IS NOT NULL THEN
        expected_seq := cp_seq + 1;
        expected_prev := cp_hash;
    END IF;
    FOR e IN SELECT * FROM public.audit_events a WHERE a.tenant_id = p_tenant AND a.seq IS NOT NULL ORDER BY a.seq LOOP
        IF e.seq <> expected_seq THEN
            RETURN QUERY SELECT false, expected_seq - 1, expected_seq,
                pg_catalog.format('event %s is missing or out of order (found %s)', expected_seq, e.seq), tail;
            RETURN;
        END IF;
        IF e.prev_hash <> expected_prev THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s does not link to the event before it', e.seq), tail;
            RETURN;
        END IF;
        SELECT r.redacted_digest INTO redacted FROM public.audit_redactions r
         WHERE r.tenant_id = p_tenant AND r.seq = e.seq ORDER BY r.id DESC LIMIT 1;
        IF redacted IS NULL AND e.hash <> pg_catalog.sha256(e.prev_hash || public.audit_event_canonical(e)) THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s was changed after it was written', e.seq), tail;
            RETURN;
        END IF;
        IF redacted IS NOT NULL AND redacted <> pg_catalog.sha256(public.audit_event_canonical(e)) THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s was changed after personal data was erased from it', e.seq), tail;
            RETURN;
        END IF;
        IF e.action = 'user.erased' AND e.details->>'redactions_digest' IS DISTINCT FROM pg_catalog.encode(
               public.audit_redactions_digest(p_tenant, (e.details->>'erasure_id')::uuid), 'hex') THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('the redactions recorded by erasure event %s were changed', e.seq), tail;
            RETURN;
        END IF;
        expected_prev := e.hash;
        expected_seq := e.seq + 1;
    END LOOP;
    RETURN QUERY SELECT true, expected_seq - 1, NULL::bigint, NULL::text, tail;
END
$$;
