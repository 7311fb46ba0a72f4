import Foundation
import Hummingbird

/// `/t/{slug}/password-reset`: ask for a link (the same answer for every email), then choose a new password with it.
public struct PasswordResetController: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    let outbox: Outbox
    let publicURL: String
    let now: @Sendable () -> Date

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("password-reset", use: self.form)
        group.post("password-reset", use: self.request)
        group.get("password-reset/:token", use: self.show)
        group.post("password-reset/:token", use: self.complete)
    }

    static let sentAnswer =
        "If an account with that email exists here, a link to choose a new password is on its way. It works once, for an hour. "
        + "No mail? Ask your administrator."

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant else { throw AppError.notFound }
        return try render(tenant, context, mode: .ask, message: nil, status: .ok)
    }

    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let tenant = context.tenant, tenant.status == .active else { throw AppError.notFound }
        let email = try await request.postedForm()["email"] ?? ""
        let reset = PasswordReset(now: now())
        let source = AuditSource(
            actor: AuditActor(label: "password reset form"),
            ip: context.clientIP,
            userAgent: request.headers[.userAgent],
            requestID: context.requestID
        )
        let outbox = self.outbox
        let message = try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await reset.request(email: email, tenant: tenant, outbox: outbox, publicURL: publicURL, source: source, in: db)
        }
        if let message { try await outbox.deliver(message, database: database, tenantID: tenant.id, logger: context.logger) }
        return try render(tenant, context, mode: .sent, message: Self.sentAnswer, status: .ok)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenant, token) = try context.linkTarget()
        let checked = try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await PasswordReset(now: now()).check(token: token, in: db)
        }
        if case .failure(let unusable) = checked { return try render(tenant, context, mode: .unusable, message: unusable.message, status: .gone) }
        return try render(tenant, context, mode: .choose(token), message: nil, status: .ok)
    }

    @Sendable func complete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenant, token) = try context.linkTarget()
        let form = try await request.postedForm()
        let password = form["password"] ?? ""
        var problems = policy.problems(password, email: "", name: "")
        if password != form["confirm"] { problems.append("Confirm password: type the same password twice.") }
        guard problems.isEmpty else {
            return try render(tenant, context, mode: .choose(token), message: nil, problems: problems, status: .unprocessableContent)
        }
        let hash = try await hasher.hash(password)
        let source = AuditSource(
            actor: AuditActor(label: "password reset link"),
            ip: context.clientIP,
            userAgent: request.headers[.userAgent],
            requestID: context.requestID
        )
        let unusable = try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await PasswordReset(now: now()).complete(token: token, passwordHash: hash, source: source, in: db)
        }
        if let unusable { return try render(tenant, context, mode: .unusable, message: unusable.message, status: .gone) }
        return .seeOther(.login, tenant.slug, notice: .passwordReset)
    }

    enum Mode {
        case ask, sent, unusable
        case choose(String)
    }

    private func render(
        _ tenant: TenantRef,
        _ context: AppRequestContext,
        mode: Mode,
        message: String?,
        problems: [String] = [],
        status: HTTPResponse.Status
    ) throws -> Response {
        var chooseAction: String?
        if case .choose(let token) = mode { chooseAction = TenantPage.passwordResetLink(token).href(tenant.slug) }
        var askAction: String?
        if case .ask = mode { askAction = TenantPage.passwordReset.href(tenant.slug) }
        let model = PasswordResetPage(
            chrome: Chrome(title: "Reset your password · \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name,
            message: message,
            askAction: askAction,
            chooseAction: chooseAction,
            loginHref: TenantPage.login.href(tenant.slug),
            problems: problems,
            hasProblems: !problems.isEmpty,
            csrfToken: context.csrfToken ?? ""
        )
        return try views.render(model, status: status)
    }
}

struct PasswordResetPage: Page {
    static let template = "auth/password-reset"
    let chrome: Chrome
    let tenantName: String
    let message: String?
    /// Set on the "send me a link" form.
    let askAction: String?
    /// Set on the "choose a new password" form.
    let chooseAction: String?
    let loginHref: String
    let problems: [String]
    let hasProblems: Bool
    let csrfToken: String
}
