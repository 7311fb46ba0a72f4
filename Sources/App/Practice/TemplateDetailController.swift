import Foundation
import Hummingbird

/// One interview template for editors and admins: its completion, score distribution and audience, and the candidates
/// it is assigned to. An archived template's page still shows its figures but changes nothing: its forms are gone and
/// a post to it is a 409.
public struct TemplateDetailController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try Self.templateID(context)
        let data = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let detail = try await TemplateRepository().detail(id, in: db) else { throw AppError.notFound }
            return try await Self.load(detail, in: db)
        }
        let notice = request.notice(.templateAssigned, .templateUnassigned, .templateAudienceSaved)
        return try render(context, data, form: TemplateDetailForm(), notice: notice)
    }

    /// Assigns the template to the typed addresses, all or none.
    @Sendable func assign(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try Self.templateID(context)
        let typed = String((try await request.postedForm()["emails"] ?? "").prefix(100_000))
        let source = context.auditSource(request)
        let userID = context.user.id
        let tenantName = context.tenant.name
        let refused: (TemplateDetailData, String)? = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let detail = try await TemplateRepository().detail(id, in: db) else { throw AppError.notFound }
            try Self.requireEditable(detail)
            switch TemplateAssignmentRequest.parse(typed) {
            case .failure(let problem):
                return (try await Self.load(detail, in: db), problem.message)
            case .success(let emails):
                let outcome = try await TemplateAssignmentRepository().assign(emails, to: detail, by: source, userID: userID, in: db)
                guard case .refused(let missing) = outcome else { return nil }
                return (try await Self.load(detail, in: db), TemplateAssignmentRequest.refusal(missing, tenant: tenantName))
            }
        }
        if let refused {
            let form = TemplateDetailForm(emails: typed, emailsProblem: refused.1)
            return try render(context, refused.0, form: form, notice: nil, status: .unprocessableContent)
        }
        return .seeOther(.template(id), context.tenant.slug, notice: .templateAssigned)
    }

    /// Removes one candidate's assignment; a person who is not assigned (or not the tenant's) is a 404.
    @Sendable func unassign(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try Self.templateID(context)
        let form = try await request.postedForm()
        let source = context.auditSource(request)
        try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let detail = try await TemplateRepository().detail(id, in: db) else { throw AppError.notFound }
            try Self.requireEditable(detail)
            guard let userID = form["user"].flatMap(UUID.init(uuidString:)),
                try await TemplateAssignmentRepository().unassign(userID, from: detail, by: source, in: db)
            else { throw AppError.notFound }
        }
        return .seeOther(.template(id), context.tenant.slug, notice: .templateUnassigned)
    }

    /// Chooses who may start the template: every candidate, or the assigned ones.
    @Sendable func audience(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try Self.templateID(context)
        let typed = try await request.postedForm()["audience"]
        let source = context.auditSource(request)
        let refused: TemplateDetailData? = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let detail = try await TemplateRepository().detail(id, in: db) else { throw AppError.notFound }
            try Self.requireEditable(detail)
            guard let audience = typed.flatMap(TemplateAudience.init(rawValue:)) else { return try await Self.load(detail, in: db) }
            _ = try await TemplateAssignmentRepository().setAudience(audience, of: detail, by: source, in: db)
            return nil
        }
        if let data = refused {
            let form = TemplateDetailForm(
                audience: typed,
                audienceProblem: "Audience: choose “\(TemplateAudience.all.label)” or “\(TemplateAudience.assigned.label)”."
            )
            return try render(context, data, form: form, notice: nil, status: .unprocessableContent)
        }
        return .seeOther(.template(id), context.tenant.slug, notice: .templateAudienceSaved)
    }

    static func templateID(_ context: SignedInContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        return id
    }

    /// An archived template's audience and assignments no longer change.
    static func requireEditable(_ detail: TemplateDetail) throws {
        guard detail.archivedAt == nil else {
            throw AppError.conflict("The template “\(detail.template.name)” is archived, so its audience and assignments can no longer change.")
        }
    }

    /// The figures of a template the caller has read (and so checked against the tenant).
    static func load(_ detail: TemplateDetail, in db: TenantConnection) async throws -> TemplateDetailData {
        let id = detail.template.id
        let stats = TemplateStatsRepository()
        let assignees = try await stats.assignees(id, in: db)
        return TemplateDetailData(
            detail: detail,
            sources: try await TemplateSourceNames.read(in: db),
            completion: try await stats.completion(id, audience: detail.audience, in: db),
            scores: try await stats.scores(id, in: db),
            assignees: assignees.rows,
            assigneeTotal: assignees.total
        )
    }

    private func render(
        _ context: SignedInContext,
        _ data: TemplateDetailData,
        form: TemplateDetailForm,
        notice: Notice?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let model = TemplateDetailPage(
            chrome: Chrome(title: data.detail.template.name, context: context, section: "templates"),
            data: data,
            form: form,
            notice: notice,
            slug: context.tenant.slug,
            csrfToken: context.csrfToken,
            now: now()
        )
        return try views.render(model, status: status)
    }
}
