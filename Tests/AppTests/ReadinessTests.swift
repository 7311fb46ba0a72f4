import App
import Foundation
import HTTPTypes
import Testing

@Suite("Health and readiness")
struct ReadinessTests {
    @Test("healthz says the process is up; readyz says ready while the database's migrations are this server's")
    func ready() async throws {
        try await withApp { browser, _, _ in
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok && health.text == "ok\n")
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .ok && ready.text == "ready\n")
            #expect(ready.headers[.cacheControl] == "no-store")
        }
    }

    @Test("A migration this server does not know, or one it expects but the database lacks: not ready (503), named")
    func migrationsDiffer() async throws {
        try await withApp { browser, database, _ in
            let owner = try database.ownerConnection()
            _ = try owner.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ('9999', '9999_newer', 'from a newer release')")
            let newer = try await browser.get("/readyz")
            #expect(newer.status == .serviceUnavailable)
            #expect(newer.text.contains("unknown or changed: 9999"), "\(newer.text)")
            _ = try owner.query("DELETE FROM schema_migrations WHERE version IN ('9999', '0010')")
            let older = try await browser.get("/readyz")
            #expect(older.status == .serviceUnavailable)
            #expect(older.text.contains("not applied: 0010"), "\(older.text)")
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok, "the process is still up")
        }
    }
}
