import App
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// The session check's read transaction stays open for the page to continue, and never reaches anyone else.
@Suite("One transaction for the session check and the page")
struct RequestTransactionTests {
    /// The transaction id and the tenant claim the statement sees ("" when none is set).
    static var probe: PostgresQuery { "SELECT txid_current(), coalesce(current_setting('app.tenant_claim', true), '')" }

    @Test("The page continues the session check's transaction; anything else commits it first")
    func continued() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let (acme, globex) = (UUID(uuidString: tenants.acmeID)!, UUID(uuidString: tenants.globexID)!)
            // One connection, so every call below and after the request gets that same connection.
            try await database.appDatabase(maximumConnections: 1).running { db in
                @Sendable func transaction(_ tenant: UUID, leaveOpen: Bool = false) async throws -> Int64 {
                    try await db.withTenant(tenant, logger: .test, leaveOpenIf: { _ in leaveOpen }) { conn in
                        try await conn.first(Self.probe, as: (Int64, String).self)!.0
                    }
                }
                @Sendable func people(_ tenant: UUID) async throws -> [String] {
                    try await db.withTenant(tenant, logger: .test) { conn in
                        try await conn.all("SELECT DISTINCT tenant_id::text FROM users", as: String.self)
                    }
                }
                @Sendable func unclaimed() async throws -> (Int64, String) {
                    try await db.withConnection { connection in
                        for try await row in try await connection.query(Self.probe, logger: .test).decode((Int64, String).self) {
                            return row
                        }
                        throw AppError.notFound
                    }
                }
                try await db.withRequestLease(logger: .test) {
                    let check = try await transaction(acme, leaveOpen: true)
                    #expect(try await transaction(acme) == check, "the page's call continues the check's transaction")
                    #expect(try await transaction(acme) != check, "which it then committed: the next call is a new one")

                    let open = try await transaction(acme, leaveOpen: true)
                    let (plain, claim) = try await unclaimed()
                    #expect(plain != open && claim.isEmpty, "a call outside any tenant commits it first and has no claim")

                    _ = try await transaction(acme, leaveOpen: true)
                    #expect(try await people(globex) == [tenants.globexID], "another tenant's call sees only its own rows")

                    _ = try await transaction(acme, leaveOpen: true)
                    await #expect(throws: AppError.self) {
                        try await db.withTenant(acme, logger: .test) { conn -> Int in
                            try await conn.run("UPDATE users SET name = 'rolled back' WHERE tenant_id = \(acme)")
                            throw AppError.notFound
                        }
                    }
                    #expect(try await people(acme) == [tenants.acmeID], "after an error the next call works")

                    _ = try await transaction(acme, leaveOpen: true)
                    _ = try await PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1)).hash("x")
                    #expect(try await unclaimed().1.isEmpty, "a hash gives the connection back without the transaction")

                    _ = try await transaction(acme, leaveOpen: true)
                }
                let (_, claim) = try await unclaimed()
                #expect(claim.isEmpty, "the request's end commits a transaction left open before the pool gets it back")
                let renamed = try await db.withTenant(acme, logger: .test) { conn in
                    try await conn.first("SELECT count(*) FROM users WHERE name = 'rolled back'", as: Int.self)
                }
                #expect(renamed == 0, "the page's error rolled back what it wrote")
            }
        }
    }

    @Test("A statement that fails after its first rows throws, and the write before it is not reported as done")
    func errorAfterRows() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let acme = UUID(uuidString: tenants.acmeID)!
            try await database.appDatabase(maximumConnections: 1).running { db in
                // PostgreSQL describes the row first and reports the error after it: the statement looks answered
                // until its rows are read, and a COMMIT after the error only rolls back.
                let error = await #expect(throws: PSQLError.self) {
                    try await db.withTenant(acme, logger: .test) { conn in
                        try await conn.run("UPDATE users SET name = 'lost' WHERE tenant_id = \(acme)")
                        try await conn.run("SELECT 1 / (count(*) - count(*))::int FROM users")
                    }
                }
                #expect(error?.serverInfo?[.sqlState] == "22012", "division by zero, as PostgreSQL said")
                let renamed = try await db.withTenant(acme, logger: .test) { conn in
                    try await conn.first("SELECT count(*) FROM users WHERE name = 'lost'", as: Int.self)
                }
                #expect(renamed == 0)
                // `first` stops reading after one row, here long before the error: PostgreSQL sends rows as its buffer
                // fills. The COMMIT that it answers with ROLLBACK still throws.
                await #expect(throws: (any Error).self) {
                    try await db.withTenant(acme, logger: .test) { conn in
                        try await conn.run("UPDATE users SET name = 'lost' WHERE tenant_id = \(acme)")
                        _ = try await conn.first("SELECT 1 / (100000 - n) FROM generate_series(1, 100000) AS n", as: Int32.self)
                    }
                }
                let stillNone = try await db.withTenant(acme, logger: .test) { conn in
                    try await conn.first("SELECT count(*) FROM users WHERE name = 'lost'", as: Int.self)
                }
                #expect(stillNone == 0)
            }
        }
    }
}
