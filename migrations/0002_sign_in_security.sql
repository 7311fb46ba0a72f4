-- Sign-in security: TOTP two-factor authentication, recovery codes, step-up,
-- per-IP throttling, growing lockouts, and the tenant policy behind them.

ALTER TABLE tenants
    ADD COLUMN require_2fa_grace_days integer NOT NULL DEFAULT 7 CHECK (require_2fa_grace_days BETWEEN 0 AND 90),
    ADD COLUMN require_2fa_since      timestamptz,
    ADD COLUMN ip_failure_threshold   integer NOT NULL DEFAULT 20 CHECK (ip_failure_threshold BETWEEN 5 AND 1000),
    ADD COLUMN lockout_growth         integer NOT NULL DEFAULT 2 CHECK (lockout_growth BETWEEN 1 AND 10);

GRANT UPDATE (require_2fa_grace_days, require_2fa_since, ip_failure_threshold, lockout_growth) ON tenants TO coach_app;

ALTER TABLE users
    ADD COLUMN totp_enabled_at     timestamptz,
    ADD COLUMN lock_count          integer NOT NULL DEFAULT 0,
    ADD COLUMN password_changed_at timestamptz;

ALTER TABLE sessions
    ADD COLUMN reauthenticated_at timestamptz,
    ADD COLUMN mfa_failures       integer NOT NULL DEFAULT 0;

-- Single-use recovery codes, stored as keyed hashes.
CREATE TABLE recovery_codes (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL,
    code_hash  bytea NOT NULL CHECK (length(code_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- Every password attempt: drives per-IP throttling and the user's own "recent failures" list.
CREATE TABLE sign_in_attempts (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    id           uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid,
    email        text NOT NULL,
    ip           inet,
    user_agent   text,
    succeeded    boolean NOT NULL,
    reason       text,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (tenant_id, ip, attempted_at DESC) WHERE NOT succeeded;
CREATE INDEX sign_in_attempts_user ON sign_in_attempts (tenant_id, user_id, attempted_at DESC);

SELECT enable_tenant_isolation('recovery_codes');

SELECT enable_tenant_isolation('sign_in_attempts');

GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_codes TO coach_app;
GRANT SELECT, INSERT, DELETE ON sign_in_attempts TO coach_app;
