import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// Sign-in (password, then the second factor when enrolled) and sign-out for `/t/:slug/…`; the rules live in ``SignIn``.
public struct AuthController: Sendable {
    let database: Database
    let views: Views
    let cookies: CookieSettings
    let signIn: SignIn
    let sessions = SessionRepository()
    let audit = AuditLog()
    /// Wrong second-factor codes allowed per pending sign-in.
    public static let maximumSecondFactorFailures = SignIn.maximumSecondFactorAttempts

    public init(
        database: Database, views: Views, hasher: PasswordHasher, cookies: CookieSettings, twoFactor: TwoFactorRepository,
        now: @escaping @Sendable () -> Date
    ) throws {
        self.database = database
        self.views = views
        self.cookies = cookies
        self.signIn = try SignIn(database: database, hasher: hasher, twoFactor: twoFactor, now: now)
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
        let form = try await request.decodeForm(as: LoginForm.self, context: context)
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
        switch try await signIn.password(email: email, password: password, from: SignInOrigin(request, context, tenant: tenant)) {
        case .refused:
            return try renderLogin(tenant: tenant, context: context, email: email, error: Self.genericFailure, status: .unprocessableContent)
        case .started(let user, let token, let pending):
            var response = Response.redirect(to: pending ? "/t/\(tenant.slug)/login/2fa" : Self.home(for: user, tenant: tenant), type: .normal)
            response.setCookie(cookies.session(token))
            response.setCookie(cookies.expired(cookies.csrfName))
            return response
        }
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
        let code = (try await request.decodeForm(as: SecondFactorForm.self, context: context).code ?? "").trimmingCharacters(in: .whitespaces)
        switch try await signIn.secondFactor(code: code, identity: identity, from: SignInOrigin(request, context, tenant: tenant)) {
        case .accepted(let token, let recovery):
            let home = Self.home(for: identity.user, tenant: tenant)
            var response = Response.redirect(to: recovery ? "/t/\(tenant.slug)/account/security?recovery_used=1" : home, type: .normal)
            response.setCookie(cookies.session(token))
            return response
        case .ended:
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
            try await database.withTenant(tenant.id, logger: context.logger) { db in
                try await sessions.revoke(sessionID: identity.sessionID, in: db)
                try await audit.record(
                    AuditEvent(action: .signedOut, actor: .user(identity.user), targetType: "session",
                               targetID: identity.sessionID.uuidString, ip: context.clientIP, userAgent: request.headers[.userAgent],
                               requestID: context.requestID), in: db)
            }
        }
        var response = Response.redirect(to: "/t/\(tenant.slug)/login?signed_out=1", type: .normal)
        response.setCookie(cookies.expired(cookies.sessionName))
        return response
    }

    static func home(for user: User, tenant: TenantRef) -> String {
        user.role.may(.adminPortal) ? "/t/\(tenant.slug)/admin" : "/t/\(tenant.slug)/"
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
