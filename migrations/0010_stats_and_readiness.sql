-- A template's page counts its interviews by state (completion) and reads their scores (distribution); without this
-- index both read every interview of the tenant.
CREATE INDEX interviews_by_template ON interviews (tenant_id, template_id, status);

-- The server's /readyz compares the applied migrations with the files it started with.
GRANT SELECT ON schema_migrations TO coach_app;

-- A template draws from any set of banks and any set of categories (a category with its subcategories); an empty set
-- means every bank or every category. The single bank_id becomes the first of bank_ids. FORCE ROW LEVEL SECURITY is
-- lifted for the copy only, since this migration runs without a tenant claim.
ALTER TABLE interview_templates
    ADD COLUMN bank_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(bank_ids) <= 50),
    ADD COLUMN category_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(category_ids) <= 200);
ALTER TABLE interview_templates NO FORCE ROW LEVEL SECURITY;
UPDATE interview_templates SET bank_ids = ARRAY[bank_id] WHERE bank_id IS NOT NULL;
ALTER TABLE interview_templates FORCE ROW LEVEL SECURITY;
ALTER TABLE interview_templates DROP COLUMN bank_id;
