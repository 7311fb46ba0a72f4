import Foundation

/// What inviting did: the new invitation and its link (shown to the admin when no mail command sends it), or the
/// problems that stopped it.
public enum InviteOutcome: Sendable, Equatable {
    case invited(id: UUID, email: String, link: String, messageID: UUID)
    case problems([String])
}

/// The rules of inviting people: who may invite whom, one open invitation per email, the seat count, expiry, and an
/// audit event for each change, all in the caller's transaction.
public struct Invitations: Sendable {
    let outbox: Outbox
    /// Where links point, e.g. "https://coach.example.com"; never taken from a request's Host header.
    let publicURL: String
    let source: AuditSource
    /// The inviter's role; only owners invite owners.
    let inviterRole: Role
    let now: Date
    let repository = InvitationRepository()

    public init(outbox: Outbox, publicURL: String, source: AuditSource, inviterRole: Role, now: Date) {
        self.outbox = outbox
        self.publicURL = publicURL
        self.source = source
        self.inviterRole = inviterRole
        self.now = now
    }

    /// Invites `email` as `role`, unless the address is taken, already invited, or the plan has no seat left.
    public func invite(email rawEmail: String, name: String, role: Role, tenant: TenantRef, in db: TenantConnection) async throws -> InviteOutcome {
        guard let email = EmailAddress.normalised(rawEmail) else { return .problems(["Email: write an address such as name@example.com."]) }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.count <= 200 else { return .problems(["Name: at most 200 characters."]) }
        guard role != .owner || inviterRole == .owner else { return .problems(["Role: only an owner can invite another owner."]) }
        if let status = try await UserRepository().status(email: email, in: db) {
            return .problems([
                status == .deactivated
                    ? "Email: \(email) has a deactivated account here. Reactivate it from the people list instead."
                    : "Email: \(email) already belongs to someone in \(tenant.name)."
            ])
        }
        if let open = try await repository.open(email: email, in: db) {
            guard open.expiresAt <= now else {
                return .problems([
                    "Email: \(email) was already invited on \(UTCFormat.day.string(from: open.createdAt)). Send that invitation again from the list."
                ])
            }
            try await repository.end(open.id, reason: "expired", in: db)
        }
        let seats = try await SeatRepository().usage(at: now, in: db)[role]
        guard seats.hasRoom else { return .problems([seats.fullMessage]) }
        let created = try await create(email: email, name: name, role: role, tenant: tenant, in: db)
        try await record(.invitationCreated, created.id, email, after: ["email": email, "role": role.rawValue], in: db)
        return .invited(id: created.id, email: email, link: created.link, messageID: created.messageID)
    }

    /// Ends invitation `id` and sends a fresh link in its place; the old link stops working at once.
    public func resend(_ id: UUID, tenant: TenantRef, in db: TenantConnection) async throws -> InviteOutcome {
        guard let old = try await repository.find(id: id, in: db), old.isOpen else { throw AppError.notFound }
        guard old.role != .owner || inviterRole == .owner else { throw AppError.forbidden("Only an owner can resend an owner's invitation.") }
        try await repository.end(old.id, reason: "resent", in: db)
        let seats = try await SeatRepository().usage(at: now, in: db)[old.role]
        guard seats.hasRoom else { throw AppError.conflict(seats.fullMessage) }
        let created = try await create(email: old.email, name: old.name, role: old.role, tenant: tenant, in: db)
        try await record(.invitationResent, created.id, old.email, before: ["invitation": old.id.lowercasedString], in: db)
        return .invited(id: created.id, email: old.email, link: created.link, messageID: created.messageID)
    }

    /// Ends invitation `id`; its link stops working and its seat is free.
    public func revoke(_ id: UUID, in db: TenantConnection) async throws {
        guard let invitation = try await repository.find(id: id, in: db), invitation.isOpen else { throw AppError.notFound }
        guard invitation.role != .owner || inviterRole == .owner else { throw AppError.forbidden("Only an owner can revoke an owner's invitation.") }
        try await repository.end(invitation.id, reason: "revoked", in: db)
        try await record(.invitationRevoked, invitation.id, invitation.email, before: ["status": "open"], after: ["status": "revoked"], in: db)
        try await PlanLimitsRepository().clearOverLimitIfFixed(at: now, in: db)
    }

    private func create(
        email: String,
        name: String,
        role: Role,
        tenant: TenantRef,
        in db: TenantConnection
    ) async throws -> (id: UUID, link: String, messageID: UUID) {
        let days = try await OrganisationRepository().settings(in: db).invitationDays
        let token = SecureRandom.token()
        let expires = now.addingTimeInterval(Double(days) * 86_400)
        let id = try await repository.insert(
            email: email,
            name: name,
            role: role,
            tokenHash: TokenHash.of(token),
            by: source.actor,
            expiresAt: expires,
            in: db
        )
        let link = "\(publicURL)\(TenantPage.invitation(token).href(tenant.slug))"
        let body = """
            \(source.actor.name ?? source.actor.label) invited you to \(tenant.name) on Interview Coach as \(role.label.lowercased()).

            Accept the invitation and choose your password here (the link works once, until \(UTCFormat.day.string(from: expires))):
            \(link)

            If you did not expect this, ignore this message.
            """
        let messageID = try await outbox.enqueue(kind: "invitation", to: email, subject: "You are invited to \(tenant.name)", body: body, in: db)
        return (id, link, messageID)
    }

    private func record(
        _ action: AuditAction,
        _ id: UUID,
        _ email: String,
        before: [String: String]? = nil,
        after: [String: String]? = nil,
        in db: TenantConnection
    ) async throws {
        try await AuditLog().record(
            source.event(action, targetType: "invitation", targetID: id, targetLabel: email, before: before, after: after),
            in: db
        )
    }
}
