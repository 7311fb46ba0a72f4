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

    /// The row of `listing`, its bank named from `bankNames`.
    init(_ listing: TemplateListing, bankNames: [UUID: String], slug: String) {
        let template = listing.template
        let audience =
            listing.audience == .assigned ? "\(listing.audience.label) (\(listing.assigned) assigned)" : listing.audience.label
        self.init(
            name: template.name,
            href: TenantPage.template(template.id).href(slug),
            position: template.position.isEmpty ? "Any role" : template.position,
            level: template.level == "any" ? "Any level" : template.level.capitalized,
            summary: template.summary,
            bank: template.bankID.flatMap { bankNames[$0] } ?? "Every bank",
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
    let banks: [Option]
    let tags: String
    let due: String
    let nameProblem: String?
    let questionCountProblem: String?
    let minutesProblem: String?
    let tagsProblem: String?
    let dueProblem: String?

    init(form: [String: String], problems: [String: String], banks: [QuestionBank]) {
        name = form["name"] ?? ""
        position = form["position"] ?? ""
        levels = InterviewTemplate.levels.map {
            Option(value: $0, label: $0 == "any" ? "Any level" : $0.capitalized, selected: $0 == (form["level"] ?? "any"))
        }
        kinds = InterviewTemplate.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form["kind"]) }
        questionCount = form["question_count"] ?? ""
        minutes = form["minutes"] ?? ""
        self.banks =
            [Option(value: "", label: "Every bank", selected: (form["bank"] ?? "").isEmpty)]
            + banks.map {
                Option(
                    value: $0.id.uuidString.lowercased(),
                    label: $0.name,
                    selected: $0.id.uuidString.lowercased() == form["bank"]?.lowercased()
                )
            }
        tags = form["tags"] ?? ""
        due = form["due"] ?? ""
        nameProblem = problems["name"]
        questionCountProblem = problems["question_count"]
        minutesProblem = problems["minutes"]
        tagsProblem = problems["tags"]
        dueProblem = problems["due"]
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
