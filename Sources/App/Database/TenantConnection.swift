import Foundation
import Logging
import PostgresNIO

/// What ``Database/withTenant(_:logger:_:)`` hands a repository: one connection inside a transaction whose claim
/// names ``tenantID``. Repositories read the tenant from here, so their `WHERE tenant_id = …` and the claim the
/// policies check can never disagree.
public struct TenantConnection: Sendable {
    public let tenantID: UUID
    public let connection: PostgresConnection
    public let logger: Logger

    /// Runs a statement, reading past any rows it returns, so that an error PostgreSQL sends after them is thrown.
    public func run(_ query: PostgresQuery) async throws {
        try await connection.statement(query, logger: logger)
    }

    /// Sends `query` (``PostgresConnection/send(_:logger:)``): never to a connection that has closed.
    private func send(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.send(query, logger: logger)
    }

    /// The first row, decoded; nil when there is none.
    public func first<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        as type: (repeat each Column).Type
    ) async throws -> (repeat each Column)? {
        for try await row in try await send(query) {
            return try row.decode(type)
        }
        return nil
    }

    /// Every row, decoded.
    public func all<each Column: PostgresDecodable>(_ query: PostgresQuery, as type: (repeat each Column).Type) async throws -> [(repeat each Column)]
    {
        var rows: [(repeat each Column)] = []
        for try await row in try await send(query) {
            rows.append(try row.decode(type))
        }
        return rows
    }

    /// Locks the tenant's row until the transaction ends, so checks of a plan limit queue here. Count in a following
    /// statement: under READ COMMITTED, a statement that waited for this lock would still count with the snapshot it
    /// started with, and two racers would both see the last seat free.
    public func lockTenant() async throws {
        try await run("SELECT 1 FROM tenants WHERE id = \(tenantID) FOR NO KEY UPDATE")
    }

    /// How many rows the statement returned (for `UPDATE … RETURNING`, how many it changed).
    public func count(_ query: PostgresQuery) async throws -> Int {
        var count = 0
        for try await _ in try await send(query) { count += 1 }
        return count
    }
}

/// One page of a keyset-paginated list: the rows and whether more follow the last one.
public struct KeysetPage<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let hasMore: Bool

    /// Splits `limit + 1` fetched rows into a page of `limit` and the "more" flag.
    public init(fetched: [Row], limit: Int) {
        self.rows = Array(fetched.prefix(limit))
        self.hasMore = fetched.count > limit
    }
}
