import Foundation
import PostgresNIO

/// An invitation as the people page lists it and the accept page checks it.
public struct Invitation: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let name: String
    public let role: Role
    public let invitedBy: String
    public let createdAt: Date
    public let expiresAt: Date
    public let acceptedAt: Date?
    public let endedReason: String?

    /// Open: neither accepted nor ended; an open invitation past its expiry no longer works.
    public var isOpen: Bool { acceptedAt == nil && endedReason == nil }
}

/// Invitations of the current tenant. Only the SHA-256 of a link's token is ever stored.
public struct InvitationRepository: Sendable {
    public init() {}

    static let columns = "id, email, name, role, invited_by_label, created_at, expires_at, accepted_at, ended_reason"

    static func decode(_ row: PostgresRow) throws -> Invitation {
        let (id, email, name, role, by, created, expires, accepted, ended) = try row.decode(
            (UUID, String, String, String, String, Date, Date, Date?, String?).self
        )
        return Invitation(
            id: id,
            email: email,
            name: name,
            role: Role(rawValue: role) ?? .candidate,
            invitedBy: by,
            createdAt: created,
            expiresAt: expires,
            acceptedAt: accepted,
            endedReason: ended
        )
    }

    /// Open invitations, newest first (a tenant has at most as many as it has seats).
    public func open(in db: TenantConnection) async throws -> [Invitation] {
        var found: [Invitation] = []
        for try await row in try await db.rows(OpenInvitationsStatement(bindings: .init(db.tenantID))) { found.append(try Self.decode(row)) }
        return found
    }

    /// The invitation with `id` (locked for a change), or nil when it is not this tenant's.
    public func find(id: UUID, in db: TenantConnection) async throws -> Invitation? {
        let rows = try await db.connection.send(
            "SELECT \(unescaped: Self.columns) FROM invitations WHERE tenant_id = \(db.tenantID) AND id = \(id) FOR UPDATE",
            logger: db.logger
        )
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// The invitation a link's token belongs to (locked), or nil.
    public func find(tokenHash: [UInt8], in db: TenantConnection) async throws -> Invitation? {
        let rows = try await db.connection.send(
            """
            SELECT \(unescaped: Self.columns) FROM invitations
             WHERE tenant_id = \(db.tenantID) AND token_hash = \(ByteBuffer(bytes: tokenHash)) FOR UPDATE
            """,
            logger: db.logger
        )
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// The open invitation for `email`, if any (locked).
    public func open(email: String, in db: TenantConnection) async throws -> Invitation? {
        let rows = try await db.connection.send(
            """
            SELECT \(unescaped: Self.columns) FROM invitations
             WHERE tenant_id = \(db.tenantID) AND email = \(email) AND accepted_at IS NULL AND ended_at IS NULL FOR UPDATE
            """,
            logger: db.logger
        )
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// Stores a new open invitation; returns its id.
    public func insert(
        email: String,
        name: String,
        role: Role,
        tokenHash: [UInt8],
        by actor: AuditActor,
        expiresAt: Date,
        in db: TenantConnection
    ) async throws -> UUID {
        let id = UUID()
        try await db.run(
            """
            INSERT INTO invitations (tenant_id, id, email, name, role, token_hash, invited_by, invited_by_label, expires_at)
            VALUES (\(db.tenantID), \(id), \(email), \(name), \(role.rawValue), \(ByteBuffer(bytes: tokenHash)), \(actor.userID),
                    \(actor.label), \(expiresAt))
            """
        )
        return id
    }

    /// Ends an open invitation so its link stops working.
    public func end(_ id: UUID, reason: String, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE invitations SET ended_at = now(), ended_reason = \(reason)
             WHERE tenant_id = \(db.tenantID) AND id = \(id) AND accepted_at IS NULL AND ended_at IS NULL
            """
        )
    }

    /// Marks an invitation used by the person it created.
    public func accept(_ id: UUID, userID: UUID, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE invitations SET accepted_at = now(), accepted_user = \(userID) WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }
}

/// The tenant's (`$1`) open invitations, newest first: the people list sends it on every view (``FixedStatement``).
struct OpenInvitationsStatement: FixedStatement {
    static let name = "open_invitations"
    static let sql = """
        SELECT \(InvitationRepository.columns) FROM invitations
         WHERE tenant_id = $1 AND accepted_at IS NULL AND ended_at IS NULL ORDER BY created_at DESC
        """
    let bindings: PostgresBindings
}
