-- A candidate's progress: the time zone their streaks are counted in, their choice to appear on the tenant's
-- leaderboard, templates assigned to some candidates only, and the PDF of an interview's report, kept with the
-- interview once rendered. Like answers, none of this is in the audit chain except the admins' assignments.

ALTER TABLE users
    ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64),
    ADD COLUMN leaderboard_opt_in boolean NOT NULL DEFAULT false,
    ADD COLUMN leaderboard_show_name boolean NOT NULL DEFAULT false;

-- 'all': every candidate may start it; 'assigned': only those in template_assignments.
ALTER TABLE interview_templates
    ADD COLUMN audience text NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'assigned'));
GRANT UPDATE (audience) ON interview_templates TO coach_app;

CREATE TABLE template_assignments (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    template_id uuid NOT NULL,
    user_id     uuid NOT NULL,
    assigned_by uuid,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, template_id, user_id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES interview_templates (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX template_assignments_by_user ON template_assignments (tenant_id, user_id);
SELECT enable_tenant_isolation('template_assignments');
GRANT SELECT, INSERT, DELETE ON template_assignments TO coach_app;

CREATE TABLE interview_reports (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    interview_id uuid NOT NULL,
    pdf          bytea NOT NULL CHECK (length(pdf) BETWEEN 5 AND 10485760),
    rendered_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, interview_id),
    FOREIGN KEY (tenant_id, interview_id) REFERENCES interviews (tenant_id, id)
);
SELECT enable_tenant_isolation('interview_reports');
GRANT SELECT, INSERT ON interview_reports TO coach_app;

-- Erasure (erase_candidate, 0008) also forgets the person's time zone and leaderboard choice, and deletes the
-- rendered reports, which print the person's name. A plain trigger, so it runs with erase_candidate's rights.
CREATE FUNCTION forget_progress_on_erasure() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL THEN
        NEW.time_zone := NULL;
        NEW.leaderboard_opt_in := false;
        NEW.leaderboard_show_name := false;
        DELETE FROM public.interview_reports r
         USING public.interviews i
         WHERE r.tenant_id = NEW.tenant_id AND i.tenant_id = NEW.tenant_id
           AND r.interview_id = i.id AND i.user_id = NEW.id;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_forget_progress BEFORE UPDATE OF erased_at ON users
    FOR EACH ROW EXECUTE FUNCTION forget_progress_on_erasure();
