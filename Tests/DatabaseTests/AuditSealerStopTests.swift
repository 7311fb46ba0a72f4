import App
import Foundation
import ServiceLifecycle
import TestSupport
import Testing

@Suite("The audit sealer stops when the server shuts down, even in the middle of a backlog")
struct AuditSealerStopTests {
    static let backlog = 50_000

    @Test("Shut down gracefully while a large backlog is being sealed, the sealer stops after a batch and leaves the rest")
    func stopsBetweenBatches() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            _ = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                INSERT INTO audit_events (tenant_id, actor_label, action, outcome, details, prev_hash, hash)
                SELECT $1::uuid, 'load@acme.test', 'auth.sign_in_failed', 'failure', jsonb_build_object('n', n::text), '', ''
                  FROM generate_series(1, \(Self.backlog)) n
                """,
                [tenants.acmeID]
            )
            let db = database.appDatabase(maximumConnections: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                let sealer = AuditSealer(database: db, interval: .milliseconds(10), batch: 100, logger: .test)
                let services = ServiceGroup(services: [sealer], logger: .test)
                let running = Task { try await services.run() }
                // Once it is under way, shut down as SIGTERM does (its tasks are not cancelled).
                let until = ContinuousClock.now + .seconds(60)
                while try AuditChainTests.unsealed(database, tenants.acmeID) > Self.backlog - 300, ContinuousClock.now < until {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let asked = ContinuousClock.now
                await services.triggerGracefulShutdown()
                _ = await running.result
                let took = ContinuousClock.now - asked
                let left = try AuditChainTests.unsealed(database, tenants.acmeID)
                #expect(left > Self.backlog / 2, "it stopped after a batch instead of sealing the whole backlog (\(left) left)")
                #expect(took < .seconds(10), "it took \(took) to stop")
                group.cancelAll()
            }
            // What it sealed is a chain without a gap; the rest waits for the next start.
            let sealed = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) = max(seq) FROM audit_events WHERE tenant_id = $1 AND seq IS NOT NULL",
                [tenants.acmeID]
            )
            #expect(sealed == [["t"]])
        }
    }
}
