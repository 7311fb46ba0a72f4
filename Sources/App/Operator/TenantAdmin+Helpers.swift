import Foundation
import PostgresNIO

extension TenantAdmin {
    /// Rows of a statement that reads across tenants (the tenant list, plans), which only the owner's policies allow.
    func operatorRows<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        as type: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await database.client.query(query, logger: logger) {
            rows.append(try row.decode(type))
        }
        return rows
    }

    /// The tenant with this slug, or an error that says how to find the right one.
    func find(_ slug: String) async throws -> (id: UUID, status: String) {
        let rows = try await operatorRows("SELECT id, status FROM tenants WHERE slug = \(slug)", as: (UUID, String).self)
        guard let tenant = rows.first else {
            throw OperatorError.invalid("no tenant has slug '\(slug)'; `tenantctl tenant list` shows them")
        }
        return (tenant.0, tenant.1)
    }

    /// Runs `body` in one transaction with the tenant named by `slug` selected; `body` also gets the tenant's status,
    /// read inside the transaction with its row locked, so a check and the change that depends on it cannot interleave.
    func withTenant<Result: Sendable>(
        _ slug: String,
        _ body: (TenantConnection, String) async throws -> Result
    ) async throws -> Result {
        let tenant = try await find(slug)
        return try await database.withTenant(tenant.id, logger: logger) { db in
            let status = try await db.first("SELECT status FROM tenants WHERE id = \(db.tenantID) FOR UPDATE", as: String.self)
            return try await body(db, status ?? tenant.status)
        }
    }

    /// Appends the operator's event about one target, in the caller's transaction.
    func record(
        _ action: AuditAction,
        targetType: String,
        id: UUID,
        label: String,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil,
        in db: TenantConnection
    ) async throws {
        let event = source.event(action, targetType: targetType, targetID: id, targetLabel: label, details: details, before: before, after: after)
        try await AuditLog().record(event, in: db)
    }

    static func validEmail(_ email: String) throws -> String {
        guard let valid = EmailAddress.normalised(email) else { throw OperatorError.invalid("'\(email)' is not an email address") }
        return valid
    }
}
