import App
import Foundation
import SchemaTools
import TestSupport
import Testing

/// The pool after PostgreSQL cut every connection and refused new ones for a while, as when it restarts.
@Suite("The connection pool after an outage")
struct PoolRecoveryTests {
    @Test("Requests at once after an outage all get a connection, and the pool opens its connections again")
    func growsBackAfterAnOutage() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let acme = UUID(uuidString: try await TwoTenants.create(in: database).acmeID)!
            var configuration = database.appConfiguration
            configuration.idleTimeout = DatabaseConfiguration.serverIdleTimeout  // as coach-server builds its pool
            let pool = Database(configuration: configuration, claims: cluster.claims, maximumConnections: 4, logger: .test)
            let owner = try database.ownerConnection()
            let killer = try database.appConnection()  // opened first: a role may end its own role's sessions
            let appSessions = """
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()
                """
            try await pool.running { db in
                let first = try await db.holdingConnections(4, tenant: acme) { try killer.query(appSessions).firstText() }
                #expect(first == "4", "four connections at first")
                // The outage: new connections are refused, then every open one is cut.
                try owner.execute("ALTER DATABASE \(database.name) CONNECTION LIMIT 0")
                _ = try killer.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()
                    """
                )
                try await Task.sleep(for: .seconds(1))  // the pool tries to reconnect, fails, and backs off
                try owner.execute("ALTER DATABASE \(database.name) CONNECTION LIMIT -1")
                let back = try await eventually {
                    let one: Int? = try? await db.withTenant(acme, logger: .test) { tenant -> Int? in
                        try await tenant.first("SELECT 1", as: Int.self)
                    }
                    return one == 1
                }
                #expect(back, "the pool reconnects by itself")
                // The pool has fewer connections than it needs: it must open more while requests wait. (postgres-nio
                // 1.33's pool, told to keep a minimum open, could stop the process on that path: see `Database.init`.)
                let again = try await db.holdingConnections(4, tenant: acme) { try killer.query(appSessions).firstText() }
                #expect(again == "4", "four connections again")
            }
        }
    }

}
