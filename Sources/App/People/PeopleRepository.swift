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
    public func page(afterEmail: String?, limit: Int, in db: TenantConnection) async throws -> KeysetPage<PersonRow> {
        var rows: [PersonRow] = []
        for try await row in try await db.connection.query(
            """
            SELECT \(unescaped: UserRepository.userColumns), u.locked_until FROM users u
             WHERE u.tenant_id = \(db.tenantID) AND (\(afterEmail)::text IS NULL OR u.email > \(afterEmail))
             ORDER BY u.email LIMIT \(limit + 1)
            """,
            logger: db.logger
        ) {
            let columns = row.makeRandomAccess()
            rows.append(
                PersonRow(user: try UserRepository.decodeUser(columns, tenantID: db.tenantID), lockedUntil: try columns[7].decode(Date?.self))
            )
        }
        return KeysetPage(fetched: rows, limit: limit)
    }

    /// One person of this tenant, or nil (ids from the URL are checked here, against the tenant).
    public func find(id: UUID, in db: TenantConnection) async throws -> PersonRow? {
        for try await row in try await db.connection.query(
            "SELECT \(unescaped: UserRepository.userColumns), u.locked_until FROM users u WHERE u.tenant_id = \(db.tenantID) AND u.id = \(id)",
            logger: db.logger
        ) {
            let columns = row.makeRandomAccess()
            return PersonRow(user: try UserRepository.decodeUser(columns, tenantID: db.tenantID), lockedUntil: try columns[7].decode(Date?.self))
        }
        return nil
    }

    public func unlock(id: UUID, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE users SET locked_until = NULL, failed_logins = 0, lock_count = 0 WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }

    public func setStatus(id: UUID, status: UserStatus, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE users SET status = \(status.rawValue), updated_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }
}

extension PeopleRepository {
    /// Gives a person another role.
    public func setRole(id: UUID, role: Role, in db: TenantConnection) async throws {
        try await db.run("UPDATE users SET role = \(role.rawValue) WHERE tenant_id = \(db.tenantID) AND id = \(id)")
    }
}
