import App
import SchemaTools
import TestSupport
import Testing

@Suite("Schema catalog follows the database rules")
struct CatalogTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    @Test("The migrated schema has no violations")
    func migratedSchemaIsClean() async throws {
        try await cluster.withFreshDatabase { database in
            let violations = try CatalogCheck(connection: try database.ownerConnection()).violations()
            #expect(violations == [])
        }
    }

    @Test("A new tenant table without row-level security is reported")
    func tableWithoutRLSFails() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            try owner.execute("CREATE TABLE leaky_notes (tenant_id uuid, id uuid, body text, PRIMARY KEY (id))")
            let violations = try CatalogCheck(connection: owner).violations()
            #expect(violations.contains("leaky_notes: row-level security is not enabled"))
            #expect(violations.contains("leaky_notes: row-level security is not forced"))
            #expect(violations.contains("leaky_notes: has no policy"))
            #expect(violations.contains("leaky_notes: tenant_id may be NULL"))
            #expect(violations.contains("leaky_notes: primary key does not lead with tenant_id"))
        }
    }

    @Test("A policy that ignores the tenant claim and an unhardened definer function are reported")
    func weakPolicyAndDefinerFail() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            try owner.execute(
                """
                CREATE TABLE open_notes (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
                ALTER TABLE open_notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE open_notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY everything ON open_notes USING (true);
                CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
                """
            )
            let violations = try CatalogCheck(connection: owner).violations()
            #expect(violations.contains("open_notes: no policy checks the tenant claim (app_tenant()) in USING and WITH CHECK"))
            #expect(violations.contains("SECURITY DEFINER function sneaky does not set search_path"))
            #expect(violations.contains("SECURITY DEFINER function sneaky is executable by PUBLIC"))
        }
    }

    @Test("The runtime role is not superuser, has no BYPASSRLS and owns nothing")
    func runtimeRoleIsUnprivileged() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            let role = try owner.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'coach_app'")
            #expect(role.first == ["f", "f"])
            let lookup = try owner.query("SELECT rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname = 'coach_lookup'")
            #expect(lookup.first == ["f", "t"])
            // Lookups before the tenant is known run as coach_lookup; the two other SECURITY DEFINER functions, the erasure
            // of a candidate and the sealing of audit events, run as the schema owner so that row-level security still binds
            // them to the claimed tenant.
            let definerOwners = try owner.query(
                """
                SELECT DISTINCT pg_get_userbyid(proowner), proname IN ('erase_candidate', 'audit_seal') FROM pg_proc
                 WHERE prosecdef AND pronamespace = 'public'::regnamespace ORDER BY 1
                """
            )
            #expect(definerOwners == [["coach_lookup", "f"], ["coach_owner", "t"]])
        }
    }

    @Test("A table that could not be distributed by tenant_id is reported")
    func distributionByTenant() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            try owner.execute(
                """
                CREATE TABLE scattered_notes (tenant_id uuid NOT NULL, id uuid NOT NULL, user_id uuid NOT NULL, slug text NOT NULL,
                    PRIMARY KEY (tenant_id, id), UNIQUE (slug), FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id));
                CREATE TABLE loose_links (tenant_id uuid NOT NULL, id uuid NOT NULL, note_tenant uuid NOT NULL, note_id uuid NOT NULL,
                    PRIMARY KEY (tenant_id, id), FOREIGN KEY (note_tenant, note_id) REFERENCES scattered_notes (tenant_id, id));
                """
            )
            let violations = try CatalogCheck(connection: owner).violations()
            #expect(violations.contains("scattered_notes: unique index scattered_notes_slug_key does not include tenant_id"))
            #expect(
                violations.contains("loose_links: foreign key loose_links_note_tenant_note_id_fkey to scattered_notes does not join on tenant_id")
            )
            #expect(!violations.contains { $0.hasPrefix("scattered_notes: foreign key") }, "a composite key through tenant_id is fine")
        }
    }
}
