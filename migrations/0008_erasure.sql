-- Deleting a candidate's personal data on request. The person's row stays (answers keep their scores, the
-- audit log keeps its links) but name and email become a pseudonym, and every other place that held the email, the
-- name or the person's IP addresses is cleared. The audit log is append-only and hash-chained, so its rows are
-- redacted by one SECURITY DEFINER function that records, per redacted event, the digest of its new canonical bytes;
-- the erasure's own audit event carries a digest over those records, and chain verification checks both. Redacted
-- events keep their place in the chain (seq, prev_hash, hash); what verification can no longer prove is the erased
-- text, which is the point.

ALTER TABLE users ADD COLUMN erased_at timestamptz;

CREATE TABLE audit_redactions (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              bigint GENERATED ALWAYS AS IDENTITY,
    erasure_id      uuid NOT NULL,
    seq             bigint NOT NULL,
    redacted_digest bytea NOT NULL CHECK (length(redacted_digest) = 32),
    redacted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_redactions_seq ON audit_redactions (tenant_id, seq, id DESC);
CREATE INDEX audit_redactions_erasure ON audit_redactions (tenant_id, erasure_id);
SELECT enable_tenant_isolation('audit_redactions');
GRANT SELECT ON audit_redactions TO coach_app;

-- The append-only trigger also lets the erasure function (running as the owner, with its flag set for its own
-- transaction) rewrite rows; the runtime role still has no UPDATE privilege on audit_events at all.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW' AND current_user = 'coach_owner'
       AND pg_catalog.current_setting('app.audit_redact', true) = 'on'
       AND (NEW.tenant_id, NEW.id, NEW.seq, NEW.occurred_at, NEW.action, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.seq, OLD.occurred_at, OLD.action, OLD.prev_hash, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Replaces every occurrence of `p_old` inside a JSON document's strings with `p_new`.
CREATE FUNCTION jsonb_replace_text(p_doc jsonb, p_old text, p_new text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN p_doc IS NULL OR p_old IS NULL OR p_old = '' THEN p_doc
        ELSE pg_catalog.replace(p_doc::text, pg_catalog.btrim(pg_catalog.to_jsonb(p_old)::text, '"'),
                                pg_catalog.btrim(pg_catalog.to_jsonb(p_new)::text, '"'))::jsonb END
$$;

-- Erases candidate `p_user` of the tenant the transaction's claim selects: name and email become `p_pseudonym` and
-- `p_email`; password, 2FA, sessions, sign-in attempts, reset links, invitations and mail for the old address go;
-- audit events lose the old name, email, IP addresses and user agents. Returns the erasure's id, how many events
-- were redacted and the digest the erasure's audit event must carry. Refuses anyone who is not a candidate.
CREATE FUNCTION erase_candidate(p_user uuid, p_pseudonym text, p_email text)
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
    )
    INSERT INTO public.audit_redactions (tenant_id, erasure_id, seq, redacted_digest)
    SELECT v_tenant, v_erasure, c.seq, c.digest FROM changed c;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM pg_catalog.set_config('app.audit_redact', 'off', true);

    RETURN QUERY SELECT v_erasure, v_count, public.audit_redactions_digest(v_tenant, v_erasure);
END
$$;

-- The digest an erasure's audit event carries: over its redactions' seq and digest, in seq order.
CREATE FUNCTION audit_redactions_digest(p_tenant uuid, p_erasure uuid) RETURNS bytea
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(coalesce(pg_catalog.string_agg(
               r.seq::text || ':' || pg_catalog.encode(r.redacted_digest, 'hex'), ',' ORDER BY r.seq), ''), 'UTF8'))
      FROM public.audit_redactions r WHERE r.tenant_id = p_tenant AND r.erasure_id = p_erasure
$$;

REVOKE ALL ON FUNCTION erase_candidate(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_candidate(uuid, text, text) TO coach_app;

-- Verification as before, with two additions: a redacted event must match the digest its latest redaction recorded
-- (its own hash still links the chain), and each erasure's event must carry the digest of its redaction records.
CREATE OR REPLACE FUNCTION audit_verify_chain(p_tenant uuid)
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
    redacted      bytea;
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
        SELECT r.redacted_digest INTO redacted FROM public.audit_redactions r
         WHERE r.tenant_id = p_tenant AND r.seq = e.seq ORDER BY r.id DESC LIMIT 1;
        IF redacted IS NULL AND e.hash <> pg_catalog.sha256(e.prev_hash || public.audit_event_canonical(e)) THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s was changed after it was written', e.seq);
            RETURN;
        END IF;
        IF redacted IS NOT NULL AND redacted <> pg_catalog.sha256(public.audit_event_canonical(e)) THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('event %s was changed after personal data was erased from it', e.seq);
            RETURN;
        END IF;
        IF e.action = 'user.erased' AND e.details->>'redactions_digest' IS DISTINCT FROM pg_catalog.encode(
               public.audit_redactions_digest(p_tenant, (e.details->>'erasure_id')::uuid), 'hex') THEN
            RETURN QUERY SELECT false, e.seq - 1, e.seq,
                pg_catalog.format('the redactions recorded by erasure event %s were changed', e.seq);
            RETURN;
        END IF;
        expected_prev := e.hash;
        expected_seq := e.seq + 1;
    END LOOP;
    RETURN QUERY SELECT true, expected_seq - 1, NULL::bigint, NULL::text;
END
$$;
