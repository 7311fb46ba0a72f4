-- A template's page counts its interviews by state (completion) and reads their scores (distribution); without this
-- index both read every interview of the tenant.
CREATE INDEX interviews_by_template ON interviews (tenant_id, template_id, status);

-- The server's /readyz compares the applied migrations with the files it started with.
GRANT SELECT ON schema_migrations TO coach_app;
