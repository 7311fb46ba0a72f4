import Foundation
import Hummingbird

/// Inviting people: the invite form, resend and revoke. A new link is shown to the admin once, right after it is
/// made, when no mail command sends it; it is never put in a URL or a log.
public struct InvitationsController: Sendable, ServiceController {
    let services: AppServices

    func invitations(_ context: SignedInContext, _ request: Request) -> Invitations {
        Invitations(
            outbox: services.outbox,
            publicURL: services.publicURL,
            source: context.auditSource(request),
            inviterRole: context.user.role,
            now: now()
        )
    }

    @Sendable func form(_ request: Request, context: SignedInContext) async throws -> Response {
        try render(context, email: "", name: "", role: .candidate, problems: [], status: .ok)
    }

    @Sendable func invite(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        guard let role = Role(rawValue: form["role"] ?? "") else {
            return try render(
                context,
                email: form["email"] ?? "",
                name: form["name"] ?? "",
                role: .candidate,
                problems: ["Role: choose one."],
                status: .unprocessableContent
            )
        }
        let invitations = invitations(context, request)
        let outcome = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await invitations.invite(email: form["email"] ?? "", name: form["name"] ?? "", role: role, tenant: context.tenant, in: db)
        }
        switch outcome {
        case .problems(let problems):
            return try render(
                context,
                email: form["email"] ?? "",
                name: form["name"] ?? "",
                role: role,
                problems: problems,
                status: .unprocessableContent
            )
        case .invited(_, let email, let link, let messageID):
            return try await sent(context, link: link, messageID: messageID, email: email)
        }
    }

    @Sendable func resend(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let invitations = invitations(context, request)
        let outcome = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await invitations.resend(id, tenant: context.tenant, in: db)
        }
        guard case .invited(_, let email, let link, let messageID) = outcome else { throw AppError.notFound }
        return try await sent(context, link: link, messageID: messageID, email: email)
    }

    @Sendable func revoke(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let invitations = invitations(context, request)
        try await database.withTenant(context.tenant.id, logger: context.logger) { db in try await invitations.revoke(id, in: db) }
        return .seeOther(.people, context.tenant.slug, notice: .invitationRevoked)
    }

    /// After commit: hands the message to the mail command, or shows the link for the admin to pass on.
    private func sent(_ context: SignedInContext, link: String, messageID: UUID, email: String) async throws -> Response {
        let delivered = try await services.outbox.deliver(messageID, database: database, tenantID: context.tenant.id, logger: context.logger)
        let model = InvitedPage(
            chrome: Chrome(title: "Invitation ready", context: context, section: "people"),
            email: email,
            link: delivered ? nil : link,
            peopleHref: TenantPage.people.href(context.tenant.slug),
            inviteHref: TenantPage.invite.href(context.tenant.slug)
        )
        var response = try views.render(model)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func render(
        _ context: SignedInContext,
        email: String,
        name: String,
        role: Role,
        problems: [String],
        status: HTTPResponse.Status
    ) throws -> Response {
        let offered = Role.allCases.filter { $0 != .owner || context.user.role == .owner }
        let model = InvitePage(
            chrome: Chrome(title: "Invite someone", context: context, section: "people"),
            action: TenantPage.invite.href(context.tenant.slug),
            cancelHref: TenantPage.people.href(context.tenant.slug),
            email: email,
            name: name,
            roles: offered.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == role) },
            problems: problems,
            hasProblems: !problems.isEmpty,
            emailProblem: problems.first { $0.hasPrefix("Email:") },
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

struct InvitePage: Page {
    static let template = "people/invite"
    let chrome: Chrome
    let action: String
    let cancelHref: String
    let email: String
    let name: String
    let roles: [Option]
    let problems: [String]
    let hasProblems: Bool
    let emailProblem: String?
    let csrfToken: String
}

struct InvitedPage: Page {
    static let template = "people/invited"
    let chrome: Chrome
    let email: String
    /// The link to hand over; nil when the mail command sent it.
    let link: String?
    let peopleHref: String
    let inviteHref: String
}
