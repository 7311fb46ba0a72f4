import Foundation

/// "Forgot password?": a single-use link through the outbox, valid for an hour. Asking gives the same answer whether
/// or not the email has an account; using the link sets the password and ends every session of that person.
public struct PasswordReset: Sendable {
    public static let validity: TimeInterval = 3_600
    /// Links sent per account and hour; more requests are answered the same way but send nothing.
    public static let perHour = 3
    let now: Date
    let resets = PasswordResetRepository()

    public init(now: Date) { self.now = now }

    /// Stores a link for the active account with `email`, if any, and queues its mail; returns the message to deliver
    /// after commit, or nil (unknown email, inactive account, too many requests).
    public func request(
        email: String,
        tenant: TenantRef,
        outbox: Outbox,
        publicURL: String,
        source: AuditSource,
        in db: TenantConnection
    ) async throws -> UUID? {
        guard let email = EmailAddress.normalised(email), let (userID, name) = try await resets.activeAccount(email: email, in: db) else {
            return nil
        }
        guard try await resets.sent(to: userID, since: now.addingTimeInterval(-3_600), in: db) < Self.perHour else { return nil }
        let token = SecureRandom.token()
        try await resets.insert(userID: userID, tokenHash: TokenHash.of(token), expiresAt: now.addingTimeInterval(Self.validity), in: db)
        let link = "\(publicURL)\(TenantPage.passwordResetLink(token).href(tenant.slug))"
        let body = """
            Hello \(name),

            Someone asked to reset the password of your \(tenant.name) account on Interview Coach. To choose a new password, open this link within an hour (it works once):
            \(link)

            If it was not you, ignore this message: your password stays as it is.
            """
        let message = try await outbox.enqueue(kind: "password_reset", to: email, subject: "Reset your \(tenant.name) password", body: body, in: db)
        let event = source.event(.passwordResetRequested, targetType: "user", targetID: userID, targetLabel: email)
        try await AuditLog().record(event, in: db)
        return message
    }

    /// The reset a link names while it can still be used (locked), else why not.
    public func check(token: String, in db: TenantConnection) async throws -> Result<(id: UUID, userID: UUID, email: String), UnusableLink> {
        guard let (id, userID, email, usable) = try await resets.find(tokenHash: TokenHash.of(token), now: now, in: db), usable else {
            return .failure(UnusableLink("This password reset link no longer works: links work once and for an hour. Ask for a new one."))
        }
        return .success((id, userID, email))
    }

    /// Sets the password from a valid link, ends all of the person's sessions and clears a lockout; nil on success.
    public func complete(token: String, passwordHash: String, source: AuditSource, in db: TenantConnection) async throws -> UnusableLink? {
        let reset: (id: UUID, userID: UUID, email: String)
        switch try await check(token: token, in: db) {
        case .failure(let unusable): return unusable
        case .success(let found): reset = found
        }
        try await UserRepository().setPassword(userID: reset.userID, hash: passwordHash, in: db)
        try await resets.use(reset.id, userID: reset.userID, in: db)
        let ended = try await SessionRepository().revokeAll(userID: reset.userID, in: db)
        let event = source.event(
            .passwordResetByLink,
            targetType: "user",
            targetID: reset.userID,
            targetLabel: reset.email,
            details: ["sessions_ended": String(ended)]
        )
        try await AuditLog().record(event, in: db)
        return nil
    }
}

extension AppRequestContext {
    /// The active tenant and the token of a mailed link (`…/:token`); anything else is a 404.
    func linkTarget() throws -> (TenantRef, String) {
        guard let tenant, tenant.status == .active else { throw AppError.notFound }
        guard let token = parameters.get("token"), (20...100).contains(token.count) else { throw AppError.notFound }
        return (tenant, token)
    }
}
