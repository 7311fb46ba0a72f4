import Foundation
import PostgresNIO

/// An uploaded question file kept between its dry run and its apply.
public struct StoredImport: Sendable {
    public let id: UUID
    public let bankID: UUID
    public let format: TransferFormat
    public let filename: String
    public let content: Data
    public let planDigest: String
    public let applied: Bool
}

/// Stores uploads for their apply step.
public struct ImportRepository: Sendable {
    public init() {}

    public func insert(
        bankID: UUID,
        format: TransferFormat,
        filename: String,
        content: Data,
        digest: String,
        by userID: UUID,
        in db: TenantConnection
    ) async throws -> UUID {
        let id = UUID()
        try await db.run(
            """
            INSERT INTO question_imports (tenant_id, id, bank_id, format, filename, content, plan_digest, created_by)
            VALUES (\(db.tenantID), \(id), \(bankID), \(format.rawValue), \(String(filename.prefix(255))), \(ByteBuffer(bytes: content)),
                    \(digest), \(userID))
            """
        )
        return id
    }

    /// The upload, locked for its apply; nil unless it is this tenant's.
    public func find(_ id: UUID, in db: TenantConnection) async throws -> StoredImport? {
        guard
            let row = try await db.first(
                """
                SELECT bank_id, format, filename, content, plan_digest, applied_at IS NOT NULL FROM question_imports
                 WHERE tenant_id = \(db.tenantID) AND id = \(id) FOR UPDATE
                """,
                as: (UUID, String, String, ByteBuffer, String, Bool).self
            ), let format = TransferFormat(rawValue: row.1)
        else { return nil }
        return StoredImport(
            id: id,
            bankID: row.0,
            format: format,
            filename: row.2,
            content: Data(buffer: row.3),
            planDigest: row.4,
            applied: row.5
        )
    }

    public func markApplied(_ id: UUID, in db: TenantConnection) async throws {
        try await db.run("UPDATE question_imports SET applied_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(id)")
    }
}
