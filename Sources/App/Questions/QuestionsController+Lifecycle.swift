import Foundation
import Hummingbird

extension QuestionsController {
    @Sendable func revert(_ request: Request, context: SignedInContext) async throws -> Response {
        let fields = try await request.postedForm()
        guard let number = fields["version"].flatMap({ Int($0) }) else { throw AppError.badRequest }
        let editor = self.editor(context, request)
        let (id, outcome) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, lock: true, in: db)
            return (question.id, try await editor.revert(question, to: number, in: db))
        }
        switch outcome {
        case .problems(let problems): throw AppError.conflict(problems.joined(separator: " "))
        case .unchanged: return .seeOther(.question(id), context.tenant.slug, notice: .unchanged)
        default: return .seeOther(.question(id), context.tenant.slug, notice: .reverted)
        }
    }

    @Sendable func confirmPublish(_ request: Request, context: SignedInContext) async throws -> Response {
        let editor = self.editor(context, request)
        let (question, impact) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, in: db)
            return (question, try await editor.publishImpact(of: question, in: db))
        }
        guard question.status != .archived else { throw AppError.conflict("This question is archived. Restore it before publishing.") }
        let slug = context.tenant.slug
        let model = PublishPage(
            chrome: Chrome(title: "Publish", context: context, section: "questions"),
            heading: Markdown.summary(question.content.prompt, limit: 100),
            version: question.latestVersion,
            impact: impact.fields.map { LabelledValue(label: $0.language, value: $0.fields.map(\.label).joined(separator: ", ")) },
            hasImpact: !impact.fields.isEmpty,
            action: TenantPage.questionPage(question.id, .publish).href(slug),
            cancelHref: TenantPage.question(question.id).href(slug),
            diffHref: question.publishedVersion.map {
                TenantPage.questionPage(question.id, .diff).href(slug, query: [("from", "\($0)"), ("to", "\(question.latestVersion)")])
            },
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    @Sendable func publish(_ request: Request, context: SignedInContext) async throws -> Response {
        let fields = try await request.postedForm()
        let editor = self.editor(context, request)
        let id = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, lock: true, in: db)
            // The confirmation named a version; if someone saved a newer one meanwhile, ask again.
            guard fields["version"] == String(question.latestVersion) else { return (question.id, false) }
            _ = try await editor.publish(question, in: db)
            return (question.id, true)
        }
        guard id.1 else { return .seeOther(.questionPage(id.0, .publish), context.tenant.slug) }
        return .seeOther(.question(id.0), context.tenant.slug, notice: .published)
    }

    @Sendable func archive(_ request: Request, context: SignedInContext) async throws -> Response {
        let editor = self.editor(context, request)
        let id = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, lock: true, in: db)
            try await editor.archive(question, in: db)
            return question.id
        }
        return .seeOther(.question(id), context.tenant.slug, notice: .archived)
    }

    @Sendable func restore(_ request: Request, context: SignedInContext) async throws -> Response {
        let editor = self.editor(context, request)
        let (id, outcome) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, lock: true, in: db)
            return (question.id, try await editor.restore(question, in: db))
        }
        if case .problems(let problems) = outcome { throw AppError.conflict(problems.joined(separator: " ")) }
        return .seeOther(.question(id), context.tenant.slug, notice: .restored)
    }
}
