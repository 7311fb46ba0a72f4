import Foundation
import PostgresNIO

/// What a signed-in request learns from its session cookie.
public struct SignedInSession: Sendable {
    public let session: SessionRecord
    public let user: User
    public let state: SessionState
}

extension SessionRepository {
    /// The live session whose token hashes to `tokenHash`, with its person and the session's state, in one statement:
    /// every signed-in request sends it, as a prepared statement (``SignedInStatement``). The tenant's policy came
    /// with the tenant (``TenantRef/policy``).
    public func findSignedIn(tokenHash: [UInt8], in db: TenantConnection) async throws -> SignedInSession? {
        for try await row in try await db.rows(SignedInStatement(bindings: .init(db.tenantID, ByteBuffer(bytes: tokenHash)))) {
            let columns = row.makeRandomAccess()
            let session = SessionRecord(
                id: try columns[0].decode(UUID.self),
                tenantID: db.tenantID,
                userID: try columns[1].decode(UUID.self),
                createdAt: try columns[2].decode(Date.self),
                lastSeenAt: try columns[3].decode(Date.self),
                expiresAt: try columns[4].decode(Date.self),
                mfaPassed: try columns[5].decode(Bool.self)
            )
            return SignedInSession(
                session: session,
                user: try UserRepository.decodeUser(columns, tenantID: db.tenantID, offset: 6),
                state: SessionState(
                    reauthenticatedAt: try columns[13].decode(Date?.self),
                    mustChangePassword: try columns[14].decode(Bool.self)
                )
            )
        }
        return nil
    }
}

/// The session check as a prepared statement, parsed and planned once per pooled connection instead of on every
/// request: planning its join, each table under its tenant policy, cost PostgreSQL two to three times as much as
/// running it. The plan keeps the policies' `(SELECT app_tenant())` as a sub-plan run on every execution, so the claim
/// is checked each time as before. It joins no `tenants`: each table under a policy adds a check of the claim to every
/// execution, and the tenant lookup has already read the tenant's row.
struct SignedInStatement: FixedStatement {
    static let name = "signed_in"
    static let sql = """
        SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_passed,
               \(UserRepository.userColumns), s.reauthenticated_at, u.must_change_password
          FROM sessions s
          JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
         WHERE s.tenant_id = $1 AND s.token_hash = $2 AND s.revoked_at IS NULL AND u.tenant_id = $1
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .bytea]
    let bindings: PostgresBindings
}
