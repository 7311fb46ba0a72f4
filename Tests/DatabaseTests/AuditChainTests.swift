import App
import Foundation
import Logging
import PostgresNIO
import SchemaTools
import TestSupport
import Testing

@Suite("Audit events are append-only and hash-chained")
struct AuditChainTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    @Test("The runtime role can insert but not update, delete or truncate; triggers stop even the owner")
    func appendOnly() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            for statement in ["UPDATE audit_events SET actor_label = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
                try app.execute("BEGIN")
                try database.claim(tenants.acmeID, on: app)
                #expect(throws: PQError.self, "\(statement) must fail") { try app.execute(statement) }
                try app.execute("ROLLBACK")
            }
            let owner = try database.ownerConnection()
            for statement in ["UPDATE audit_events SET actor_label = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
                try owner.execute("BEGIN")
                try owner.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [tenants.acmeID])
                let error = #expect(throws: PQError.self) { try owner.execute(statement) }
                #expect(error?.message.contains("append-only") == true, "\(statement): \(error?.message ?? "")")
                try owner.execute("ROLLBACK")
            }
        }
    }

    @Test("20 concurrent writers × 50 events in one tenant, sealed meanwhile by two sealers, give seq 1..n with no gap or fork")
    func concurrentWritersKeepOneChain() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let tenantID = UUID(uuidString: tenants.acmeID)!
            let db = database.appDatabase(maximumConnections: 20)
            let log = AuditLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                // Two sealers, as two coach-server instances would run them, small batches so they interleave. They stop
                // before the pool does: a lease still waiting when the pool stops would never be answered.
                let sealers = Task {
                    try await withThrowingTaskGroup(of: Void.self) { sealers in
                        for _ in 0..<2 {
                            sealers.addTask { try await AuditSealer(database: db, interval: .milliseconds(20), batch: 7, logger: .test).run() }
                        }
                        try await sealers.waitForAll()
                    }
                }
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for writer in 0..<20 {
                        writers.addTask {
                            for index in 0..<50 {
                                try await db.withTenant(tenantID, logger: .test) { db in
                                    try await log.record(
                                        AuditEvent(
                                            action: .signInFailed,
                                            outcome: .failure,
                                            actor: AuditActor(label: "writer\(writer)"),
                                            details: ["n": String(index)]
                                        ),
                                        in: db
                                    )
                                }
                            }
                        }
                    }
                    try await writers.waitForAll()
                }
                _ = try await eventually { try Self.unsealed(database, tenants.acmeID) == 0 }
                sealers.cancel()
                _ = await sealers.result
                group.cancelAll()
            }
            #expect(try Self.unsealed(database, tenants.acmeID) == 0, "the sealers linked every committed event")
            let summary = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                WITH chain AS (
                    SELECT seq, hash, prev_hash, sha256(prev_hash || audit_event_canonical(a)) AS recomputed,
                           lag(hash) OVER (ORDER BY seq) AS previous
                      FROM audit_events a WHERE tenant_id = $1)
                SELECT count(*), min(seq), max(seq), count(DISTINCT seq),
                       bool_and(hash = recomputed), bool_and(previous IS NULL OR prev_hash = previous)
                  FROM chain
                """,
                [tenants.acmeID]
            )[0]
            // TwoTenants wrote 2 events for acme (tenant created, candidate created) before the 1,000.
            #expect(summary == ["1002", "1", "1002", "1002", "t", "t"])
        }
    }

    static func unsealed(_ database: TestDatabase, _ tenantID: String) throws -> Int {
        Int(try database.ownerQuery(tenant: tenantID, "SELECT count(*) FROM audit_events WHERE seq IS NULL")[0][0] ?? "") ?? -1
    }

    @Test("Sealing changes only the chain columns, once, with the right hash, and only for the claimed tenant")
    func sealingIsGuarded() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let owner = try database.ownerConnection()
            let attempts = [
                "UPDATE audit_events SET seq = 99, prev_hash = '\\x00', hash = '\\x00' WHERE seq IS NULL",
                "UPDATE audit_events SET seq = 1, prev_hash = '\\x00', hash = sha256('\\x00'::bytea || audit_event_canonical(audit_events)), "
                    + "actor_label = 'someone else' WHERE seq IS NULL",
            ]
            for statement in attempts {
                try owner.execute("BEGIN")
                try owner.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [tenants.acmeID])
                try owner.execute("SELECT set_config('app.audit_seal', 'on', true)")
                let error = #expect(throws: PQError.self) { try owner.execute(statement) }
                #expect(error?.message.contains("append-only") == true, "\(statement): \(error?.message ?? "")")
                try owner.execute("ROLLBACK")
            }
            #expect(try database.sealAudit(tenant: tenants.acmeID) == 2)
            // Once sealed, an event is never sealed again.
            try owner.execute("BEGIN")
            try owner.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [tenants.acmeID])
            try owner.execute("SELECT set_config('app.audit_seal', 'on', true)")
            #expect(throws: PQError.self) { try owner.execute("UPDATE audit_events SET seq = seq + 10 WHERE seq = 1") }
            try owner.execute("ROLLBACK")
            // The server's role may seal its claimed tenant only, and may not write the chain columns itself.
            let app = try database.appConnection()
            try app.execute("BEGIN")
            try database.claim(tenants.acmeID, on: app)
            #expect(throws: PQError.self) { try app.query("SELECT audit_seal($1, 10)", [tenants.globexID]) }
            try app.execute("ROLLBACK")
            try app.execute("BEGIN")
            try database.claim(tenants.acmeID, on: app)
            try app.query(
                "INSERT INTO audit_events (tenant_id, actor_label, action, seq, prev_hash, hash) VALUES ($1, 'x', 'auth.sign_in', 7, '\\x01', '\\x01')",
                [tenants.acmeID]
            )
            #expect(try app.query("SELECT count(*) FROM audit_events WHERE seq IS NULL AND actor_label = 'x'") == [["1"]])
            #expect(try app.query("SELECT audit_seal($1, 10)", [tenants.acmeID]) == [["1"]])
            try app.execute("COMMIT")
            #expect(try database.sealAudit(tenant: tenants.globexID) == 2)
            let chains = try await database.withOperator { admin in
                (try await admin.verifyAudit(slug: "acme"), try await admin.verifyAudit(slug: "globex"))
            }
            #expect(chains.0.summary == "chain intact up to seq 3")
            #expect(chains.1.summary == "chain intact up to seq 2")
        }
    }

    @Test("A rolled-back change leaves no event")
    func rollbackLeavesNoEvent() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let tenantID = UUID(uuidString: tenants.acmeID)!
            let db = database.appDatabase(maximumConnections: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                struct Boom: Error {}
                await #expect(throws: Boom.self) {
                    try await db.withTenant(tenantID, logger: .test) { db in
                        try await AuditLog().record(AuditEvent(action: .tenantViewed, actor: AuditActor(label: "ghost")), in: db)
                        throw Boom()
                    }
                }
                group.cancelAll()
            }
            let ghosts = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM audit_events WHERE actor_label = 'ghost'")
            #expect(ghosts == [["0"]])
        }
    }

    @Test("Operator actions are audited in the tenant's own chain")
    func operatorActionsAreAudited() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            try await database.withOperator { admin in
                try await admin.suspend(slug: "globex", reason: "unpaid invoice")
                try await admin.resume(slug: "globex")
            }
            let actions = try database.ownerQuery(
                tenant: tenants.globexID,
                "SELECT action, actor_label, details->>'reason' FROM audit_events ORDER BY pos"
            )
            #expect(actions.map { $0[0]! } == ["tenant.created", "user.created", "tenant.suspended", "tenant.resumed"])
            #expect(actions[2] == ["tenant.suspended", "operator:test", "unpaid invoice"])
        }
    }
}
