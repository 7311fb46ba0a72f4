import Foundation
import Logging
import PostgresNIO

/// One row of the people list.
public struct PersonRow: Sendable {
    public let user: User
    public let lockedUntil: Date?
}

/// Lists and changes the people of the current tenant on an admin's behalf.
public struct PeopleRepository: Sendable {
    public init() {}

    /// Up to `limit` people ordered by email, after `afterEmail`; and whether more exist.
    public func page(tenantID: UUID, afterEmail: String?, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> ([PersonRow], Bool) {
        var rows: [PersonRow] = []
        for try await row in try await connection.query(
            """
            SELECT \(unescaped: UserRepository.userColumns), u.locked_until FROM users u
             WHERE u.tenant_id = \(tenantID) AND (\(afterEmail)::text IS NULL OR u.email > \(afterEmail))
             ORDER BY u.email LIMIT \(limit + 1)
            """,
            logger: logger
        ) {
            let columns = row.makeRandomAccess()
            rows.append(PersonRow(user: try UserRepository.decodeUser(columns, tenantID: tenantID), lockedUntil: try columns[7].decode(Date?.self)))
        }
        return (Array(rows.prefix(limit)), rows.count > limit)
    }

    /// One person of this tenant, or nil (ids from the URL are checked here, against the tenant).
    public func find(tenantID: UUID, id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> PersonRow? {
        for try await row in try await connection.query(
            "SELECT \(unescaped: UserRepository.userColumns), u.locked_until FROM users u WHERE u.tenant_id = \(tenantID) AND u.id = \(id)",
            logger: logger
        ) {
            let columns = row.makeRandomAccess()
            return PersonRow(user: try UserRepository.decodeUser(columns, tenantID: tenantID), lockedUntil: try columns[7].decode(Date?.self))
        }
        return nil
    }

    public func unlock(tenantID: UUID, id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE users SET locked_until = NULL, failed_logins = 0, lock_count = 0 WHERE tenant_id = \(tenantID) AND id = \(id)", logger: logger)
    }

    public func setStatus(tenantID: UUID, id: UUID, status: UserStatus, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE users SET status = \(status.rawValue), updated_at = now() WHERE tenant_id = \(tenantID) AND id = \(id)", logger: logger)
    }
}
