import Foundation

/// Translated fields that publishing the latest version would turn "needs review", by language.
public struct PublishImpact: Sendable, Equatable {
    public let fields: [(language: String, fields: [TranslatableField])]

    public static func == (lhs: PublishImpact, rhs: PublishImpact) -> Bool {
        lhs.fields.map(\.language) == rhs.fields.map(\.language) && lhs.fields.map(\.fields) == rhs.fields.map(\.fields)
    }

    /// "fr: Prompt, Hint; de: Prompt", or "" when nothing changes.
    public var summary: String {
        fields.map { "\($0.language): " + $0.fields.map(\.label).joined(separator: ", ") }.joined(separator: "; ")
    }
}

extension QuestionEditor {
    /// Which translated fields would turn "needs review" if the latest version were published: those not needing review
    /// now whose source text differs from the latest version's.
    public func publishImpact(of question: Question, in db: TenantConnection) async throws -> PublishImpact {
        let translations = try await TranslationRepository().translations(of: question.id, in: db)
        var sources: [Int: QuestionContent] = [:]
        var impact: [(String, [TranslatableField])] = []
        for translation in translations {
            var turning: [TranslatableField] = []
            for field in TranslatableField.allCases {
                guard let translated = translation.fields[field], translated.state != .needsReview else { continue }
                if sources[translated.sourceVersion] == nil {
                    sources[translated.sourceVersion] = try await questions.version(translated.sourceVersion, of: question.id, in: db)?.content
                }
                if sources[translated.sourceVersion]?.text(of: field.rawValue) != question.content.text(of: field.rawValue) {
                    turning.append(field)
                }
            }
            if !turning.isEmpty { impact.append((translation.language, turning)) }
        }
        return PublishImpact(fields: impact)
    }

    /// Publishes the latest version: candidates see it from now on. Returns the translated fields that now need review.
    public func publish(_ question: Question, in db: TenantConnection) async throws -> PublishImpact {
        guard question.status != .archived else { throw AppError.conflict("This question is archived. Restore it before publishing.") }
        let impact = try await publishImpact(of: question, in: db)
        try await questions.setState(of: question.id, status: .published, publishedVersion: question.latestVersion, in: db)
        try await record(
            .questionPublished,
            question.id,
            question.content,
            details: impact.summary.isEmpty ? [:] : ["needs_review": impact.summary],
            before: ["status": question.status.rawValue, "published_version": question.publishedVersion.map(String.init) ?? "none"],
            after: ["status": "published", "published_version": String(question.latestVersion)],
            in: db
        )
        return impact
    }

    /// Archives a question: candidates no longer get it; its versions, answers and statistics stay.
    public func archive(_ question: Question, in db: TenantConnection) async throws {
        guard question.status != .archived else { return }
        try await questions.setState(of: question.id, status: .archived, publishedVersion: question.publishedVersion, in: db)
        try await recordStatus(.questionArchived, question, to: "archived", in: db)
        try await PlanLimitsRepository().clearOverLimitIfFixed(at: Date(), in: db)
    }

    /// Brings an archived question back as a draft (it counts against the plan again).
    public func restore(_ question: Question, in db: TenantConnection) async throws -> SaveOutcome {
        guard question.status == .archived else { return .unchanged }
        if let full = try await planFull(in: db) { return .problems([full]) }
        try await questions.setState(of: question.id, status: .draft, publishedVersion: question.publishedVersion, in: db)
        try await recordStatus(.questionRestored, question, to: "draft", in: db)
        return .saved(version: question.latestVersion)
    }

    private func recordStatus(_ action: AuditAction, _ question: Question, to status: String, in db: TenantConnection) async throws {
        try await record(action, question.id, question.content, before: ["status": question.status.rawValue], after: ["status": status], in: db)
    }

    /// Saves one language's translated fields, made from the version candidates see; `reviewed` marks them reviewed.
    public func translate(
        _ question: Question,
        language: String,
        values: [TranslatableField: String],
        reviewed: Bool,
        in db: TenantConnection
    ) async throws -> SaveOutcome {
        let languages = try await banks.languages(in: db).all
        guard languages.contains(language), language != question.language else { throw AppError.notFound }
        let problems = values.compactMap { field, value in value.count > 20_000 ? "\(field.label): at most 20,000 characters." : nil }
        guard problems.isEmpty else { return .problems(problems) }
        let reference = question.publishedVersion ?? question.latestVersion
        let repository = TranslationRepository()
        var after: [String: String] = [:]
        for (field, value) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            try await repository.save(
                questionID: question.id,
                language: language,
                field: field,
                value: trimmed,
                sourceVersion: reference,
                reviewed: reviewed,
                by: author.id,
                in: db
            )
            after[field.rawValue] = String(trimmed.prefix(1_000))
        }
        try await record(
            reviewed ? .translationReviewed : .translationSaved,
            question.id,
            question.content,
            details: ["language": language, "source_version": String(reference)],
            after: after,
            in: db
        )
        return .saved(version: reference)
    }
}
