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
        database: Database,
        views: Views,
        hasher: PasswordHasher,
        cookies: CookieSettings,
        twoFactor: TwoFactorRepository,
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
            return .seeOther(identity.needsSecondFactor ? .secondFactor : Self.home(for: identity.user), tenant.slug)
        }
        let notice = request.notice(.signedOut, .expired, .passwordReset)?.message
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
                tenant: tenant,
                context: context,
                email: email,
                error: "\(tenant.name)'s account is suspended, so nobody can sign in. Contact your administrator.",
                status: .forbidden
            )
        }
        guard !email.isEmpty, !password.isEmpty, email.count <= 254, password.count <= 4096 else {
            return try renderLogin(
                tenant: tenant,
                context: context,
                email: email,
                error: "Enter your email and your password.",
                status: .unprocessableContent
            )
        }
        switch try await signIn.password(email: email, password: password, from: SignInOrigin(request, context, tenant: tenant)) {
        case .refused:
            CoachMetrics.signIn("refused")
            return try renderLogin(tenant: tenant, context: context, email: email, error: Self.genericFailure, status: .unprocessableContent)
        case .started(let user, let token, let pending):
            CoachMetrics.signIn(pending ? "password_accepted" : "signed_in")
            var response = Response.seeOther(pending ? .secondFactor : Self.home(for: user), tenant.slug)
            response.setCookie(cookies.session(token))
            response.setCookie(cookies.expired(cookies.csrfName))
            return response
        }
    }

    @Sendable func showSecondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        guard let identity = context.identity else { return .seeOther(.login, tenant.slug) }
        guard identity.needsSecondFactor else { return .seeOther(Self.home(for: identity.user), tenant.slug) }
        return try renderSecondFactor(tenant: tenant, context: context, error: nil, status: .ok)
    }

    struct SecondFactorForm: Decodable {
        let code: String?
    }

    @Sendable func secondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        guard let identity = context.identity, identity.needsSecondFactor else {
            return .seeOther(.login, tenant.slug)
        }
        let code = (try await request.decodeForm(as: SecondFactorForm.self, context: context).code ?? "").trimmingCharacters(in: .whitespaces)
        switch try await signIn.secondFactor(code: code, identity: identity, from: SignInOrigin(request, context, tenant: tenant)) {
        case .accepted(let token, let recovery):
            CoachMetrics.signIn(recovery ? "signed_in_with_recovery_code" : "signed_in")
            var response =
                recovery
                ? Response.seeOther(.accountSecurity, tenant.slug, notice: .recoveryUsed) : .seeOther(Self.home(for: identity.user), tenant.slug)
            response.setCookie(cookies.session(token))
            return response
        case .ended:
            CoachMetrics.signIn("second_factor_ended")
            var response = Response.seeOther(.login, tenant.slug, notice: .expired)
            response.setCookie(cookies.expired(cookies.sessionName))
            return response
        case .rejected(let left):
            CoachMetrics.signIn("second_factor_rejected")
            let message =
                "That code is not valid or was already used. \(left) \(left == 1 ? "attempt" : "attempts") left before you must sign in again."
            return try renderSecondFactor(tenant: tenant, context: context, error: message, status: .unprocessableContent)
        }
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        if let identity = context.identity {
            try await database.withTenant(tenant.id, logger: context.logger) { db in
                try await sessions.revoke(sessionID: identity.sessionID, in: db)
                try await audit.record(
                    AuditEvent(
                        action: .signedOut,
                        actor: .user(identity.user),
                        targetType: "session",
                        targetID: identity.sessionID.uuidString,
                        ip: context.clientIP,
                        userAgent: request.headers[.userAgent],
                        requestID: context.requestID
                    ),
                    in: db
                )
            }
        }
        var response = Response.seeOther(.login, tenant.slug, notice: .signedOut)
        response.setCookie(cookies.expired(cookies.sessionName))
        return response
    }

    static func home(for user: User) -> TenantPage {
        user.role.may(.adminPortal) ? .adminHome : .start
    }

    private func renderLogin(
        tenant: TenantRef,
        context: AppRequestContext,
        email: String,
        error: String?,
        notice: String? = nil,
        status: HTTPResponse.Status
    ) throws -> Response {
        let model = LoginPage(
            chrome: Chrome(title: "Sign in · \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name,
            action: TenantPage.login.href(tenant.slug),
            resetHref: TenantPage.passwordReset.href(tenant.slug),
            email: email,
            error: error,
            notice: notice,
            suspended: tenant.status != .active,
            csrfToken: context.csrfToken ?? ""
        )
        return try views.render(model, status: status)
    }

    private func renderSecondFactor(tenant: TenantRef, context: AppRequestContext, error: String?, status: HTTPResponse.Status) throws -> Response {
        let model = SecondFactorPage(
            chrome: Chrome(title: "Two-factor authentication · \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name,
            action: TenantPage.secondFactor.href(tenant.slug),
            logoutAction: TenantPage.logout.href(tenant.slug),
            error: error,
            csrfToken: context.csrfToken ?? ""
        )
        return try views.render(model, status: status)
    }
}
