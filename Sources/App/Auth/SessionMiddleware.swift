import Foundation
import Hummingbird

/// Validates the session cookie: hash it, look it up, check tenant, expiry and user; slides the idle timeout.
///
/// A session of another tenant answers 404, so a URL never confirms that a tenant's data exists.
public struct SessionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let database: Database
    let cookies: CookieSettings
    let now: @Sendable () -> Date
    let users = UserRepository()
    let sessions = SessionRepository()

    public init(database: Database, cookies: CookieSettings, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.cookies = cookies
        self.now = now
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let tenant = context.tenant, let token = request.cookies[cookies.sessionName]?.value, !token.isEmpty,
            token.utf8.count <= 64
        else {
            return try await next(request, context)
        }
        guard let session = try await database.session(tokenHash: TokenHash.of(token), logger: context.logger) else {
            // Unknown, revoked or forged: tell the browser to forget it.
            return try await forget(request, context, next)
        }
        guard session.tenantID == tenant.id else { throw AppError.notFound }
        let now = self.now()
        let identity: Identity? = try await database.withTenant(tenant.id, logger: context.logger) { connection in
            guard
                let (user, policy, state) = try await users.signedIn(
                    tenantID: tenant.id, userID: session.userID, sessionID: session.id, on: connection, logger: context.logger)
            else { return nil }
            let idleLimit = session.lastSeenAt.addingTimeInterval(Double(policy.sessionIdleMinutes) * 60)
            let absoluteLimit = min(session.expiresAt, session.createdAt.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60))
            guard now < idleLimit, now < absoluteLimit, user.status == .active, tenant.status == .active else {
                try await sessions.revoke(tenantID: tenant.id, sessionID: session.id, on: connection, logger: context.logger)
                return nil
            }
            if now.timeIntervalSince(session.lastSeenAt) >= 60 {
                try await sessions.touch(tenantID: tenant.id, sessionID: session.id, now: now, on: connection, logger: context.logger)
            }
            let deadline = user.totpEnabled ? nil : policy.twoFactorDeadline(for: user)
            return Identity(
                user: user, sessionID: session.id, session: session, policy: policy, state: state,
                needsSecondFactor: user.totpEnabled && !session.mfaPassed,
                twoFactorDeadline: deadline, mustEnrol: deadline.map { now >= $0 } ?? false)
        }
        guard let identity else { return try await forget(request, context, next) }
        var context = context
        context.identity = identity
        context.csrfBinding = "session:" + token
        return try await next(request, context)
    }

    private func forget(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.setCookie(cookies.expired(cookies.sessionName))
        return response
    }
}

/// Once a user's 2FA grace period is over, every page but enrolment, step-up and sign-out sends them to enrolment.
public struct TwoFactorEnrolmentMiddleware: RouterMiddleware {
    public typealias Context = SignedInContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity.mustEnrol else { return try await next(request, context) }
        let base = "/t/\(context.tenant.slug)/account/"
        let allowed = ["2fa", "confirm"].contains { request.uri.path.hasPrefix(base + $0) }
        if allowed { return try await next(request, context) }
        throw AppError.redirect(to: base + "2fa?required=1")
    }
}
