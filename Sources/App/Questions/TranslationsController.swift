import Foundation
import Hummingbird

/// Translators' pages: one question in one language, field by field beside its source, and the coverage overview.
public struct TranslationsController: Sendable, ServiceController {
    let services: AppServices
    let questions = QuestionRepository()
    let translations = TranslationRepository()

    @Sendable func coverage(_ request: Request, context: SignedInContext) async throws -> Response {
        let languages = (all: context.tenant.languages, default: context.tenant.defaultLanguage)
        let rows = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await translations.coverage(languages: languages.all.filter { $0 != languages.default }, in: db)
        }
        let slug = context.tenant.slug
        let model = CoveragePage(
            chrome: Chrome(title: "Translations", context: context, section: "translations"),
            notice: request.notice(.languagesSaved)?.message,
            languages: languages.all.joined(separator: ", "),
            defaultLanguage: languages.default,
            languagesAction: context.user.role.may(.managePeople) ? TenantPage.languages.href(slug) : nil,
            csrfToken: context.csrfToken,
            rows: rows.map { row in
                func link(_ state: TranslationState) -> String {
                    TenantPage.questions.href(slug, query: [("translation", "\(row.language):\(state.rawValue)")])
                }
                return CoverageRow(
                    language: row.language,
                    reviewed: row.counts[.reviewed] ?? 0,
                    needsReview: row.counts[.needsReview] ?? 0,
                    draft: row.counts[.draft] ?? 0,
                    missing: row.counts[.missing] ?? 0,
                    needsReviewHref: link(.needsReview),
                    draftHref: link(.draft),
                    missingHref: link(.missing)
                )
            }
        )
        return try views.render(model)
    }

    @Sendable func edit(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(request, context: context, typed: nil, problems: [], status: .ok)
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let language = try Self.language(context)
        var values: [TranslatableField: String] = [:]
        for field in TranslatableField.allCases { values[field] = form[field.rawValue] ?? "" }
        let editor = QuestionEditor(author: context.user, source: context.auditSource(request))
        let (id, outcome) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let question = try await questions.find(id: try QuestionsController.questionID(context), lock: true, in: db) else {
                throw AppError.notFound
            }
            return (question.id, try await editor.translate(question, language: language, values: values, reviewed: form["reviewed"] == "on", in: db))
        }
        if case .problems(let problems) = outcome {
            return try await render(request, context: context, typed: values, problems: problems, status: .unprocessableContent)
        }
        return .seeOther(.question(id), context.tenant.slug, notice: .translationSaved)
    }

    static func language(_ context: SignedInContext) throws -> String {
        guard let language = context.parameters.get("language"), Languages.isValid(language) else { throw AppError.notFound }
        return language
    }

    private func render(
        _ request: Request,
        context: SignedInContext,
        typed: [TranslatableField: String]?,
        problems: [String],
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = try Self.language(context)
        let languages = context.tenant.languages
        let (question, translation, sources) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let question = try await questions.find(id: try QuestionsController.questionID(context), in: db) else { throw AppError.notFound }
            let translation = try await translations.translations(of: question.id, in: db).first { $0.language == language }
            var sources: [Int: QuestionContent] = [:]
            for field in translation?.fields.values ?? [:].values where sources[field.sourceVersion] == nil {
                sources[field.sourceVersion] = try await questions.version(field.sourceVersion, of: question.id, in: db)?.content
            }
            let reference = question.publishedVersion ?? question.latestVersion
            sources[reference] = try await questions.version(reference, of: question.id, in: db)?.content
            return (question, translation, sources)
        }
        guard languages.contains(language), language != question.language else { throw AppError.notFound }
        let reference = question.publishedVersion ?? question.latestVersion
        let referenceContent = sources[reference] ?? question.content
        let slug = context.tenant.slug
        let model = TranslationPage(
            chrome: Chrome(title: "Translate", context: context, section: "translations"),
            heading: Markdown.summary(referenceContent.prompt, limit: 100),
            language: language,
            sourceLanguage: question.language,
            version: reference,
            action: TenantPage.questionTranslation(question.id, language: language).href(slug),
            questionHref: TenantPage.question(question.id).href(slug),
            problems: problems,
            hasProblems: !problems.isEmpty,
            fields: TranslatableField.allCases.map { field in
                let stored = translation?.fields[field]
                let sourceText = referenceContent.text(of: field.rawValue) ?? ""
                let changes = stored.flatMap { stored -> [SegmentView]? in
                    guard stored.state == .needsReview, let old = sources[stored.sourceVersion]?.text(of: field.rawValue) else { return nil }
                    return QuestionDiff.words(from: old, to: sourceText).map {
                        SegmentView(text: $0.text, added: $0.kind == .added, removed: $0.kind == .removed)
                    }
                }
                return TranslationFieldView(
                    name: field.rawValue,
                    label: field.label,
                    source: sourceText,
                    value: typed?[field] ?? stored?.value ?? "",
                    state: (stored?.state ?? .missing).label,
                    needsReview: stored?.state == .needsReview,
                    sourceChanges: changes ?? [],
                    multiline: true
                )
            }.filter { !$0.source.isEmpty || !$0.value.isEmpty },
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}
