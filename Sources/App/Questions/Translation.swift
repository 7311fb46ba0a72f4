import Foundation

/// Where a translated field stands against the version candidates see.
public enum TranslationState: String, Sendable, CaseIterable {
    case missing, draft
    case needsReview = "needs_review"
    case reviewed

    public var label: String {
        switch self {
        case .missing: "Missing"
        case .draft: "Draft"
        case .needsReview: "Needs review"
        case .reviewed: "Reviewed"
        }
    }
}

/// One translated field as stored, with its state computed against the version candidates see.
public struct TranslatedField: Sendable, Equatable {
    public let language: String
    public let field: String
    public let value: String
    /// The source version this field was translated from.
    public let sourceVersion: Int
    public let state: TranslationState
}

/// The fields a translator translates; the rest (level, tags, criteria…) are the same in every language.
public enum TranslatableField: String, Sendable, CaseIterable {
    case prompt, hint
    case sampleAnswer = "sample_answer"
    case followUps = "follow_ups"

    public var label: String {
        switch self {
        case .prompt: "Prompt"
        case .hint: "Hint"
        case .sampleAnswer: "Sample answer"
        case .followUps: "Follow-up questions"
        }
    }

    /// The fields of `content` that have source text to translate.
    public static func present(in content: QuestionContent) -> [TranslatableField] {
        allCases.filter { !(content.text(of: $0.rawValue) ?? "").isEmpty }
    }
}

/// One language's translation of a question, field by field, and the state of the whole.
public struct QuestionTranslation: Sendable, Equatable {
    public let language: String
    public let fields: [TranslatableField: TranslatedField]

    /// Missing while no field is translated; needs review if any field does; reviewed when every field with source
    /// text is reviewed; draft otherwise.
    public func state(for content: QuestionContent) -> TranslationState {
        let wanted = TranslatableField.present(in: content)
        let states = wanted.map { fields[$0]?.state ?? .missing }
        if fields.isEmpty { return .missing }
        if states.contains(.needsReview) { return .needsReview }
        if states.allSatisfy({ $0 == .reviewed }) { return .reviewed }
        return .draft
    }

    /// `content` with this translation's fields in place of the source's.
    public func applied(to content: QuestionContent) -> QuestionContent {
        var copy = content
        if let value = fields[.prompt]?.value { copy.prompt = value }
        if let value = fields[.hint]?.value { copy.hint = value }
        if let value = fields[.sampleAnswer]?.value { copy.sampleAnswer = value }
        if let value = fields[.followUps]?.value { copy.followUps = value.split(separator: "\n").map(String.init) }
        return copy
    }
}

/// Which language a candidate reads a question in: theirs, then the tenant's default, then the source; a translation
/// is used only when every field with source text is reviewed against the published version.
public enum CandidateLanguage {
    /// The content to show and its language.
    public static func resolve(
        source: QuestionContent,
        sourceLanguage: String,
        translations: [QuestionTranslation],
        candidateLanguage: String,
        tenantDefault: String
    ) -> (content: QuestionContent, language: String) {
        for language in [candidateLanguage, tenantDefault] {
            if language == sourceLanguage { return (source, sourceLanguage) }
            if let translation = translations.first(where: { $0.language == language }), translation.state(for: source) == .reviewed {
                return (translation.applied(to: source), language)
            }
        }
        return (source, sourceLanguage)
    }
}
