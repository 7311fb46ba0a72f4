-- Candidate practice. Admins and editors define interview templates; a candidate starts an interview from one, which
-- draws published question versions into `interview_questions` (the exact version and language each question is
-- shown in), and answers them one at a time. Answers and their scores are the candidate's activity: they live in
-- `answers`, not in the audit chain, so a thousand candidates of one tenant never queue on its chain lock.

CREATE TABLE interview_templates (
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    position             text NOT NULL DEFAULT '' CHECK (length(position) <= 200),
    level                text NOT NULL DEFAULT 'any' CHECK (level IN ('any', 'entry', 'junior', 'mid', 'senior', 'lead')),
    kind                 text NOT NULL CHECK (kind IN ('behavioural', 'technical', 'mixed')),
    question_count       integer NOT NULL CHECK (question_count BETWEEN 1 AND 20),
    bank_id              uuid,
    tags                 text[] NOT NULL DEFAULT '{}',
    seconds_per_question integer NOT NULL CHECK (seconds_per_question BETWEEN 30 AND 3600),
    due_at               timestamptz,
    archived_at          timestamptz,
    created_by           uuid,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bank_id) REFERENCES question_banks (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
SELECT enable_tenant_isolation('interview_templates');
GRANT SELECT, INSERT ON interview_templates TO coach_app;
GRANT UPDATE (archived_at) ON interview_templates TO coach_app;

CREATE TABLE interviews (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    template_id   uuid NOT NULL,
    user_id       uuid NOT NULL,
    status        text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed', 'abandoned')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    overall_score integer CHECK (overall_score BETWEEN 0 AND 100),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES interview_templates (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    CHECK ((status = 'in_progress') = (finished_at IS NULL))
);
CREATE INDEX interviews_by_user ON interviews (tenant_id, user_id, started_at DESC, id DESC);
-- One interview in progress per candidate: resuming is the way back to it.
CREATE UNIQUE INDEX interviews_one_open ON interviews (tenant_id, user_id) WHERE status = 'in_progress';
SELECT enable_tenant_isolation('interviews');
GRANT SELECT, INSERT ON interviews TO coach_app;
GRANT UPDATE (status, finished_at, overall_score) ON interviews TO coach_app;

CREATE TABLE interview_questions (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    interview_id   uuid NOT NULL,
    position       integer NOT NULL CHECK (position BETWEEN 1 AND 20),
    question_id    uuid NOT NULL,
    version_number integer NOT NULL,
    language       text NOT NULL,
    shown_at       timestamptz,
    PRIMARY KEY (tenant_id, interview_id, position),
    FOREIGN KEY (tenant_id, interview_id) REFERENCES interviews (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id, version_number) REFERENCES question_versions (tenant_id, question_id, number)
);
SELECT enable_tenant_isolation('interview_questions');
GRANT SELECT, INSERT ON interview_questions TO coach_app;
GRANT UPDATE (shown_at) ON interview_questions TO coach_app;

-- An answer given in an interview: its text, time, words, scores and the sentences that explain them, and which
-- evaluator (and model) scored it. Answers recorded before practice existed have no interview.
ALTER TABLE answers
    ADD COLUMN interview_id uuid,
    ADD COLUMN position integer,
    ADD COLUMN response text NOT NULL DEFAULT '' CHECK (length(response) <= 20000),
    ADD COLUMN seconds_taken integer CHECK (seconds_taken >= 0),
    ADD COLUMN word_count integer CHECK (word_count >= 0),
    ADD COLUMN sub_scores jsonb,
    ADD COLUMN feedback jsonb,
    ADD COLUMN evaluator text,
    ADD COLUMN model text,
    ADD CONSTRAINT answers_interview FOREIGN KEY (tenant_id, interview_id, position)
        REFERENCES interview_questions (tenant_id, interview_id, position);
CREATE UNIQUE INDEX answers_one_per_position ON answers (tenant_id, interview_id, position) WHERE interview_id IS NOT NULL;
CREATE INDEX answers_by_user ON answers (tenant_id, user_id, answered_at DESC);
