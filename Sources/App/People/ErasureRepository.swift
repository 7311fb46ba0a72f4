import Foundation

/// What one erasure did: the pseudonym the person now has, and how the audit log records it.
public struct Erasure: Sendable {
    public let id: UUID
    public let pseudonym: String
    /// Audit events whose personal data was replaced.
    public let redactedEvents: Int
    /// Hex SHA-256 over the redaction records, which the erasure's own audit event carries.
    public let redactionsDigest: String
}

/// Deletes a candidate's personal data (SQL function `erase_candidate`, see `migrations/0008_erasure.sql`).
public struct ErasureRepository: Sendable {
    public init() {}

    /// How many answers the candidate has given, which stay for statistics after an erasure.
    public func answerCount(candidate id: UUID, in db: TenantConnection) async throws -> Int {
        try await db.first("SELECT count(*) FROM answers WHERE tenant_id = \(db.tenantID) AND user_id = \(id)", as: Int.self) ?? 0
    }

    /// Replaces candidate `id`'s name and email with a pseudonym and clears every other trace of them, in the caller's
    /// transaction. Answers keep their link to the (now pseudonymous) person, so statistics stay whole.
    public func erase(candidate id: UUID, in db: TenantConnection) async throws -> Erasure {
        let tag = SecureRandom.bytes(3).hexString.uppercased()
        let pseudonym = "Former candidate \(tag)"
        let email = "erased-\(SecureRandom.bytes(8).hexString)@erased.invalid"
        guard
            let row = try await db.first(
                "SELECT erasure_id, redacted, encode(redactions_digest, 'hex') FROM erase_candidate(\(id), \(pseudonym), \(email))",
                as: (UUID, Int, String).self
            )
        else { throw AppError.notFound }
        return Erasure(id: row.0, pseudonym: pseudonym, redactedEvents: row.1, redactionsDigest: row.2)
    }
}
