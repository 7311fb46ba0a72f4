import Foundation
import PostgresNIO

/// What a signed-in request learns from its session cookie.
public struct SignedInSession: Sendable {
    public let session: SessionRecord
    public let user: User
    public let policy: TenantPolicy
    public let state: SessionState
}

extension SessionRepository {
    /// The live session whose token hashes to `tokenHash`, with its person, the tenant's policy and the session's
    /// state, in one statement: every signed-in request sends it.
    public func findSignedIn(tokenHash: [UInt8], in db: TenantConnection) async throws -> SignedInSession? {
        let rows = try await db.connection.send(
            """
            SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_passed,
                   \(unescaped: UserRepository.userColumns), \(unescaped: TenantPolicy.columns),
                   s.reauthenticated_at, u.must_change_password
              FROM sessions s
              JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
              JOIN tenants t ON t.id = s.tenant_id
             WHERE s.tenant_id = \(db.tenantID) AND s.token_hash = \(ByteBuffer(bytes: tokenHash)) AND s.revoked_at IS NULL
               AND u.tenant_id = \(db.tenantID) AND t.id = \(db.tenantID)
            """,
            logger: db.logger
        )
        for try await row in rows {
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
                policy: try UserRepository.decodePolicy(columns, offset: 13),
                state: SessionState(
                    reauthenticatedAt: try columns[22].decode(Date?.self),
                    mustChangePassword: try columns[23].decode(Bool.self)
                )
            )
        }
        return nil
    }
}
