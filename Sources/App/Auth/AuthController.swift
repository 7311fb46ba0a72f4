import Foundation
import Hummingbird
import Logging

/// Sign-in and sign-out for `/t/:slug/login` and `/t/:slug/logout`.
public struct AuthController: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let cookies: CookieSettings
    let now: @Sendable () -> Date
    let users = UserRepository()
    let sessions = SessionRepository()
    let audit = AuditLog()

    /// Verified against when the email is unknown, so both failures cost the same time.
    let decoyHash: String

    public init(database: Database, views: Views, hasher: PasswordHasher, cookies: CookieSettings, now: @escaping @Sendable () -> Date) throws {
        self.database = database
        self.views = views
        self.hasher = hasher
        self.cookies = cookies
        self.now = now
        self.decoyHash = try PasswordHasher.hashSync(SecureRandom.token(), parameters: hasher.parameters)
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("login", use: self.showLogin)
        group.post("login", use: self.login)
        group.post("logout", use: self.logout)
    }

    /// The one message for unknown email, wrong password and locked account.
    static let genericFailure = "That email and password combination is not valid, or the account is temporarily locked. Check both and try again."

    @Sendable func showLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        if let user = context.identity?.user {
            return .redirect(to: Self.home(for: user, tenant: tenant), type: .normal)
        }
        let notice = request.uri.queryParameters["signed_out"] == "1" ? "You have signed out." : nil
        return try renderLogin(tenant: tenant, context: context, email: "", error: nil, notice: notice, status: .ok)
    }

    struct LoginForm: Decodable {
        let email: String?
        let password: String?
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        let form = try await request.decode(as: LoginForm.self, context: context)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let password = form.password ?? ""
        guard tenant.status == .active else {
            return try renderLogin(
                tenant: tenant, context: context, email: email,
                error: "\(tenant.name)'s account is suspended, so nobody can sign in. Contact your administrator.", status: .forbidden
            )
        }
        guard !email.isEmpty, !password.isEmpty, email.count <= 254, password.count <= 1024 else {
            return try renderLogin(tenant: tenant, context: context, email: email, error: "Enter your email and your password.", status: .unprocessableContent)
        }
        let userAgent = request.headers[.userAgent]
        let candidate = try await database.loginCandidate(tenantID: tenant.id, email: email, logger: context.logger)
        let passwordOK = try await hasher.verify(password, against: candidate?.passwordHash ?? decoyHash)
        let now = self.now()

        guard let candidate, passwordOK, candidate.status == .active, (candidate.lockedUntil ?? .distantPast) <= now else {
            try await database.withTenant(tenant.id, logger: context.logger) { connection in
                var locked = false
                if let candidate, !passwordOK, candidate.status == .active {
                    let policy = try await users.policy(tenantID: tenant.id, on: connection, logger: context.logger)
                    let wasLocked = (candidate.lockedUntil ?? .distantPast) > now
                    locked = try await users.recordFailedLogin(tenantID: tenant.id, userID: candidate.id, policy: policy, now: now, on: connection, logger: context.logger)
                    if locked && !wasLocked {
                        try await audit.record(
                            AuditEvent(action: .accountLocked, outcome: .failure, actor: AuditActor(userID: candidate.id, label: email, email: email),
                                       targetType: "user", targetID: candidate.id.uuidString, targetLabel: email,
                                       ip: context.clientIP, userAgent: userAgent, requestID: context.requestID),
                            tenantID: tenant.id, on: connection, logger: context.logger)
                    }
                }
                let reason = candidate == nil ? "unknown_email" : !passwordOK ? "wrong_password" : candidate!.status != .active ? "inactive" : "locked"
                try await audit.record(
                    AuditEvent(action: .signInFailed, outcome: .failure, actor: AuditActor(userID: candidate?.id, label: email, email: email),
                               ip: context.clientIP, userAgent: userAgent, requestID: context.requestID, details: ["reason": reason]),
                    tenantID: tenant.id, on: connection, logger: context.logger)
            }
            return try renderLogin(tenant: tenant, context: context, email: email, error: Self.genericFailure, status: .unprocessableContent)
        }

        let upgraded = hasher.needsRehash(candidate.passwordHash ?? "") ? try await hasher.hash(password) : nil
        let token = SecureRandom.token()
        let user: User = try await database.withTenant(tenant.id, logger: context.logger) { connection in
            let policy = try await users.policy(tenantID: tenant.id, on: connection, logger: context.logger)
            try await users.recordSuccessfulLogin(tenantID: tenant.id, userID: candidate.id, upgradedHash: upgraded, on: connection, logger: context.logger)
            guard let (user, _) = try await users.signedIn(tenantID: tenant.id, userID: candidate.id, on: connection, logger: context.logger) else {
                throw AppError.notFound
            }
            let sessionID = try await sessions.create(
                tenantID: tenant.id, userID: user.id, tokenHash: TokenHash.of(token),
                expiresAt: now.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60),
                ip: context.clientIP, userAgent: userAgent, mfaPassed: false, on: connection, logger: context.logger)
            try await audit.record(
                AuditEvent(action: .signInSucceeded, actor: .user(user), targetType: "session",
                           targetID: sessionID.uuidString, ip: context.clientIP, userAgent: userAgent, requestID: context.requestID,
                           details: ["role": user.role.rawValue]),
                tenantID: tenant.id, on: connection, logger: context.logger)
            return user
        }
        var response = Response.redirect(to: Self.home(for: user, tenant: tenant), type: .normal)
        response.setCookie(cookies.session(token))
        response.setCookie(cookies.expired(cookies.csrfName))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        if let identity = context.identity {
            try await database.withTenant(tenant.id, logger: context.logger) { connection in
                try await sessions.revoke(tenantID: tenant.id, sessionID: identity.sessionID, on: connection, logger: context.logger)
                try await audit.record(
                    AuditEvent(action: .signedOut, actor: .user(identity.user), targetType: "session",
                               targetID: identity.sessionID.uuidString, ip: context.clientIP, userAgent: request.headers[.userAgent],
                               requestID: context.requestID),
                    tenantID: tenant.id, on: connection, logger: context.logger)
            }
        }
        var response = Response.redirect(to: "/t/\(tenant.slug)/login?signed_out=1", type: .normal)
        response.setCookie(cookies.expired(cookies.sessionName))
        return response
    }

    static func home(for user: User, tenant: TenantRef) -> String {
        user.role.usesAdminPortal ? "/t/\(tenant.slug)/admin" : "/t/\(tenant.slug)/"
    }

    private func renderLogin(
        tenant: TenantRef, context: AppRequestContext, email: String, error: String?, notice: String? = nil, status: HTTPResponse.Status
    ) throws -> Response {
        let model = LoginPage(
            chrome: Chrome(title: "Sign in · \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name,
            action: "/t/\(tenant.slug)/login",
            email: email,
            error: error,
            notice: notice,
            suspended: tenant.status != .active,
            csrfToken: context.csrfToken ?? ""
        )
        return try views.render("auth/login", model, status: status)
    }
}

/// The sign-in page.
struct LoginPage {
    let chrome: Chrome
    let tenantName: String
    let action: String
    let email: String
    let error: String?
    let notice: String?
    let suspended: Bool
    let csrfToken: String
}
