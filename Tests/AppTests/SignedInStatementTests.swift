import Foundation
import TestSupport
import Testing

@testable import App

/// The session check is a prepared statement: planned once per connection, then run for every tenant that connection
/// serves. Its plan must still apply each transaction's own tenant claim.
@Suite("The prepared session check keeps tenants apart")
struct SignedInStatementTests {
    @Test("On one connection, past the plans PostgreSQL makes per execution, each tenant finds only its own session")
    func tenantsApartOnOneConnection() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let (acme, globex) = (UUID(uuidString: tenants.acmeID)!, UUID(uuidString: tenants.globexID)!)
            let sessions = SessionRepository()
            // One connection: every statement below reuses the plan prepared on it. PostgreSQL plans the first five
            // executions for their values and may then keep one generic plan, so twelve rounds cover both.
            try await database.appDatabase(maximumConnections: 1).running { db in
                func session(_ tenant: UUID, email: String, token: [UInt8]) async throws {
                    try await db.withTenant(tenant, logger: .test) { conn in
                        let userID = try #require(
                            try await conn.first("SELECT id FROM users WHERE tenant_id = \(tenant) AND email = \(email)", as: UUID.self)
                        )
                        let now = Date()
                        _ = try await sessions.create(
                            userID: userID,
                            tokenHash: token,
                            expiresAt: now + 3600,
                            ip: nil,
                            userAgent: nil,
                            mfaPassed: true,
                            reauthenticatedAt: nil,
                            now: now,
                            in: conn
                        )
                    }
                }
                let acmeToken = [UInt8](repeating: 1, count: 32)
                let globexToken = [UInt8](repeating: 2, count: 32)
                try await session(acme, email: "owner@acme.test", token: acmeToken)
                try await session(globex, email: "owner@globex.test", token: globexToken)
                func find(_ tenant: UUID, _ token: [UInt8]) async throws -> String? {
                    try await db.withTenant(tenant, logger: .test) { conn in
                        try await sessions.findSignedIn(tokenHash: token, in: conn)?.user.email
                    }
                }
                for round in 1...12 {
                    #expect(try await find(acme, acmeToken) == "owner@acme.test", "round \(round)")
                    #expect(try await find(globex, globexToken) == "owner@globex.test", "round \(round)")
                    #expect(try await find(acme, globexToken) == nil, "another tenant's token, round \(round)")
                    #expect(try await find(globex, acmeToken) == nil, "another tenant's token, round \(round)")
                }
                // A claim for one tenant with the other's id as the statement's value: the policies still hide the row.
                let crossed = try await db.withTenant(acme, logger: .test) { conn in
                    try await sessions.findSignedIn(
                        tokenHash: globexToken,
                        in: TenantConnection(tenantID: globex, connection: conn.connection, logger: .test)
                    )
                }
                #expect(crossed == nil, "the claim names acme, so globex's session stays hidden")
            }
        }
    }
}
