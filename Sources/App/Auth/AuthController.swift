import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// Sign-in (password, then the second factor when enrolled) and sign-out for `/t/:slug/…`.
public struct AuthController: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let cookies: CookieSettings
    let twoFactor: TwoFactorRepository
    let now: @Sendable () -> Date
    let users = UserRepository()
    let sessions = SessionRepository()
    let attempts = SignInAttemptRepository()
    let audit = AuditLog()
    /// Wrong second-factor codes allowed per pending sign-in.
    public static let maximumSecondFactorFailures = 5

    /// Verified against when the email is unknown, so both failures cost the same time.
    let decoyHash: String

    public init(
        database: Database, views: Views, hasher: PasswordHasher, cookies: CookieSettings, twoFactor: TwoFactorRepository,
        now: @escaping @Sendable () -> Date
    ) throws {
        self.database = database
        self.views = views
        self.hasher = hasher
        self.cookies = cookies
        self.twoFactor = twoFactor
        self.now = now
        self.decoyHash = try PasswordHasher.hashSync(SecureRandom.token(), parameters: hasher.parameters)
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("login", use: self.showLogin)
        group.post("login", use: self.login)
        group.get("login/2fa", use: self.showSecondFactor)
        group.post("login/2fa", use: self.secondFactor)
        group.post("logout", use: self.logout)
    }

    /// The one message for unknown email, wrong password, locked account and throttled address.
    static let genericFailure = "That email and password combination is not valid, or the account is temporarily locked. Check both and try again."

    @Sendable func showLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        if let identity = context.identity {
            return .redirect(to: identity.needsSecondFactor ? "/t/\(tenant.slug)/login/2fa" : Self.home(for: identity.user, tenant: tenant), type: .normal)
        }
        let notices = ["signed_out": "You have signed out.", "expired": "That sign-in took too long or had too many wrong codes. Start again."]
        let notice = request.notice(from: notices)
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
        guard !email.isEmpty, !password.isEmpty, email.count <= 254, password.count <= 4096 else {
            return try renderLogin(tenant: tenant, context: context, email: email, error: "Enter your email and your password.", status: .unprocessableContent)
        }
        let userAgent = request.headers[.userAgent]
        let now = self.now()
        let ip = context.clientIP
        let (policy, throttled) = try await database.withTenant(tenant.id, logger: context.logger) { connection in
            let policy = try await users.policy(tenantID: tenant.id, on: connection, logger: context.logger)
            guard let ip else { return (policy, false) }
            let since = now.addingTimeInterval(-Double(policy.lockoutMinutes) * 60)
            let failures = try await attempts.failures(tenantID: tenant.id, ip: ip, since: since, on: connection, logger: context.logger)
            return (policy, failures >= policy.ipFailureThreshold)
        }
        let candidate = try await database.loginCandidate(tenantID: tenant.id, email: email, logger: context.logger)
        // The hash is always checked, so a throttled, locked or unknown account answers in the same time.
        let passwordOK = try await hasher.verify(password, against: candidate?.passwordHash ?? decoyHash)
        let locked = (candidate?.lockedUntil ?? .distantPast) > now

        guard let candidate, passwordOK, candidate.status == .active, !locked, !throttled else {
            let reason =
                throttled ? "ip_throttled" : candidate == nil ? "unknown_email" : locked ? "locked" : !passwordOK ? "wrong_password" : "inactive"
            try await database.withTenant(tenant.id, logger: context.logger) { connection in
                try await attempts.record(
                    tenantID: tenant.id, userID: candidate?.id, email: email, ip: ip, userAgent: userAgent, succeeded: false, reason: reason,
                    on: connection, logger: context.logger)
                if let candidate, reason == "wrong_password", candidate.status == .active {
                    let nowLocked = try await users.recordFailedLogin(
                        tenantID: tenant.id, userID: candidate.id, policy: policy, now: now, on: connection, logger: context.logger)
                    if nowLocked {
                        try await audit.record(
                            AuditEvent(action: .accountLocked, outcome: .failure, actor: AuditActor(userID: candidate.id, label: email, email: email),
                                       targetType: "user", targetID: candidate.id.uuidString, targetLabel: email,
                                       ip: ip, userAgent: userAgent, requestID: context.requestID),
                            tenantID: tenant.id, on: connection, logger: context.logger)
                    }
                }
                try await audit.record(
                    AuditEvent(action: .signInFailed, outcome: .failure, actor: AuditActor(userID: candidate?.id, label: email, email: email),
                               ip: ip, userAgent: userAgent, requestID: context.requestID, details: ["reason": reason]),
                    tenantID: tenant.id, on: connection, logger: context.logger)
            }
            return try renderLogin(tenant: tenant, context: context, email: email, error: Self.genericFailure, status: .unprocessableContent)
        }

        let upgraded = hasher.needsRehash(candidate.passwordHash ?? "") ? try await hasher.hash(password) : nil
        let token = SecureRandom.token()
        let user: User = try await database.withTenant(tenant.id, logger: context.logger) { connection in
            try await users.recordSuccessfulLogin(tenantID: tenant.id, userID: candidate.id, upgradedHash: upgraded, on: connection, logger: context.logger)
            try await attempts.record(
                tenantID: tenant.id, userID: candidate.id, email: email, ip: ip, userAgent: userAgent, succeeded: true, reason: nil,
                on: connection, logger: context.logger)
            guard let (user, _, _) = try await users.signedIn(tenantID: tenant.id, userID: candidate.id, on: connection, logger: context.logger) else {
                throw AppError.notFound
            }
            // A fresh token either way; with 2FA the session stays pending until the second step rotates it again.
            let sessionID = try await startSession(
                token: token, user: user, policy: policy, mfaPassed: false, reauthenticated: !user.totpEnabled, context: context,
                userAgent: userAgent, connection: connection)
            try await audit.record(
                AuditEvent(action: user.totpEnabled ? .passwordAccepted : .signInSucceeded, actor: .user(user), targetType: "session",
                           targetID: sessionID.uuidString, ip: ip, userAgent: userAgent, requestID: context.requestID,
                           details: ["role": user.role.rawValue, "second_factor": user.totpEnabled ? "pending" : "not enrolled"]),
                tenantID: tenant.id, on: connection, logger: context.logger)
            return user
        }
        let target = user.totpEnabled ? "/t/\(tenant.slug)/login/2fa" : Self.home(for: user, tenant: tenant)
        var response = Response.redirect(to: target, type: .normal)
        response.setCookie(cookies.session(token))
        response.setCookie(cookies.expired(cookies.csrfName))
        return response
    }

    @Sendable func showSecondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        guard let identity = context.identity else { return .redirect(to: "/t/\(tenant.slug)/login", type: .normal) }
        guard identity.needsSecondFactor else { return .redirect(to: Self.home(for: identity.user, tenant: tenant), type: .normal) }
        return try renderSecondFactor(tenant: tenant, context: context, error: nil, status: .ok)
    }

    struct SecondFactorForm: Decodable {
        let code: String?
    }

    @Sendable func secondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        guard let identity = context.identity, identity.needsSecondFactor else {
            return .redirect(to: "/t/\(tenant.slug)/login", type: .normal)
        }
        let code = (try await request.decode(as: SecondFactorForm.self, context: context).code ?? "").trimmingCharacters(in: .whitespaces)
        let user = identity.user
        let now = self.now()
        let userAgent = request.headers[.userAgent]
        let token = SecureRandom.token()
        enum Outcome { case accepted(recovery: Bool), rejected(attemptsLeft: Int), exhausted }
        let outcome: Outcome = try await database.withTenant(tenant.id, logger: context.logger) { connection in
            var accepted: Bool? = nil
            var usedRecovery = false
            if RecoveryCodes.looksLikeRecoveryCode(code) {
                usedRecovery = true
                accepted = try await twoFactor.useRecoveryCode(tenantID: tenant.id, userID: user.id, code: code, on: connection, logger: context.logger)
            } else if let secret = try await twoFactor.activeSecret(tenantID: tenant.id, userID: user.id, on: connection, logger: context.logger),
                let step = TOTP.matchingStep(code: code, secret: secret, at: now)
            {
                accepted = try await twoFactor.consumeStep(tenantID: tenant.id, userID: user.id, step: step, on: connection, logger: context.logger)
            }
            if accepted == true {
                try await sessions.revoke(tenantID: tenant.id, sessionID: identity.sessionID, on: connection, logger: context.logger)
                let sessionID = try await startSession(
                    token: token, user: user, policy: identity.policy, mfaPassed: true, reauthenticated: true, context: context,
                    userAgent: userAgent, connection: connection)
                if usedRecovery {
                    let status = try await twoFactor.recoveryStatus(tenantID: tenant.id, userID: user.id, on: connection, logger: context.logger)
                    try await audit.record(
                        AuditEvent(action: .recoveryCodeUsed, actor: .user(user), targetType: "user", targetID: user.id.uuidString, targetLabel: user.email,
                                   ip: context.clientIP, userAgent: userAgent, requestID: context.requestID, details: ["remaining": String(status.remaining)]),
                        tenantID: tenant.id, on: connection, logger: context.logger)
                }
                try await audit.record(
                    AuditEvent(action: .signInSucceeded, actor: .user(user), targetType: "session", targetID: sessionID.uuidString,
                               ip: context.clientIP, userAgent: userAgent, requestID: context.requestID,
                               details: ["role": user.role.rawValue, "second_factor": usedRecovery ? "recovery_code" : "totp"]),
                    tenantID: tenant.id, on: connection, logger: context.logger)
                return .accepted(recovery: usedRecovery)
            }
            let failures = try await sessions.recordSecondFactorFailure(tenantID: tenant.id, sessionID: identity.sessionID, on: connection, logger: context.logger)
            try await audit.record(
                AuditEvent(action: .secondFactorFailed, outcome: .failure, actor: .user(user), ip: context.clientIP, userAgent: userAgent,
                           requestID: context.requestID, details: ["failures": String(failures), "kind": usedRecovery ? "recovery_code" : "totp"]),
                tenantID: tenant.id, on: connection, logger: context.logger)
            if failures >= Self.maximumSecondFactorFailures {
                try await sessions.revoke(tenantID: tenant.id, sessionID: identity.sessionID, on: connection, logger: context.logger)
                return .exhausted
            }
            return .rejected(attemptsLeft: Self.maximumSecondFactorFailures - failures)
        }
        switch outcome {
        case .accepted(let recovery):
            let home = Self.home(for: user, tenant: tenant)
            var response = Response.redirect(to: recovery ? "/t/\(tenant.slug)/account/security?recovery_used=1" : home, type: .normal)
            response.setCookie(cookies.session(token))
            return response
        case .exhausted:
            var response = Response.redirect(to: "/t/\(tenant.slug)/login?expired=1", type: .normal)
            response.setCookie(cookies.expired(cookies.sessionName))
            return response
        case .rejected(let left):
            let message = "That code is not valid or was already used. \(left) \(left == 1 ? "attempt" : "attempts") left before you must sign in again."
            return try renderSecondFactor(tenant: tenant, context: context, error: message, status: .unprocessableContent)
        }
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

    /// Stores a new session for `token` and returns its id.
    private func startSession(
        token: String, user: User, policy: TenantPolicy, mfaPassed: Bool, reauthenticated: Bool, context: AppRequestContext,
        userAgent: String?, connection: PostgresConnection
    ) async throws -> UUID {
        let now = self.now()
        return try await sessions.create(
            tenantID: user.tenantID, userID: user.id, tokenHash: TokenHash.of(token),
            expiresAt: now.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60),
            ip: context.clientIP, userAgent: userAgent, mfaPassed: mfaPassed, reauthenticatedAt: reauthenticated ? now : nil,
            now: now, on: connection, logger: context.logger)
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

    private func renderSecondFactor(tenant: TenantRef, context: AppRequestContext, error: String?, status: HTTPResponse.Status) throws -> Response {
        let model = SecondFactorPage(
            chrome: Chrome(title: "Two-factor authentication · \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name, action: "/t/\(tenant.slug)/login/2fa", logoutAction: "/t/\(tenant.slug)/logout",
            error: error, csrfToken: context.csrfToken ?? "")
        return try views.render("auth/second-factor", model, status: status)
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

/// The second step of sign-in.
struct SecondFactorPage {
    let chrome: Chrome
    let tenantName: String
    let action: String
    let logoutAction: String
    let error: String?
    let csrfToken: String
}
