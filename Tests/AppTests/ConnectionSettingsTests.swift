import App
import Foundation
import SchemaTools
import TestSupport
import Testing

/// What every connection the app opens asks of PostgreSQL when it starts.
@Suite("The app's connection settings")
struct ConnectionSettingsTests {
    @Test("No just-in-time compilation, although the cluster's default has it on")
    func noJustInTimeCompilation() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let acme = UUID(uuidString: try await TwoTenants.create(in: database).acmeID)!
            let pool = Database(configuration: database.appConfiguration, claims: cluster.claims, logger: .test)
            try await pool.running { db in
                let (current, clusterDefault) = try await db.withTenant(acme, logger: .test) { tenant in
                    try await tenant.first("SELECT current_setting('jit'), boot_val FROM pg_settings WHERE name = 'jit'", as: (String, String).self)
                }!
                #expect(clusterDefault == "on", "PostgreSQL's own default, which the app's connections turn off")
                #expect(current == "off")
            }
        }
    }

    @Test("coach-server's pool opens every connection at start and keeps it; a tool's opens one on demand")
    func serverKeepsItsConnections() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let acme = UUID(uuidString: try await TwoTenants.create(in: database).acmeID)!
            let owner = try database.ownerConnection()
            for keeps in [false, true] {
                var configuration = database.appConfiguration
                configuration.keepsConnections = keeps
                let pool = Database(configuration: configuration, claims: cluster.claims, maximumConnections: 3, logger: .test)
                let open = try await pool.running { db in
                    _ = try await db.withTenant(acme, logger: .test) { try await $0.first("SELECT 1", as: Int.self) }
                    // The pool opens connections in the background: the count it settles on.
                    var open = 0
                    _ = try await eventually {
                        open =
                            Int(
                                try owner.query(
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1",
                                    [configuration.user]
                                ).firstText()
                            ) ?? -1
                        return open == (keeps ? 3 : 1)
                    }
                    return open
                }
                #expect(open == (keeps ? 3 : 1), "keepsConnections: \(keeps)")
            }
        }
    }
}
