import Foundation
import Hummingbird

extension QuestionsController {
    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let (question, translations, statistics) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, in: db)
            return (
                question, try await TranslationRepository().translations(of: question.id, in: db),
                try await questions.statistics(of: question.id, in: db)
            )
        }
        let languages = context.tenant.languages
        let slug = context.tenant.slug
        let role = context.user.role
        let c = question.content
        let statusNote: String =
            switch question.status {
            case .draft: "Draft: candidates do not see this question yet."
            case .archived: "Archived: candidates no longer get this question."
            case .published where question.hasUnpublishedChanges:
                "Candidates see version \(question.publishedVersion ?? 0); version \(question.latestVersion) is not published yet."
            case .published: "Published: candidates see version \(question.latestVersion)."
            }
        let model = QuestionShowPage(
            chrome: Chrome(title: "Question", context: context, section: "questions"),
            notice: request.notice(.questionCreated, .versionSaved, .unchanged, .published, .archived, .restored, .reverted, .translationSaved)?
                .message,
            heading: Markdown.summary(c.prompt, limit: 100),
            status: question.status.rawValue,
            statusNote: statusNote,
            promptHTML: Markdown.html(c.prompt),
            hintHTML: c.hint.isEmpty ? nil : Markdown.html(c.hint),
            sampleAnswerHTML: c.sampleAnswer.isEmpty ? nil : Markdown.html(c.sampleAnswer),
            followUps: c.followUps,
            criteria: c.criteria.map { LabelledValue(label: $0.name, value: "\($0.weight)") },
            facts: [
                ("Bank", question.bankName), ("Category", question.categoryPath.joined(separator: " / ")), ("Field", c.field),
                ("Level", c.level.rawValue), ("Difficulty", c.difficulty.rawValue), ("Company", c.company),
                ("Position type", c.positionType), ("Tags", c.tags.joined(separator: ", ")), ("Keywords", c.keywords.joined(separator: ", ")),
                ("Ideal answer length", c.idealAnswerWords.map { "\($0) words" } ?? ""),
                ("Time limit", c.timeLimitSeconds.map { "\($0) seconds" } ?? ""), ("External key", question.externalKey ?? ""),
                ("Language", question.language), ("Latest version", "\(question.latestVersion)"),
            ].filter { !$0.1.isEmpty }.map { LabelledValue(label: $0.0, value: $0.1) },
            translations: languages.filter { $0 != question.language }.map { language in
                let state = translations.first { $0.language == language }?.state(for: c) ?? .missing
                return TranslationSummaryView(
                    language: language,
                    state: state.label,
                    needsReview: state == .needsReview,
                    href: role.may(.translate) ? TenantPage.questionTranslation(question.id, language: language).href(slug) : nil
                )
            },
            statistics: statistics.map {
                StatisticsView(
                    version: $0.version,
                    attempts: $0.attempts,
                    mean: String(format: "%.1f", $0.mean),
                    spread: String(format: "%.1f", $0.spread),
                    bankMean: String(format: "%.1f", $0.bankMean),
                    needsChecking: $0.needsChecking
                )
            },
            hasStatistics: !statistics.isEmpty,
            editHref: role.may(.editQuestions) && question.status != .archived ? TenantPage.questionPage(question.id, .edit).href(slug) : nil,
            historyHref: TenantPage.questionPage(question.id, .history).href(slug),
            publishHref: role.may(.publishQuestions) && question.status != .archived && question.hasUnpublishedChanges
                ? TenantPage.questionPage(question.id, .publish).href(slug) : nil,
            archiveAction: role.may(.publishQuestions) && question.status != .archived
                ? TenantPage.questionPage(question.id, .archive).href(slug) : nil,
            restoreAction: role.may(.publishQuestions) && question.status == .archived
                ? TenantPage.questionPage(question.id, .restore).href(slug) : nil,
            auditHref: TenantPage.audit.href(slug, query: [("target_type", "question"), ("target", question.id.uuidString)]),
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    @Sendable func history(_ request: Request, context: SignedInContext) async throws -> Response {
        let (question, versions) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, in: db)
            return (question, try await questions.versions(of: question.id, in: db))
        }
        let slug = context.tenant.slug
        let canRevert = context.user.role.may(.editQuestions) && question.status != .archived
        let numbers = versions.map(\.number)
        let model = QuestionHistoryPage(
            chrome: Chrome(title: "History", context: context, section: "questions"),
            heading: Markdown.summary(question.content.prompt, limit: 100),
            questionHref: TenantPage.question(question.id).href(slug),
            diffAction: TenantPage.questionPage(question.id, .diff).href(slug),
            versions: versions.map { v in
                VersionRowView(
                    number: v.number,
                    author: v.authorName,
                    created: UTCFormat.time.string(from: v.createdAt) + " UTC",
                    note: v.changeNote,
                    isPublished: v.number == question.publishedVersion,
                    isLatest: v.number == question.latestVersion,
                    previous: v.number - 1,
                    diffHref: v.number > 1
                        ? TenantPage.questionPage(question.id, .diff).href(slug, query: [("from", "\(v.number - 1)"), ("to", "\(v.number)")]) : nil,
                    revertAction: canRevert && v.number != question.latestVersion ? TenantPage.questionPage(question.id, .revert).href(slug) : nil
                )
            },
            fromOptions: Self.options(numbers.map { ("\($0)", "Version \($0)") }, selected: "\(max(1, question.latestVersion - 1))"),
            toOptions: Self.options(numbers.map { ("\($0)", "Version \($0)") }, selected: "\(question.latestVersion)"),
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    @Sendable func diff(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.formQuery
        guard let from = query["from"].flatMap({ Int($0) }), let to = query["to"].flatMap({ Int($0) }) else { throw AppError.badRequest }
        let (question, old, new, numbers) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, in: db)
            guard let old = try await questions.version(from, of: question.id, in: db),
                let new = try await questions.version(to, of: question.id, in: db)
            else { throw AppError.notFound }
            return (question, old, new, Array(1...question.latestVersion).reversed())
        }
        let slug = context.tenant.slug
        let fields = QuestionDiff.fields(from: old.content, to: new.content)
        let model = QuestionDiffPage(
            chrome: Chrome(title: "Compare versions", context: context, section: "questions"),
            heading: Markdown.summary(question.content.prompt, limit: 100),
            from: from,
            to: to,
            fields: fields.map { field in
                FieldDiffView(
                    label: field.label,
                    segments: field.segments.map { SegmentView(text: $0.text, added: $0.kind == .added, removed: $0.kind == .removed) }
                )
            },
            hasFields: !fields.isEmpty,
            historyHref: TenantPage.questionPage(question.id, .history).href(slug),
            diffAction: TenantPage.questionPage(question.id, .diff).href(slug),
            fromOptions: Self.options(numbers.map { ("\($0)", "Version \($0)") }, selected: "\(from)"),
            toOptions: Self.options(numbers.map { ("\($0)", "Version \($0)") }, selected: "\(to)")
        )
        return try views.render(model)
    }
}
