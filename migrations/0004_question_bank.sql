-- Question banks: banks with a category tree, questions whose content lives in versions nobody can change,
-- translations kept per field together with the version each field was translated from, and the answers the
-- per-version statistics are computed from (practice interviews fill them later).

ALTER TABLE tenants
    ADD COLUMN default_language text NOT NULL DEFAULT 'en'
        CHECK (default_language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
ALTER TABLE tenants
    ADD CONSTRAINT tenants_default_language_listed CHECK (default_language = ANY (languages));
GRANT UPDATE (default_language) ON tenants TO coach_app;

-- The text search configuration for a BCP 47 tag's primary language; 'simple' for languages PostgreSQL cannot stem.
CREATE FUNCTION search_config(p_language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (CASE pg_catalog.split_part(pg_catalog.lower(p_language), '-', 1)
        WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'de' THEN 'german' WHEN 'es' THEN 'spanish'
        WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish'
        WHEN 'da' THEN 'danish' WHEN 'nb' THEN 'norwegian' WHEN 'no' THEN 'norwegian' WHEN 'fi' THEN 'finnish'
        WHEN 'ru' THEN 'russian' WHEN 'tr' THEN 'turkish' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian'
        ELSE 'simple' END)::pg_catalog.regconfig
$$;

-- What full-text search matches: the prompt first, then the tags, stemmed in the question's language.
CREATE FUNCTION question_search_vector(p_language text, p_prompt text, p_tags text[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.setweight(pg_catalog.to_tsvector(public.search_config(p_language), p_prompt), 'A')
        || pg_catalog.setweight(pg_catalog.to_tsvector(public.search_config(p_language),
                                pg_catalog.array_to_string(p_tags, ' ')), 'B')
$$;

CREATE TABLE question_banks (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

-- A bank's category tree; `path` is the names from the top down, kept so imports and filters match whole paths.
CREATE TABLE question_categories (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    bank_id    uuid NOT NULL,
    parent_id  uuid,
    name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    path       text[] NOT NULL CHECK (cardinality(path) BETWEEN 1 AND 10 AND path[cardinality(path)] = name),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, bank_id, path),
    FOREIGN KEY (tenant_id, bank_id) REFERENCES question_banks (tenant_id, id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES question_categories (tenant_id, id)
);

-- A question: where it lives and which of its versions is the latest and which candidates see.
CREATE TABLE questions (
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    bank_id           uuid NOT NULL,
    category_id       uuid,
    external_key      text CHECK (length(external_key) BETWEEN 1 AND 100),
    language          text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    latest_version    integer NOT NULL CHECK (latest_version >= 1),
    published_version integer CHECK (published_version BETWEEN 1 AND latest_version),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, bank_id, external_key),
    CHECK (status <> 'published' OR published_version IS NOT NULL),
    FOREIGN KEY (tenant_id, bank_id) REFERENCES question_banks (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES question_categories (tenant_id, id)
);
CREATE INDEX questions_list ON questions (tenant_id, updated_at DESC, id DESC);
CREATE INDEX questions_by_bank ON questions (tenant_id, bank_id, status);

-- Every save of a question: all content fields, written once and never changed.
CREATE TABLE question_versions (
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    question_id        uuid NOT NULL,
    number             integer NOT NULL CHECK (number >= 1),
    language           text NOT NULL,
    prompt             text NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 10000),
    field              text NOT NULL DEFAULT '',
    level              text NOT NULL CHECK (level IN ('entry', 'junior', 'mid', 'senior', 'lead')),
    difficulty         text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    company            text NOT NULL DEFAULT '',
    position_type      text NOT NULL DEFAULT '',
    tags               text[] NOT NULL DEFAULT '{}',
    keywords           text[] NOT NULL DEFAULT '{}',
    hint               text NOT NULL DEFAULT '',
    follow_ups         text[] NOT NULL DEFAULT '{}',
    sample_answer      text NOT NULL DEFAULT '',
    ideal_answer_words integer CHECK (ideal_answer_words BETWEEN 10 AND 5000),
    time_limit_seconds integer CHECK (time_limit_seconds BETWEEN 15 AND 7200),
    criteria           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(criteria) = 'array'),
    change_note        text NOT NULL DEFAULT '' CHECK (length(change_note) <= 500),
    author_id          uuid,
    author_name        text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    search             tsvector GENERATED ALWAYS AS (public.question_search_vector(language, prompt, tags)) STORED,
    PRIMARY KEY (tenant_id, question_id, number),
    FOREIGN KEY (tenant_id, question_id) REFERENCES questions (tenant_id, id)
);
CREATE INDEX question_versions_search ON question_versions USING gin (search);
CREATE INDEX question_versions_tags ON question_versions USING gin (tags);

CREATE FUNCTION question_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'question versions are immutable: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER question_versions_no_update_delete BEFORE UPDATE OR DELETE ON question_versions
    FOR EACH ROW EXECUTE FUNCTION question_versions_immutable();
CREATE TRIGGER question_versions_no_truncate BEFORE TRUNCATE ON question_versions
    FOR EACH STATEMENT EXECUTE FUNCTION question_versions_immutable();

-- One translated field of a question in one language, and the source version it was translated from. Whether it
-- needs review is computed by comparing that version's field with the published one's, never stored.
CREATE TABLE question_translations (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    question_id    uuid NOT NULL,
    language       text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    field          text NOT NULL CHECK (field IN ('prompt', 'hint', 'sample_answer', 'follow_ups')),
    value          text NOT NULL CHECK (length(value) <= 20000),
    source_version integer NOT NULL,
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reviewed')),
    updated_by     uuid,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, question_id, language, field),
    FOREIGN KEY (tenant_id, question_id) REFERENCES questions (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id, source_version) REFERENCES question_versions (tenant_id, question_id, number)
);

-- The text of one translatable field of a version; lists are one entry per line.
CREATE FUNCTION question_field_text(v public.question_versions, p_field text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE p_field WHEN 'prompt' THEN v.prompt WHEN 'hint' THEN v.hint WHEN 'sample_answer' THEN v.sample_answer
                        WHEN 'follow_ups' THEN pg_catalog.array_to_string(v.follow_ups, E'\n') END
$$;

-- Each translated field's state now: 'needs_review' when its source text differs from the text of the version
-- candidates see (the published one, or the latest while nothing is published), else the stored draft/reviewed.
CREATE VIEW question_translation_states WITH (security_invoker = true) AS
SELECT t.tenant_id, t.question_id, t.language, t.field, t.source_version,
       CASE WHEN public.question_field_text(s, t.field) IS DISTINCT FROM public.question_field_text(r, t.field)
            THEN 'needs_review' ELSE t.status END AS state
  FROM question_translations t
  JOIN questions q ON q.tenant_id = t.tenant_id AND q.id = t.question_id
  JOIN question_versions s ON s.tenant_id = t.tenant_id AND s.question_id = t.question_id AND s.number = t.source_version
  JOIN question_versions r ON r.tenant_id = q.tenant_id AND r.question_id = q.id
                          AND r.number = coalesce(q.published_version, q.latest_version);

-- What a candidate answered, always against the exact version and language shown; statistics read these.
CREATE TABLE answers (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    question_id    uuid NOT NULL,
    version_number integer NOT NULL,
    language       text NOT NULL,
    user_id        uuid NOT NULL,
    score          numeric(5, 2) CHECK (score BETWEEN 0 AND 100),
    answered_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id, version_number) REFERENCES question_versions (tenant_id, question_id, number),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX answers_by_version ON answers (tenant_id, question_id, version_number);

-- An uploaded file between its dry run and its apply: the apply step re-plans the same bytes and goes ahead only if
-- the plan is the one the dry run showed.
CREATE TABLE question_imports (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    bank_id     uuid NOT NULL,
    format      text NOT NULL CHECK (format IN ('json', 'csv', 'moodle-xml')),
    filename    text NOT NULL DEFAULT '' CHECK (length(filename) <= 255),
    content     bytea NOT NULL,
    plan_digest text NOT NULL,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    applied_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bank_id) REFERENCES question_banks (tenant_id, id)
);

-- Per question version: attempts, mean score and spread, beside its bank's mean; "needs checking" when at least five
-- scored answers put the version's mean 20 points or more away from the bank's.
CREATE VIEW question_version_stats WITH (security_invoker = true) AS
WITH per_version AS (
    SELECT a.tenant_id, a.question_id, a.version_number, count(*)::int AS attempts,
           round(avg(a.score), 1) AS mean, round(coalesce(stddev_samp(a.score), 0), 1) AS spread
      FROM answers a WHERE a.score IS NOT NULL
     GROUP BY a.tenant_id, a.question_id, a.version_number),
per_bank AS (
    SELECT a.tenant_id, q.bank_id, round(avg(a.score), 1) AS mean
      FROM answers a JOIN questions q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
     WHERE a.score IS NOT NULL
     GROUP BY a.tenant_id, q.bank_id)
SELECT v.tenant_id, v.question_id, v.version_number, v.attempts, v.mean, v.spread, b.mean AS bank_mean,
       (v.attempts >= 5 AND abs(v.mean - b.mean) >= 20) AS needs_checking
  FROM per_version v
  JOIN questions q ON q.tenant_id = v.tenant_id AND q.id = v.question_id
  JOIN per_bank b ON b.tenant_id = q.tenant_id AND b.bank_id = q.bank_id;

SELECT enable_tenant_isolation('question_banks');
SELECT enable_tenant_isolation('question_categories');
SELECT enable_tenant_isolation('questions');
SELECT enable_tenant_isolation('question_versions');
SELECT enable_tenant_isolation('question_translations');
SELECT enable_tenant_isolation('answers');
SELECT enable_tenant_isolation('question_imports');

GRANT SELECT, INSERT ON question_banks, question_categories TO coach_app;
GRANT UPDATE (name, description) ON question_banks TO coach_app;
GRANT SELECT, INSERT ON questions TO coach_app;
GRANT UPDATE (category_id, status, latest_version, published_version, updated_at) ON questions TO coach_app;
GRANT SELECT, INSERT ON question_versions TO coach_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON question_translations TO coach_app;
GRANT SELECT, INSERT ON answers TO coach_app;
GRANT SELECT, INSERT ON question_imports TO coach_app;
GRANT UPDATE (applied_at) ON question_imports TO coach_app;
GRANT SELECT ON question_translation_states, question_version_stats TO coach_app;
