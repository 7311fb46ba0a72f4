import App
import Foundation
import SchemaTools
import TestSupport
import Testing

@Suite("Migrations are forward-only, checksummed and atomic")
struct MigratorTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    /// A copy of the real migrations folder that a test may change.
    func scratchMigrations() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: cluster.repositoryRoot + "/migrations", toPath: folder)
        return folder
    }

    @Test("A migrated database is current; a new file is pending; an edited file is reported as changed")
    func statusDetectsPendingAndChanged() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            let folder = try scratchMigrations()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            #expect(try Migrator(directory: folder).status(owner).isCurrent)

            try "CREATE TABLE later_feature (id int);".write(toFile: folder + "/9001_later_feature.sql", atomically: true, encoding: .utf8)
            let pending = try Migrator(directory: folder).status(owner)
            #expect(pending.pending == ["9001_later_feature"])
            #expect(pending.problem?.contains("tenantctl migrate") == true)

            try FileManager.default.removeItem(atPath: folder + "/9001_later_feature.sql")
            let first = folder + "/0001_foundation.sql"
            try (try String(contentsOfFile: first, encoding: .utf8) + "\n-- edited\n").write(toFile: first, atomically: true, encoding: .utf8)
            let changed = try Migrator(directory: folder).status(owner)
            #expect(changed.changed == ["0001_foundation"])
            #expect(throws: ConfigurationError.self) { try Migrator(directory: folder).migrate(owner) }
        }
    }

    @Test("Pending files apply in one transaction: a failing file leaves nothing behind")
    func failingMigrationRollsBackAll() async throws {
        try await cluster.withFreshDatabase { database in
            let owner = try database.ownerConnection()
            let folder = try scratchMigrations()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try "CREATE TABLE good_one (id int);".write(toFile: folder + "/9001_good.sql", atomically: true, encoding: .utf8)
            try "CREATE TABLE bad_one (id int); SELECT no_such_function();".write(toFile: folder + "/9002_bad.sql", atomically: true, encoding: .utf8)
            let error = #expect(throws: PQError.self) { try Migrator(directory: folder).migrate(owner) }
            #expect(error?.message.contains("9002_bad.sql") == true)
            #expect(try owner.query("SELECT to_regclass('good_one') IS NULL") == [["t"]])
            #expect(try Migrator(directory: folder).status(owner).pending == ["9001_good", "9002_bad"])

            try FileManager.default.removeItem(atPath: folder + "/9002_bad.sql")
            #expect(try Migrator(directory: folder).migrate(owner) == ["9001_good"])
            #expect(try Migrator(directory: folder).status(owner).isCurrent)
        }
    }
}
