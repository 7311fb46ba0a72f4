import Foundation
import Hummingbird

/// Interview templates for editors and admins: the list, a form for a new one, and archiving. One template's page,
/// with its figures and assignments, is ``TemplateDetailController``.
public struct TemplatesController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(
            context,
            form: ["kind": "mixed", "question_count": "5", "minutes": "3"],
            problems: nil,
            notice: request.notice(.templateSaved, .templateArchived)
        )
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let sources = try await database.withTenant(context.tenant.id, logger: context.logger) { db in try await TemplateSourceNames.read(in: db) }
        switch InterviewTemplate.parse(form, banks: sources.banks.map(\.id), categories: sources.categories.map(\.id)) {
        case .failure(let problems):
            return try await render(context, form: form, problems: problems, notice: nil, status: .unprocessableContent)
        case .success(let template):
            let source = context.auditSource(request)
            let userID = context.user.id
            try await database.withTenant(context.tenant.id, logger: context.logger) { db in
                try await TemplateRepository().insert(template, by: source, userID: userID, in: db)
            }
            return .seeOther(.templates, context.tenant.slug, notice: .templateSaved)
        }
    }

    @Sendable func archive(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let source = context.auditSource(request)
        let archived = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await TemplateRepository().archive(id, by: source, in: db)
        }
        guard archived else { throw AppError.notFound }
        return .seeOther(.templates, context.tenant.slug, notice: .templateArchived)
    }

    private func render(
        _ context: SignedInContext,
        form: [String: String],
        problems: TemplateProblems?,
        notice: Notice?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let slug = context.tenant.slug
        let (templates, sources) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (try await TemplateRepository().listing(in: db), try await TemplateSourceNames.read(in: db))
        }
        let model = TemplatesPage(
            chrome: Chrome(title: "Interview templates", context: context, section: "templates"),
            notice: notice?.message,
            templates: templates.map { TemplateRowView($0, sources: sources, slug: slug) },
            hasTemplates: !templates.isEmpty,
            action: TenantPage.newTemplate.href(slug),
            form: TemplateFormView(form: form, problems: problems?.byField ?? [:], sources: sources),
            problems: problems?.ordered ?? [],
            hasProblems: problems != nil,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}
