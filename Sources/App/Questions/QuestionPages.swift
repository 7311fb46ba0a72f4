import Foundation

// The question bank's view models, each bound to its template.

struct QuestionRowView: Encodable, TemplateDirect {
    let id: String
    let href: String
    let summary: String
    let bank: String
    /// The category path; nil at the top of the bank (an empty string would still render the separator).
    let category: String?
    let difficulty: String
    let level: String
    let status: String
    let version: Int
    let unpublished: Bool
    let updated: String

    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 11)
        node.append("id", .text(id))
        node.append("href", .text(href))
        node.append("summary", .text(summary))
        node.append("bank", .text(bank))
        node.append("category", category)
        node.append("difficulty", .text(difficulty))
        node.append("level", .text(level))
        node.append("status", .text(status))
        node.append("version", .number(version))
        node.append("unpublished", .flag(unpublished))
        node.append("updated", .text(updated))
        return .node(node)
    }
}

struct QuestionListPage: Page, Encodable {
    static let template = "questions/list"
    let chrome: Chrome
    let notice: String?
    let search: String
    let tag: String
    let banks: [Option]
    let categories: [Option]
    let difficulties: [Option]
    let levels: [Option]
    let statuses: [Option]
    let translations: [Option]
    let sorts: [Option]
    let needsChecking: Bool
    let rows: [QuestionRowView]
    let hasRows: Bool
    let narrowed: Bool
    let hasBanks: Bool
    let clearHref: String
    let newHref: String?
    let banksHref: String
    let importHref: String?
    let exportHref: String
    let bulkAction: String?
    let listQuery: String
    let nextHref: String?
    let firstHref: String?
    let csrfToken: String
}

struct QuestionFormPage: Page, Encodable {
    static let template = "questions/form"
    let chrome: Chrome
    let heading: String
    let action: String
    let cancelHref: String
    let isEdit: Bool
    let form: QuestionForm
    let banks: [Option]
    let categories: [Option]
    let levels: [Option]
    let difficulties: [Option]
    let problems: [String]
    let hasProblems: Bool
    let fieldProblems: QuestionFieldProblems
    let previewHTML: String?
    let csrfToken: String
}

struct LabelledValue: Encodable {
    let label: String
    let value: String
}

struct TranslationSummaryView: Encodable {
    let language: String
    let state: String
    let needsReview: Bool
    let href: String?
}

struct StatisticsView: Encodable {
    let version: Int
    let attempts: Int
    let mean: String
    let spread: String
    let bankMean: String
    let needsChecking: Bool
}

struct QuestionShowPage: Page, Encodable {
    static let template = "questions/show"
    let chrome: Chrome
    let notice: String?
    let heading: String
    let status: String
    let statusNote: String
    let promptHTML: String
    let hintHTML: String?
    let sampleAnswerHTML: String?
    let followUps: [String]
    let criteria: [LabelledValue]
    let facts: [LabelledValue]
    let translations: [TranslationSummaryView]
    let statistics: [StatisticsView]
    let hasStatistics: Bool
    let editHref: String?
    let historyHref: String
    let publishHref: String?
    let archiveAction: String?
    let restoreAction: String?
    let auditHref: String
    let csrfToken: String
}

struct VersionRowView: Encodable {
    let number: Int
    let author: String
    let created: String
    let note: String
    let isPublished: Bool
    let isLatest: Bool
    /// The number before this one, for "Changes from version N".
    let previous: Int
    let diffHref: String?
    let revertAction: String?
}

struct QuestionHistoryPage: Page, Encodable {
    static let template = "questions/history"
    let chrome: Chrome
    let heading: String
    let questionHref: String
    let diffAction: String
    let versions: [VersionRowView]
    let fromOptions: [Option]
    let toOptions: [Option]
    let csrfToken: String
}

struct SegmentView: Encodable {
    let text: String
    let added: Bool
    let removed: Bool
}

struct FieldDiffView: Encodable {
    let label: String
    let segments: [SegmentView]
}

struct QuestionDiffPage: Page, Encodable {
    static let template = "questions/diff"
    let chrome: Chrome
    let heading: String
    let from: Int
    let to: Int
    let fields: [FieldDiffView]
    let hasFields: Bool
    let historyHref: String
    let diffAction: String
    let fromOptions: [Option]
    let toOptions: [Option]
}

struct PublishPage: Page, Encodable {
    static let template = "questions/publish"
    let chrome: Chrome
    let heading: String
    let version: Int
    let impact: [LabelledValue]
    let hasImpact: Bool
    let action: String
    let cancelHref: String
    let diffHref: String?
    let csrfToken: String
}

struct TranslationFieldView: Encodable {
    let name: String
    let label: String
    let source: String
    let value: String
    let state: String
    let needsReview: Bool
    /// How the source changed since this field was translated, when it needs review.
    /// Empty unless the field needs review: then the source's changes since it was translated.
    let sourceChanges: [SegmentView]
    let multiline: Bool
}

struct TranslationPage: Page, Encodable {
    static let template = "questions/translation"
    let chrome: Chrome
    let heading: String
    let language: String
    let sourceLanguage: String
    let version: Int
    let action: String
    let questionHref: String
    let problems: [String]
    let hasProblems: Bool
    let fields: [TranslationFieldView]
    let csrfToken: String
}

struct CoverageRow: Encodable {
    let language: String
    let reviewed: Int
    let needsReview: Int
    let draft: Int
    let missing: Int
    let needsReviewHref: String
    let draftHref: String
    let missingHref: String
}

struct CoveragePage: Page, Encodable {
    static let template = "questions/coverage"
    let chrome: Chrome
    let notice: String?
    let languages: String
    let defaultLanguage: String
    let languagesAction: String?
    let csrfToken: String
    let rows: [CoverageRow]
}
