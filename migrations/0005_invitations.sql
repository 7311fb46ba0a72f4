-- People join by invitation. An invitation names an email and a role; its link carries a random token of which only
-- the SHA-256 is stored. A link is single-use, expires (7 days unless the tenant sets 1-30), and dies when the
-- invitation is resent or revoked. Mail the product sends waits in an outbox, its body sealed with the data keys
-- because it carries a link, and cleared once sent.

ALTER TABLE tenants ADD COLUMN invitation_days integer NOT NULL DEFAULT 7 CHECK (invitation_days BETWEEN 1 AND 30);
GRANT UPDATE (invitation_days, name) ON tenants TO coach_app;

CREATE TABLE invitations (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    email            text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
    name             text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    role             text NOT NULL CHECK (role IN ('owner', 'admin', 'auditor', 'editor', 'translator', 'candidate')),
    token_hash       bytea NOT NULL CHECK (length(token_hash) = 32),
    invited_by       uuid,
    invited_by_label text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_user    uuid,
    ended_at         timestamptz,
    ended_reason     text CHECK (ended_reason IN ('revoked', 'resent', 'expired')),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, invited_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, accepted_user) REFERENCES users (tenant_id, id),
    CHECK (accepted_at IS NULL OR ended_at IS NULL),
    CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
-- One open invitation per email and tenant; an open one past its expiry is ended as 'expired' before a new one.
CREATE UNIQUE INDEX invitations_open_email ON invitations (tenant_id, email) WHERE accepted_at IS NULL AND ended_at IS NULL;
SELECT enable_tenant_isolation('invitations');
GRANT SELECT, INSERT ON invitations TO coach_app;
GRANT UPDATE (accepted_at, accepted_user, ended_at, ended_reason) ON invitations TO coach_app;

CREATE TABLE outbox (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    kind        text NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'upgrade_request')),
    to_address  text NOT NULL CHECK (length(to_address) <= 254),
    subject     text NOT NULL CHECK (length(subject) <= 200),
    body_sealed bytea,
    key_version integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text CHECK (length(last_error) <= 500),
    PRIMARY KEY (tenant_id, id),
    CHECK ((body_sealed IS NULL) = (key_version IS NULL))
);
CREATE INDEX outbox_unsent ON outbox (tenant_id, created_at) WHERE sent_at IS NULL;
SELECT enable_tenant_isolation('outbox');
GRANT SELECT, INSERT ON outbox TO coach_app;
GRANT UPDATE (body_sealed, key_version, sent_at, attempts, last_error) ON outbox TO coach_app;

-- An account the operator created with a one-time password must choose its own at first sign-in.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- "Forgot password?": a single-use link that expires after an hour; only the SHA-256 of its token is stored.
CREATE TABLE password_resets (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL,
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX password_resets_by_user ON password_resets (tenant_id, user_id, created_at);
SELECT enable_tenant_isolation('password_resets');
GRANT SELECT, INSERT ON password_resets TO coach_app;
GRANT UPDATE (used_at) ON password_resets TO coach_app;

-- When each person last completed a sign-in (password and, if enrolled, the second factor), for the people list.
ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz;
CREATE INDEX users_by_name ON users (tenant_id, lower(name), id);
