import Foundation

/// A template on the admin's list; its name links to the template's page.
struct TemplateRowView: Encodable {
    let name: String
    let href: String
    let position: String
    let level: String
    let summary: String
    let bank: String
    let tags: String?
    let due: String
    /// "Open to every candidate", or "Assigned candidates only (3 assigned)".
    let audience: String
    let archiveAction: String

    init(
        name: String,
        href: String,
        position: String,
        level: String,
        summary: String,
        bank: String,
        tags: String?,
        due: String,
        audience: String,
        archiveAction: String
    ) {
        self.name = name
        self.href = href
        self.position = position
        self.level = level
        self.summary = summary
        self.bank = bank
        self.tags = tags
        self.due = due
        self.audience = audience
        self.archiveAction = archiveAction
    }

    /// The row of `listing`, its banks and categories named by `sources`.
    init(_ listing: TemplateListing, sources: TemplateSourceNames, slug: String) {
        let template = listing.template
        let audience =
            listing.audience == .assigned ? "\(listing.audience.label) (\(listing.assigned) assigned)" : listing.audience.label
        self.init(
            name: template.name,
            href: TenantPage.template(template.id).href(slug),
            position: template.position.isEmpty ? "Any role" : template.position,
            level: template.level == "any" ? "Any level" : template.level.capitalized,
            summary: template.summary,
            bank: sources.describe(template),
            tags: template.tags.isEmpty ? nil : template.tags.joined(separator: ", "),
            due: template.dueAt.map { UTCFormat.day.string(from: $0) } ?? "",
            audience: audience,
            archiveAction: TenantPage.archiveTemplate(template.id).href(slug)
        )
    }
}

/// The new-template form as typed, with each field's problem.
struct TemplateFormView: Encodable {
    let name: String
    let position: String
    let levels: [Option]
    let kinds: [Option]
    let questionCount: String
    let minutes: String
    let banks: [CheckOption]
    let categories: [CheckOption]
    let hasCategories: Bool
    let tags: String
    let due: String
    let nameProblem: String?
    let questionCountProblem: String?
    let minutesProblem: String?
    let tagsProblem: String?
    let dueProblem: String?

    init(form: [String: String], problems: [String: String], sources: TemplateSourceNames) {
        name = form["name"] ?? ""
        position = form["position"] ?? ""
        levels = InterviewTemplate.levels.map {
            Option(value: $0, label: $0 == "any" ? "Any level" : $0.capitalized, selected: $0 == (form["level"] ?? "any"))
        }
        kinds = InterviewTemplate.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form["kind"]) }
        questionCount = form["question_count"] ?? ""
        minutes = form["minutes"] ?? ""
        banks = sources.banks.map { CheckOption(form, prefix: "bank_", id: $0.id, label: $0.name) }
        categories = sources.categories.map { CheckOption(form, prefix: "category_", id: $0.id, label: sources.label(of: $0)) }
        hasCategories = !categories.isEmpty
        tags = form["tags"] ?? ""
        due = form["due"] ?? ""
        nameProblem = problems["name"]
        questionCountProblem = problems["question_count"]
        minutesProblem = problems["minutes"]
        tagsProblem = problems["tags"]
        dueProblem = problems["due"]
    }
}

/// A checkbox named `prefix` + id, ticked when the form had it.
struct CheckOption: Encodable {
    let name: String
    let label: String
    let checked: Bool

    init(_ form: [String: String], prefix: String, id: UUID, label: String) {
        name = prefix + id.lowercasedString
        self.label = label
        checked = form[name] == "1"
    }
}

/// Names a template's banks and categories: "Every bank", or "Engineering: Backend, People".
struct TemplateSourceNames: Sendable {
    let banks: [QuestionBank]
    let categories: [QuestionCategory]

    /// The tenant's banks and categories, which templates draw from.
    static func read(in db: TenantConnection) async throws -> TemplateSourceNames {
        TemplateSourceNames(banks: try await BankRepository().banks(in: db), categories: try await BankRepository().categories(in: db))
    }

    /// A category with its bank's name when the tenant has several banks.
    func label(of category: QuestionCategory) -> String {
        guard banks.count > 1, let bank = banks.first(where: { $0.id == category.bankID }) else { return category.label }
        return "\(bank.name): \(category.label)"
    }

    /// A ticked category narrows its bank to that category's tree; a ticked bank with no ticked category is drawn
    /// whole; nothing ticked draws every bank (``PracticeRepository/start(_:userID:in:)`` applies the same rule).
    func describe(_ template: InterviewTemplate) -> String {
        let chosen = categories.filter { template.categoryIDs.contains($0.id) }
        let narrowed = Set(chosen.map(\.bankID))
        let whole = banks.filter { template.bankIDs.contains($0.id) && !narrowed.contains($0.id) }.map(\.name)
        let parts = chosen.map(label(of:)) + whole
        return parts.isEmpty ? "Every bank" : parts.joined(separator: ", ")
    }
}

struct TemplatesPage: Page {
    static let template = "practice/templates"
    let chrome: Chrome
    let notice: String?
    let templates: [TemplateRowView]
    let hasTemplates: Bool
    let action: String
    let form: TemplateFormView
    let problems: [String]
    let hasProblems: Bool
    let csrfToken: String
}
