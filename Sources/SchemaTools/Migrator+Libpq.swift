import App
import Foundation

/// The migrator's work on the database, over libpq: a migration file is a script of many statements, which only the
/// simple query protocol runs as one. coach-server does not link this module; it compares the files with
/// `schema_migrations` over postgres-nio (``StartupChecks``, `/readyz`).
extension Migrator {
    /// Compares applied migrations with the files.
    public func status(_ connection: PQConnection) throws -> Status {
        let files = try files()
        let exists = try connection.query(Self.tableExistsQuery)
        let applied: [String: String]
        if exists.first?.first == "t" {
            let rows = try connection.query(Self.appliedQuery)
            applied = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.text(0), try $0.text(1)) })
        } else {
            applied = [:]
        }
        return Self.status(files: files, applied: applied)
    }

    /// Applies every pending file in one transaction; returns the names applied.
    @discardableResult
    public func migrate(_ connection: PQConnection) throws -> [String] {
        try connection.transaction {
            try connection.execute(
                """
                SELECT pg_advisory_xact_lock(7243001);
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                GRANT SELECT ON schema_migrations TO coach_app;
                """
            )
            let status = try status(connection)
            if !status.changed.isEmpty || !status.unknown.isEmpty { throw ConfigurationError(status.problem!) }
            let pending = Set(status.pending)
            var applied: [String] = []
            for file in try files() where pending.contains(file.name) {
                do {
                    try connection.execute(file.sql)
                } catch let error as PQError {
                    throw PQError(message: "\(file.name).sql: \(error.message)", sqlState: error.sqlState)
                }
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [file.version, file.name, file.checksum]
                )
                applied.append(file.name)
            }
            return applied
        }
    }
}
