import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// What coach-server checks on one connection of its own before it serves: that the schema and the migration files
/// agree, and that the database accepts this server's tenant claims. Over postgres-nio, like every other statement the
/// server sends, so the server does not link libpq.
public enum StartupChecks {
    /// Refuses to go on while the schema and the migration files disagree, or the database rejects `claims`.
    public static func run(configuration: AppConfiguration, claims: TenantClaim, logger: Logger) async throws {
        let database = configuration.database
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(),
                configuration: .init(
                    host: database.host,
                    port: database.port,
                    username: database.user,
                    password: database.password,
                    database: database.name,
                    tls: .disable
                ),
                id: 0,
                logger: logger
            )
        } catch {
            throw DatabaseUnreachable("cannot connect to PostgreSQL at \(database.host):\(database.port): \(Self.reason(error))")
        }
        do {
            try await checkMigrations(directory: configuration.migrationsDirectory, on: connection, logger: logger)
            try await checkTenantClaimKey(claims, on: connection, logger: logger)
        } catch {
            try? await connection.close()
            if error is ConfigurationError { throw error }
            throw DatabaseUnreachable("PostgreSQL at \(database.host):\(database.port) failed a start-up check: \(Self.reason(error))")
        }
        try await connection.close()
    }

    static func checkMigrations(directory: String, on connection: PostgresConnection, logger: Logger) async throws {
        var applied: [String: String] = [:]
        let table = try await connection.query(PostgresQuery(unsafeSQL: Migrator.tableExistsQuery), logger: logger)
        for try await exists in table.decode(Bool.self) where exists {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Migrator.appliedQuery), logger: logger)
            for try await (version, checksum) in rows.decode((String, String).self) {
                applied[version] = checksum
            }
        }
        let status = Migrator.status(files: try Migrator(directory: directory).files(), applied: applied)
        if let problem = status.problem {
            throw ConfigurationError("refusing to start: \(problem)")
        }
    }

    /// Claims a random tenant in a transaction that is rolled back, and asks `app_tenant()` which tenant it sees.
    static func checkTenantClaimKey(_ claims: TenantClaim, on connection: PostgresConnection, logger: Logger) async throws {
        let probe = UUID()
        var seen: String?
        do {
            try await connection.statement("BEGIN", logger: logger)
            try await connection.statement("SELECT set_config('app.tenant_claim', \(claims.claim(for: probe)), true)", logger: logger)
            for try await tenant in try await connection.query("SELECT app_tenant()::text", logger: logger).decode(String?.self) {
                seen = tenant
            }
        } catch {
            // A claim the database rejects raises an error in app_tenant(): the same answer as seeing another tenant.
            seen = nil
        }
        try await connection.statement("ROLLBACK", logger: logger)
        guard seen == probe.lowercasedString else {
            throw ConfigurationError(
                "refusing to start: the database does not accept tenant claims signed with COACH_TENANT_CLAIM_KEY; "
                    + "run `tenantctl migrate` with the same COACH_TENANT_CLAIM_KEY to store it"
            )
        }
    }

    /// PostgreSQL's own message (a refused password, an unknown database) or the socket's error; postgres-nio's
    /// `PSQLError` describes itself only generically.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return String(describing: error.code)
    }
}

/// PostgreSQL could not be reached, or failed a start-up check; coach-server exits with 69 (EX_UNAVAILABLE).
public struct DatabaseUnreachable: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
