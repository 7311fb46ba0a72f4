import Foundation

/// What accepting an invitation did.
public enum AcceptOutcome: Sendable {
    case accepted(User)
    /// The link cannot be used; the sentence says why and what to do.
    case unusable(String)
    /// The form needs changes; the link still works.
    case problems([String])
}

/// Turns an invitation link into an account: checks the link, the seat, and that the email is still free, then
/// creates the person with the invited role and marks the link used, in one transaction with its audit event.
public struct InvitationAcceptance: Sendable {
    let now: Date
    let repository = InvitationRepository()

    public init(now: Date) { self.now = now }

    /// The invitation a link names while it can still be accepted, else why not.
    public func check(token: String, in db: TenantConnection) async throws -> Result<Invitation, UnusableLink> {
        guard let invitation = try await repository.find(tokenHash: TokenHash.of(token), in: db) else {
            return .failure(UnusableLink("This invitation link is not valid. Ask the person who invited you for a new one."))
        }
        if invitation.acceptedAt != nil {
            return .failure(UnusableLink("This invitation was already accepted. Sign in with the email it was sent to."))
        }
        if invitation.endedReason != nil || invitation.expiresAt <= now {
            let reason =
                invitation.endedReason == "resent"
                ? "A newer invitation replaced it." : invitation.endedReason == "revoked" ? "It was revoked." : "It has expired."
            return .failure(UnusableLink("This invitation link no longer works. \(reason) Ask the person who invited you for a new one."))
        }
        return .success(invitation)
    }

    /// Accepts with a name and an already hashed password (hashing stays outside the transaction).
    public func accept(token: String, name: String, passwordHash: String, in db: TenantConnection) async throws -> AcceptOutcome {
        let invitation: Invitation
        switch try await check(token: token, in: db) {
        case .failure(let unusable): return .unusable(unusable.message)
        case .success(let found): invitation = found
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else { return .problems(["Name: write the name colleagues know you by (1 to 200 characters)."]) }
        if try await UserRepository().status(email: invitation.email, in: db) != nil {
            return .unusable("\(invitation.email) already has an account here. Sign in instead, or ask an admin to reactivate it.")
        }
        // The seat this invitation held may be gone (a downgrade, or invitations sent while the plan was larger).
        let seats = try await SeatRepository().usage(at: now, in: db)[invitation.role]
        guard seats.active < seats.limit else {
            return .unusable("\(seats.fullMessage) Ask the person who invited you to free a seat, then open this link again.")
        }
        let userID = try await UserRepository().insert(email: invitation.email, name: name, role: invitation.role, passwordHash: passwordHash, in: db)
        try await repository.accept(invitation.id, userID: userID, in: db)
        let user = User(id: userID, tenantID: db.tenantID, email: invitation.email, name: name, role: invitation.role, status: .active)
        let event = AuditSource(actor: .user(user)).event(
            .invitationAccepted,
            targetType: "invitation",
            targetID: invitation.id,
            targetLabel: invitation.email,
            details: ["invited_by": invitation.invitedBy],
            after: ["user": userID.lowercasedString, "role": invitation.role.rawValue]
        )
        try await AuditLog().record(event, in: db)
        return .accepted(user)
    }
}

/// Why an invitation link cannot be used, as a sentence for the page.
public struct UnusableLink: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
