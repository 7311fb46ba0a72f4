import Crypto
import Foundation

/// Applies `migrations/NNNN_name.sql` files in order, forward-only, and detects edited files by checksum.
public struct Migrator: Sendable {
    /// One migration file on disk.
    public struct File: Sendable, Equatable {
        public let version: String
        public let name: String
        public let sql: String
        public var checksum: String { SHA256.hash(data: Data(sql.utf8)).hexString }
    }

    /// How the database compares with the files.
    public struct Status: Sendable, Equatable {
        public var pending: [String]
        public var changed: [String]
        public var unknown: [String]
        public var isCurrent: Bool { pending.isEmpty && changed.isEmpty && unknown.isEmpty }

        /// A sentence an operator can act on.
        public var problem: String? {
            if !changed.isEmpty { return "applied migration files were changed since they ran: \(changed.joined(separator: ", ")); restore them" }
            if !unknown.isEmpty { return "the database has migrations this build does not know: \(unknown.joined(separator: ", "))" }
            if !pending.isEmpty { return "migrations are pending: \(pending.joined(separator: ", ")); run `tenantctl migrate`" }
            return nil
        }
    }

    /// Whether `schema_migrations` exists. Until the first `tenantctl migrate` creates it, no migration is applied;
    /// each reader (the migrator over libpq, the server's start-up check and `/readyz` over postgres-nio) sends this
    /// first, then ``appliedQuery`` only when it is true.
    public static let tableExistsQuery = "SELECT to_regclass('public.schema_migrations') IS NOT NULL"
    /// Every applied migration: its version and the checksum of the file that ran, for ``status(files:applied:)``.
    public static let appliedQuery = "SELECT version, checksum FROM schema_migrations"

    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The files in version order; names must look like `0001_name.sql`.
    public func files() throws -> [File] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { name in
            let parts = name.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isNumber) else {
                throw ConfigurationError("migration file \(name) must be named NNNN_name.sql")
            }
            let sql = try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)
            return File(version: String(parts[0]), name: String(name.dropLast(4)), sql: sql)
        }
    }

    /// How `applied` (version → checksum, from `schema_migrations`) compares with `files`.
    public static func status(files: [File], applied: [String: String]) -> Status {
        let known = Set(files.map(\.version))
        return Status(
            pending: files.filter { applied[$0.version] == nil }.map(\.name),
            changed: files.filter { file in applied[file.version].map { $0 != file.checksum } ?? false }.map(\.name),
            unknown: applied.keys.filter { !known.contains($0) }.sorted()
        )
    }
}
