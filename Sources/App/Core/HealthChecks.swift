import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `/healthz` says the process is up, without touching the database. `/readyz` says whether this server should get
/// traffic: the database answers, and its applied migrations are exactly the files this server started with (after a
/// `tenantctl migrate` by a newer release, an older server reports not ready instead of serving a schema it does not
/// know). Both are plain text and carry no tenant data.
struct HealthChecks: Sendable {
    let database: Database
    /// The migration files, read once at start-up.
    let files: [Migrator.File]

    init(database: Database, migrationsDirectory: String) throws {
        self.database = database
        self.files = try Migrator(directory: migrationsDirectory).files()
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in Self.text(.ok, "ok\n") }
        router.get("readyz") { _, context in await self.check(logger: context.logger) }
    }

    func check(logger: Logger) async -> Response {
        let applied: [String: String]
        do {
            // Waits for a connection no longer than a page does, so a load balancer hears "not ready" while PostgreSQL
            // is down instead of timing out.
            let rows = try await database.all(PostgresQuery(unsafeSQL: Migrator.appliedQuery), as: (String, String).self, logger: logger)
            applied = Dictionary(rows, uniquingKeysWith: { _, last in last })
        } catch {
            logger.warning("Not ready: the database did not answer", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Self.text(.serviceUnavailable, "not ready: the database did not answer\n")
        }
        let status = Migrator.status(files: files, applied: applied)
        guard status.isCurrent else {
            return Self.text(
                .serviceUnavailable,
                "not ready: the database's migrations differ from this server's (not applied: \(status.pending.joined(separator: ", ")); "
                    + "unknown or changed: \((status.unknown + status.changed).joined(separator: ", ")))\n"
            )
        }
        return Self.text(.ok, "ready\n")
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
