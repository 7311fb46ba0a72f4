import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// Step-up authentication: sensitive changes need the password (or a code) again within the last ten minutes.
public enum StepUp {
    public static let window: TimeInterval = 10 * 60

    /// Whether the session proved itself recently enough.
    public static func isFresh(_ identity: Identity, now: Date) -> Bool {
        guard let at = identity.state.reauthenticatedAt else { return false }
        return now.timeIntervalSince(at) < window
    }

    /// Throws a redirect to the confirm page that comes back to `returnTo` unless the session is fresh.
    public static func require(_ context: SignedInContext, now: Date, returnTo: TenantPage) throws {
        guard !isFresh(context.identity, now: now) else { return }
        let slug = context.tenant.slug
        throw AppError.redirect(to: TenantPage.confirm.href(slug, query: [("next", returnTo.href(slug))]))
    }

    /// Whether `secret` is the person's password or, with 2FA on, a current authenticator code (whose step it uses up).
    public static func verify(
        _ secret: String,
        user: User,
        hasher: PasswordHasher,
        twoFactor: TwoFactorRepository,
        now: Date,
        in db: TenantConnection
    ) async throws -> Bool {
        if user.totpEnabled, secret.count == TOTP.digits, secret.allSatisfy(\.isNumber),
            let totp = try await twoFactor.activeSecret(userID: user.id, in: db),
            let step = TOTP.matchingStep(code: secret, secret: totp, at: now)
        {
            return try await twoFactor.consumeStep(userID: user.id, step: step, in: db)
        }
        guard let hash = try await UserRepository().passwordHash(userID: user.id, in: db) else {
            return false
        }
        return try await hasher.verify(secret, against: hash)
    }

    /// A wrong password inside a session counts toward the account's lockout, so a stolen session cannot be used to
    /// guess the password; returns whether the account is now locked (and this session ended).
    public static func countFailure(_ context: SignedInContext, _ request: Request, database: Database, now: Date) async throws -> Bool {
        let tenantID = context.tenant.id
        return try await database.withTenant(tenantID, logger: context.logger) { db in
            let locked = try await UserRepository().recordFailedLogin(userID: context.user.id, policy: context.identity.policy, now: now, in: db)
            if locked {
                try await SessionRepository().revoke(sessionID: context.sessionID, in: db)
                try await context.record(context.auditEventAboutSelf(.accountLocked, request, outcome: .failure), in: db)
            }
            return locked
        }
    }

    /// `next` if it is a page of this tenant, else the tenant's home; never another site.
    public static func safeReturn(_ next: String?, slug: String) -> String {
        guard let next, next.hasPrefix(TenantPage.start.href(slug)), !next.contains("//"), !next.contains("\\"), !next.contains("\r"),
            !next.contains("\n")
        else {
            return TenantPage.accountSecurity.href(slug)
        }
        return next
    }
}

/// A few words about a browser, from its user agent.
public enum DeviceName {
    public static func describe(_ userAgent: String?) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return "Unknown device" }
        let browser: String =
            agent.contains("Edg/")
            ? "Edge"
            : agent.contains("OPR/")
                ? "Opera"
                : agent.contains("Firefox/")
                    ? "Firefox"
                    : agent.contains("Chrome/") || agent.contains("Chromium/")
                        ? (agent.contains("HeadlessChrome") ? "Headless Chrome" : "Chrome")
                        : agent.contains("Safari/")
                            ? "Safari"
                            : agent.hasPrefix("curl/")
                                ? "curl"
                                : "Browser"
        let system: String? =
            agent.contains("Android")
            ? "Android"
            : agent.contains("iPhone") || agent.contains("iPad")
                ? "iOS"
                : agent.contains("Windows")
                    ? "Windows"
                    : agent.contains("Mac OS X") || agent.contains("Macintosh")
                        ? "macOS"
                        : agent.contains("CrOS")
                            ? "ChromeOS"
                            : agent.contains("Linux")
                                ? "Linux"
                                : nil
        return system.map { "\(browser) on \($0)" } ?? browser
    }
}
