import App
import Foundation
import Logging
import PostgresNIO
import SchemaTools
import TestSupport
import Testing

@Suite("Row-level security as the runtime role")
struct TenantIsolationTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    @Test("With tenant A selected, tenant B's rows cannot be read, changed, deleted or created")
    func crossTenantAccessTouchesNothing() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            try app.transaction {
                try database.claim(tenants.acmeID, on: app)
                let b = tenants.globexID
                #expect(try app.query("SELECT id FROM users WHERE tenant_id = $1", [b]).isEmpty)
                #expect(try app.query("SELECT id FROM tenants WHERE id = $1", [b]).isEmpty)
                #expect(try app.query("SELECT id FROM audit_events WHERE tenant_id = $1", [b]).isEmpty)
                #expect(try app.query("UPDATE users SET name = 'pwned' WHERE tenant_id = $1 RETURNING id", [b]).isEmpty)
                #expect(try app.query("DELETE FROM sessions WHERE tenant_id = $1 RETURNING id", [b]).isEmpty)
                #expect(try app.query("DELETE FROM users WHERE tenant_id = $1 RETURNING id", [b]).isEmpty)
                // Own rows are visible, so the emptiness above is RLS, not an empty table.
                #expect(try app.query("SELECT id FROM users WHERE tenant_id = $1", [tenants.acmeID]).count == 2)
            }
            try app.execute("BEGIN")
            try database.claim(tenants.acmeID, on: app)
            let insert = #expect(throws: PQError.self) {
                try app.query(
                    "INSERT INTO users (tenant_id, email, name, role) VALUES ($1, 'intruder@globex.test', 'Intruder', 'owner')",
                    [tenants.globexID]
                )
            }
            #expect(insert?.message.contains("row-level security") == true)
            try app.execute("ROLLBACK")
            // Nothing changed for B, seen by the owner.
            let owner = try database.ownerConnection()
            try owner.transaction {
                try owner.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [tenants.globexID])
                #expect(
                    try owner.query("SELECT name FROM users WHERE tenant_id = $1 ORDER BY name", [tenants.globexID]).map { $0[0]! } == [
                        "Gina Globex", "Gus Candidate",
                    ]
                )
            }
        }
    }

    @Test("Without a tenant selected, every tenant table is empty")
    func noTenantSeesNothing() async throws {
        try await cluster.withFreshDatabase { database in
            _ = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            for table in ["tenants", "users", "sessions", "audit_events"] {
                #expect(try app.query("SELECT count(*) FROM \(table)") == [["0"]], "\(table) leaked rows")
            }
        }
    }

    @Test("Moving a row to another tenant is refused")
    func cannotReassignTenant() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            try app.execute("BEGIN")
            try database.claim(tenants.acmeID, on: app)
            #expect(throws: PQError.self) {
                try app.query("UPDATE users SET tenant_id = $1 WHERE tenant_id = $2", [tenants.globexID, tenants.acmeID])
            }
            try app.execute("ROLLBACK")
        }
    }

    @Test("The runtime role cannot switch row-level security off or change schema")
    func runtimeRoleCannotDisableRLS() async throws {
        try await cluster.withFreshDatabase { database in
            let app = try database.appConnection()
            #expect(throws: PQError.self) { try app.execute("ALTER TABLE users DISABLE ROW LEVEL SECURITY") }
            #expect(throws: PQError.self) { try app.execute("DROP POLICY tenant_isolation ON users") }
            #expect(throws: PQError.self) { try app.execute("CREATE TABLE sneaky (id int)") }
            #expect(throws: PQError.self) { try app.execute("UPDATE tenants SET plan_id = 'enterprise'") }
        }
    }

    @Test("A pooled connection used for A and then B never shows A's rows to B (1,000 interleaved requests)")
    func pooledConnectionsDoNotLeak() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let ids = [UUID(uuidString: tenants.acmeID)!, UUID(uuidString: tenants.globexID)!]
            let db = database.appDatabase(maximumConnections: 3)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                let leaks = try await withThrowingTaskGroup(of: Int.self) { requests in
                    var leaks = 0
                    for index in 0..<1000 {
                        if index >= 8 { leaks += try await requests.next() ?? 0 }
                        requests.addTask {
                            let tenant = ids[index % 2]
                            let seen = try await db.withTenant(tenant, logger: .test) { db in
                                var seen: [UUID] = []
                                for try await id in try await db.connection.query("SELECT tenant_id FROM users", logger: .test).decode(UUID.self) {
                                    seen.append(id)
                                }
                                return seen
                            }
                            // Outside the transaction the setting is gone again.
                            var outside = 0
                            for try await count in try await db.client.query("SELECT count(*)::int FROM users", logger: .test).decode(Int.self) {
                                outside = count
                            }
                            return seen.filter { $0 != tenant }.count + (seen.count == 2 ? 0 : 1) + outside
                        }
                    }
                    for try await value in requests { leaks += value }
                    return leaks
                }
                #expect(leaks == 0)
                group.cancelAll()
            }
        }
    }

    @Test("SECURITY DEFINER lookups return only what is needed before the tenant is known")
    func lookups() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            #expect(try app.query("SELECT id, status FROM lookup_tenant_by_slug('acme')") == [[tenants.acmeID, "active"]])
            #expect(try app.query("SELECT id FROM lookup_tenant_by_slug('nope')").isEmpty)
            // Once the tenant is known, sign-in reads accounts under the policies: the bypassing lookup is gone.
            let gone = #expect(throws: PQError.self) {
                try app.query("SELECT password_hash FROM lookup_login_candidate($1, 'owner@globex.test')", [tenants.globexID])
            }
            #expect(gone?.message.contains("does not exist") == true)
            #expect(throws: PQError.self) { try PQConnection(database.ownerConfiguration.with(user: "coach_lookup", password: "x")) }
        }
    }
}
