import Foundation
import Hummingbird

/// `/t/{slug}/invitation/{token}`: the invited person chooses a name and password and is signed in; roles that the
/// tenant's policy requires 2FA for are then sent to enrol by ``TwoFactorEnrolmentMiddleware``.
public struct InvitationController: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    let cookies: CookieSettings
    let signIn: SignIn
    let now: @Sendable () -> Date

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("invitation/:token", use: self.show)
        group.post("invitation/:token", use: self.accept)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenant, token) = try context.linkTarget()
        let checked = try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await InvitationAcceptance(now: now()).check(token: token, in: db)
        }
        switch checked {
        case .failure(let unusable): return try render(tenant, context, token: token, invitation: nil, problems: [unusable.message], status: .gone)
        case .success(let invitation): return try render(tenant, context, token: token, invitation: invitation, problems: [], status: .ok)
        }
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenant, token) = try context.linkTarget()
        let form = try await request.postedForm()
        let name = form["name"] ?? ""
        let password = form["password"] ?? ""
        var problems = policy.problems(password, email: "", name: name)
        if password != form["confirm"] { problems.append("Confirm password: type the same password twice.") }
        let acceptance = InvitationAcceptance(now: now())
        guard problems.isEmpty else {
            let invitation = try await database.withTenant(tenant.id, logger: context.logger) { db in
                try? await acceptance.check(token: token, in: db).get()
            }
            return try render(tenant, context, token: token, invitation: invitation, problems: problems, name: name, status: .unprocessableContent)
        }
        let hash = try await hasher.hash(password)
        let origin = SignInOrigin(request, context, tenant: tenant)
        let sessionToken = SecureRandom.token()
        let outcome = try await database.withTenant(tenant.id, logger: context.logger) { db in
            let outcome = try await acceptance.accept(token: token, name: name, passwordHash: hash, in: db)
            if case .accepted(let user) = outcome {
                let policy = tenant.policy
                _ = try await signIn.startSession(
                    token: sessionToken,
                    user: user,
                    policy: policy,
                    mfaPassed: false,
                    reauthenticated: true,
                    origin: origin,
                    in: db
                )
            }
            return outcome
        }
        switch outcome {
        case .accepted(let user):
            var response = Response.seeOther(AuthController.home(for: user), tenant.slug)
            response.setCookie(cookies.session(sessionToken))
            response.setCookie(cookies.expired(cookies.csrfName))
            return response
        case .unusable(let message):
            return try render(tenant, context, token: token, invitation: nil, problems: [message], status: .gone)
        case .problems(let problems):
            let invitation = try await database.withTenant(tenant.id, logger: context.logger) { db in
                try? await acceptance.check(token: token, in: db).get()
            }
            return try render(tenant, context, token: token, invitation: invitation, problems: problems, name: name, status: .unprocessableContent)
        }
    }

    private func render(
        _ tenant: TenantRef,
        _ context: AppRequestContext,
        token: String,
        invitation: Invitation?,
        problems: [String],
        name: String? = nil,
        status: HTTPResponse.Status
    ) throws -> Response {
        let model = AcceptInvitationPage(
            chrome: Chrome(title: "Join \(tenant.name)", tenant: tenant, csrfToken: context.csrfToken),
            tenantName: tenant.name,
            email: invitation?.email,
            role: invitation?.role.label,
            name: name ?? invitation?.name ?? "",
            action: TenantPage.invitation(token).href(tenant.slug),
            loginHref: TenantPage.login.href(tenant.slug),
            problems: problems,
            hasProblems: !problems.isEmpty,
            csrfToken: context.csrfToken ?? ""
        )
        return try views.render(model, status: status)
    }
}

struct AcceptInvitationPage: Page {
    static let template = "auth/accept"
    let chrome: Chrome
    let tenantName: String
    /// Nil when the link cannot be used: the page then only explains why.
    let email: String?
    let role: String?
    let name: String
    let action: String
    let loginHref: String
    let problems: [String]
    let hasProblems: Bool
    let csrfToken: String
}
