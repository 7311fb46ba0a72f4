import Foundation

/// What a practice interview draws and how long each question may take.
public struct InterviewTemplate: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case behavioural, technical, mixed

        public var label: String {
            switch self {
            case .behavioural: "Behavioural"
            case .technical: "Technical"
            case .mixed: "Mixed"
            }
        }
    }

    /// Levels a template can target; "any" draws every level.
    public static let levels = ["any", "entry", "junior", "mid", "senior", "lead"]

    public var id: UUID
    public var name: String
    public var position: String
    public var level: String
    public var kind: Kind
    public var questionCount: Int
    /// The banks it draws from; empty: every bank.
    public var bankIDs: [UUID]
    /// The categories it draws from, each with its subcategories; empty: every category.
    public var categoryIDs: [UUID]
    public var tags: [String]
    public var secondsPerQuestion: Int
    public var dueAt: Date?

    public init(
        id: UUID = UUID(),
        name: String,
        position: String = "",
        level: String = "any",
        kind: Kind,
        questionCount: Int,
        bankIDs: [UUID] = [],
        categoryIDs: [UUID] = [],
        tags: [String] = [],
        secondsPerQuestion: Int,
        dueAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.position = position
        self.level = level
        self.kind = kind
        self.questionCount = questionCount
        self.bankIDs = bankIDs
        self.categoryIDs = categoryIDs
        self.tags = tags
        self.secondsPerQuestion = secondsPerQuestion
        self.dueAt = dueAt
    }

    /// "5 behavioural questions, 3 minutes each".
    public var summary: String {
        let minutes = secondsPerQuestion % 60 == 0 ? (secondsPerQuestion / 60).counted("minute") : secondsPerQuestion.counted("second")
        return "\(questionCount.counted("\(kind == .mixed ? "" : kind.rawValue + " ")question")), \(minutes) each"
    }

    /// Reads the admin's form: the template, or one sentence per field in error (prefixed with the field's label).
    /// Banks and categories are checkboxes named `bank_<id>` and `category_<id>`; ids must be among `banks` and `categories`.
    public static func parse(_ form: [String: String], banks: [UUID], categories: [UUID]) -> Result<InterviewTemplate, TemplateProblems> {
        var problems: [String: String] = [:]
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...200).contains(name.count) { problems["name"] = "Name: 1 to 200 characters." }
        let position = (form["position"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if position.count > 200 { problems["position"] = "Target role: at most 200 characters." }
        let level = form["level"] ?? "any"
        if !levels.contains(level) { problems["level"] = "Level: choose one of the listed levels." }
        let kind = Kind(rawValue: form["kind"] ?? "")
        if kind == nil { problems["kind"] = "Type: choose behavioural, technical or mixed." }
        let count = Int((form["question_count"] ?? "").trimmingCharacters(in: .whitespaces))
        if !(1...20).contains(count ?? 0) { problems["question_count"] = "Questions: a whole number from 1 to 20." }
        let minutes = Double((form["minutes"] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
        let seconds = minutes.map { Int(($0 * 60).rounded()) }
        if !(30...3600).contains(seconds ?? 0) { problems["minutes"] = "Time per question: from 0.5 to 60 minutes." }
        let bankIDs = checked("bank_", in: form)
        if bankIDs.contains(where: { $0.map(banks.contains) != true }) { problems["bank"] = "Banks: choose among the listed banks." }
        let categoryIDs = checked("category_", in: form)
        if categoryIDs.contains(where: { $0.map(categories.contains) != true }) {
            problems["category"] = "Categories: choose among the listed categories."
        }
        var dueAt: Date?
        if let due = form["due"], !due.isEmpty {
            dueAt = UTCFormat.day.date(from: due)
            if dueAt == nil { problems["due"] = "Due date: a date like 2026-12-31, or empty." }
        }
        var seen = Set<String>()
        let tags = (form["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        if tags.count > 20 || tags.contains(where: { $0.count > 50 }) { problems["tags"] = "Tags: at most 20, each up to 50 characters." }
        guard problems.isEmpty, let kind, let count, let seconds else { return .failure(TemplateProblems(byField: problems)) }
        return .success(
            InterviewTemplate(
                name: name,
                position: position,
                level: level,
                kind: kind,
                questionCount: count,
                bankIDs: bankIDs.compactMap { $0 }.sorted { $0.uuidString < $1.uuidString },
                categoryIDs: categoryIDs.compactMap { $0 }.sorted { $0.uuidString < $1.uuidString },
                tags: tags,
                secondsPerQuestion: seconds,
                dueAt: dueAt
            )
        )
    }
}

/// The ids of the ticked checkboxes named `prefix` + id; nil for a name whose id does not parse.
private func checked(_ prefix: String, in form: [String: String]) -> [UUID?] {
    form.filter { $0.key.hasPrefix(prefix) && $0.value == "1" }.map { UUID(uuidString: String($0.key.dropFirst(prefix.count))) }
}

/// Why a template form was refused, by field name.
public struct TemplateProblems: Error, Sendable, Equatable {
    public let byField: [String: String]

    /// In the form's order.
    public var ordered: [String] {
        ["name", "position", "level", "kind", "question_count", "minutes", "bank", "category", "tags", "due"].compactMap { byField[$0] }
    }
}
