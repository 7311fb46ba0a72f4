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
        let tokenHash = TokenHash.of(token)
        let now = self.now()
        enum Found {
            case identity(Identity, wrote: Bool)
            case otherTenant(UUID)
            case none
        }
        // A check that only read stays open for the page's own transaction to continue (one BEGIN and COMMIT a page).
        // Only for GET and HEAD: a form or an upload may take its time arriving, and an open transaction would hold
        // its table locks (against a migration's ALTER TABLE) for as long.
        let pageRead = request.method == .get || request.method == .head
        let onlyRead: (Found) -> Bool = { found in
            if pageRead, case .identity(_, wrote: false) = found { return true }
            return false
        }
        let found: Found = try await database.withTenant(tenant.id, logger: context.logger, leaveOpenIf: onlyRead) { db in
            guard let signedIn = try await sessions.findSignedIn(tokenHash: tokenHash, in: db) else {
                let owner = try await sessions.owningTenant(tokenHash: tokenHash, in: db)
                return owner.flatMap { $0 == tenant.id ? nil : .otherTenant($0) } ?? .none
            }
            let (session, user, policy) = (signedIn.session, signedIn.user, tenant.policy)
            let idleLimit = session.lastSeenAt.addingTimeInterval(Double(policy.sessionIdleMinutes) * 60)
            let absoluteLimit = min(session.expiresAt, session.createdAt.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60))
            guard now < idleLimit, now < absoluteLimit, user.status == .active, tenant.status == .active else {
                try await sessions.revoke(sessionID: session.id, in: db)
                return .none
            }
            let touch = now.timeIntervalSince(session.lastSeenAt) >= 60
            if touch {
                try await sessions.touch(sessionID: session.id, now: now, in: db)
            }
            let deadline = user.totpEnabled ? nil : policy.twoFactorDeadline(for: user)
            let identity = Identity(
                user: user,
                sessionID: session.id,
                session: session,
                policy: policy,
                state: signedIn.state,
                needsSecondFactor: user.totpEnabled && !session.mfaPassed,
                twoFactorDeadline: deadline,
                mustEnrol: deadline.map { now >= $0 } ?? false
            )
            return .identity(identity, wrote: touch)
        }
        switch found {
        case .none:
            return try await forget(request, context, next)
        case .otherTenant(let home):
            // Another tenant's URL: 404 as for any unknown page, recorded in the prober's own tenant (never in this one).
            try await recordProbe(request, context, home: home, tokenHash: tokenHash)
            throw AppError.notFound
        case .identity(let identity, _):
            var context = context
            context.identity = identity
            context.csrfBinding = "session:" + token
            return try await next(request, context)
        }
    }

    /// Writes `security.not_found` to the log of the tenant the session belongs to, at most once a minute per person.
    private func recordProbe(_ request: Request, _ context: Context, home: UUID, tokenHash: [UInt8]) async throws {
        try await database.withTenant(home, logger: context.logger) { db in
            guard let user = try await sessions.findSignedIn(tokenHash: tokenHash, in: db)?.user else { return }
            let event = AuditEvent(
                action: .notFoundProbe,
                outcome: .denied,
                actor: .user(user),
                ip: context.clientIP,
                userAgent: request.headers[.userAgent],
                requestID: context.requestID,
                details: ["method": request.method.rawValue, "path": String(request.uri.path.prefix(200)), "kind": "another organisation's URL"]
            )
            try await AuditLog().recordRateLimited(event, in: db)
        }
    }

    /// Tells the browser to forget an unknown, revoked or expired session cookie, unless the response (a sign-in) has
    /// just set a new one.
    private func forget(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let prefix = cookies.sessionName + "="
        if !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(prefix) }) {
            response.setCookie(cookies.expired(cookies.sessionName))
        }
        return response
    }
}
