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

    @Test("The pool opens connections on demand and closes those idle for its idle timeout")
    func idleConnectionsClose() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let acme = UUID(uuidString: try await TwoTenants.create(in: database).acmeID)!
            let owner = try database.ownerConnection()
            var configuration = database.appConfiguration
            configuration.idleTimeout = .seconds(1)
            let open = {
                try owner.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1",
                    [configuration.user]
                ).firstText()
            }
            let pool = Database(configuration: configuration, claims: cluster.claims, maximumConnections: 3, logger: .test)
            try await pool.running { db in
                #expect(try open() == "0", "none before the first request")
                let held = try await db.holdingConnections(3, tenant: acme) { try open() }
                #expect(held == "3", "three held at once")
                #expect(try await eventually(timeout: .seconds(10)) { try open() == "0" }, "all three closed once idle for 1 s")
            }
        }
    }
}
