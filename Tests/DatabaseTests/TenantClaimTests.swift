import App
import Foundation
import SchemaTools
import TestSupport
import Testing

/// What a SQL injection running as `coach_app` could try, and what it gets.
@Suite("Only the server's signed tenant claim selects a tenant")
struct TenantClaimTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    @Test("Setting app.tenant_id, the old way to select a tenant, shows no tenant's rows")
    func bareTenantIDSelectsNothing() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            try app.transaction {
                try app.query("SELECT set_config('app.tenant_id', $1, true)", [tenants.globexID])
                for table in ["tenants", "users", "sessions", "audit_events", "sign_in_attempts"] {
                    #expect(try app.query("SELECT count(*) FROM \(table)") == [["0"]], "\(table) leaked rows")
                }
            }
        }
    }

    @Test("A forged, altered, stale or malformed claim is refused with an error")
    func forgedClaimsFail() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            let acme = cluster.claims.claim(for: UUID(uuidString: tenants.acmeID)!)
            let parts = acme.split(separator: ".").map(String.init)
            let wrongKey = try TenantClaim(key: Array(repeating: 1, count: 32)).claim(for: UUID(uuidString: tenants.globexID)!)
            let forged = [
                ("signed with another key", wrongKey, "invalid tenant claim"),
                ("acme's signature on globex", "\(tenants.globexID.lowercased()).\(parts[1]).\(parts[2])", "invalid tenant claim"),
                (
                    "ten minutes old", cluster.claims.claim(for: UUID(uuidString: tenants.acmeID)!, at: Date().addingTimeInterval(-600)),
                    "stale tenant claim"
                ),
                ("not a claim", tenants.globexID, "malformed tenant claim"),
            ]
            for (label, claim, message) in forged {
                try app.execute("BEGIN")
                try app.query("SELECT set_config('app.tenant_claim', $1, true)", [claim])
                let error = #expect(throws: PQError.self, "\(label) must fail") { try app.query("SELECT count(*) FROM users") }
                #expect(error?.message.contains(message) == true, "\(label): \(error?.message ?? "")")
                try app.execute("ROLLBACK")
            }
            // The real claim works on the same connection, so the refusals above are the claim's doing.
            try app.transaction {
                try app.query("SELECT set_config('app.tenant_claim', $1, true)", [acme])
                #expect(try app.query("SELECT count(*) FROM users") == [["2"]])
            }
        }
    }

    @Test("The runtime role can neither read the key nor mint a claim")
    func keyIsOutOfReach() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            let read = #expect(throws: PQError.self) { try app.query("SELECT secret FROM tenant_claim_key") }
            #expect(read?.message.contains("permission denied") == true)
            let mint = #expect(throws: PQError.self) { try app.query("SELECT tenant_claim($1)", [tenants.globexID]) }
            #expect(mint?.message.contains("permission denied") == true)
        }
    }

    @Test("With acme's claim, globex's audit chain can be neither written nor held")
    func otherTenantsChainIsOutOfReach() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let intruder = try database.appConnection()
            try intruder.execute("BEGIN")
            try database.claim(tenants.acmeID, on: intruder)
            // The old chain lock, taken by hand, and the new one (globex's tenant row) which RLS hides.
            try intruder.query("SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))", [tenants.globexID])
            #expect(try intruder.query("SELECT 1 FROM tenants WHERE id = $1 FOR NO KEY UPDATE", [tenants.globexID]).isEmpty)
            #expect(throws: PQError.self) {
                try intruder.query(
                    "INSERT INTO audit_events (tenant_id, actor_label, action, prev_hash, hash) VALUES ($1, 'forged', 'auth.sign_in', '', '')",
                    [tenants.globexID]
                )
            }
            // Meanwhile globex writes its own events without waiting for the intruder's transaction.
            let globex = try database.appConnection()
            try globex.transaction {
                try database.claim(tenants.globexID, on: globex)
                try globex.execute("SET LOCAL lock_timeout = '2s'")
                try globex.query(
                    "INSERT INTO audit_events (tenant_id, actor_label, action, prev_hash, hash) VALUES ($1, 'globex', 'auth.sign_in', '', '')",
                    [tenants.globexID]
                )
            }
            try intruder.execute("ROLLBACK")
            try intruder.execute("BEGIN")
            try database.claim(tenants.acmeID, on: intruder)
            let refused = #expect(throws: PQError.self, "sealing is for the claimed tenant only") {
                try intruder.query("SELECT audit_seal($1, 10)", [tenants.globexID])
            }
            #expect(refused?.message.contains("only for the tenant this transaction has selected") == true)
            try intruder.execute("ROLLBACK")
        }
    }

    @Test("The catalog check reports a policy that trusts a bare app.tenant_id")
    func catalogRejectsBareSetting() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            try owner.execute(
                """
                CREATE TABLE trusting_notes (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
                ALTER TABLE trusting_notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE trusting_notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON trusting_notes
                    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
                    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
                CREATE FUNCTION peek_notes() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
                    SET search_path = pg_catalog, pg_temp
                    AS $$ SELECT count(*) FROM public.trusting_notes WHERE tenant_id = current_setting('app.tenant_id')::uuid $$;
                REVOKE ALL ON FUNCTION peek_notes() FROM PUBLIC;
                """
            )
            let violations = try CatalogCheck(connection: owner).violations()
            #expect(violations.contains("trusting_notes: no policy checks the tenant claim (app_tenant()) in USING and WITH CHECK"))
            #expect(violations.contains("trusting_notes: a policy trusts the bare app.tenant_id setting"))
            #expect(violations.contains("function peek_notes trusts the bare app.tenant_id setting"))
        }
    }
}
