import Foundation

struct TemplateRowView: Encodable {
    let name: String
    let position: String
    let level: String
    let summary: String
    let bank: String
    let tags: String?
    let due: String
    let archiveAction: String
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
                Option(value: $0.id.uuidString.lowercased(), label: $0.name, selected: $0.id.uuidString.lowercased() == form["bank"]?.lowercased())
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

struct TemplatesPage: Page, Encodable {
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
