import App
import Foundation
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
}
