import Foundation

/// The question form as typed, kept verbatim so a page with problems shows everything the editor entered.
public struct QuestionForm: Sendable, Equatable, Encodable {
    public var bank = ""
    public var category = ""
    public var externalKey = ""
    public var prompt = ""
    public var field = ""
    public var level = Level.mid.rawValue
    public var difficulty = Difficulty.medium.rawValue
    public var company = ""
    public var positionType = ""
    public var tags = ""
    public var keywords = ""
    public var hint = ""
    public var followUps = ""
    public var sampleAnswer = ""
    public var idealAnswerWords = ""
    public var timeLimitSeconds = ""
    public var criteria = ""
    public var changeNote = ""
    public var baseVersion = ""

    public init() {}

    /// Reads the posted fields.
    public init(form: [String: String]) {
        bank = form["bank"] ?? ""
        category = form["category"] ?? ""
        externalKey = form["external_key"] ?? ""
        prompt = form["prompt"] ?? ""
        field = form["field"] ?? ""
        level = form["level"] ?? ""
        difficulty = form["difficulty"] ?? ""
        company = form["company"] ?? ""
        positionType = form["position_type"] ?? ""
        tags = form["tags"] ?? ""
        keywords = form["keywords"] ?? ""
        hint = form["hint"] ?? ""
        followUps = form["follow_ups"] ?? ""
        sampleAnswer = form["sample_answer"] ?? ""
        idealAnswerWords = form["ideal_answer_words"] ?? ""
        timeLimitSeconds = form["time_limit_seconds"] ?? ""
        criteria = form["criteria"] ?? ""
        changeNote = form["change_note"] ?? ""
        baseVersion = form["base_version"] ?? ""
    }

    /// The form filled from a question, for editing.
    public init(question: Question) {
        let c = question.content
        bank = question.bankID.lowercasedString
        category = question.categoryID?.lowercasedString ?? ""
        externalKey = question.externalKey ?? ""
        prompt = c.prompt
        field = c.field
        level = c.level.rawValue
        difficulty = c.difficulty.rawValue
        company = c.company
        positionType = c.positionType
        tags = c.tags.joined(separator: ", ")
        keywords = c.keywords.joined(separator: ", ")
        hint = c.hint
        followUps = c.followUps.joined(separator: "\n")
        sampleAnswer = c.sampleAnswer
        idealAnswerWords = c.idealAnswerWords.map(String.init) ?? ""
        timeLimitSeconds = c.timeLimitSeconds.map(String.init) ?? ""
        criteria = c.criteria.map { "\($0.name): \($0.weight)" }.joined(separator: "\n")
        baseVersion = String(question.latestVersion)
    }

    /// The draft this form describes, or the problems that stop it from being one (each names its field); the draft's
    /// content is checked again by ``QuestionEditor``.
    public func draft() -> (QuestionDraft?, [String]) {
        var problems: [String] = []
        let levelValue = Level(rawValue: level)
        if levelValue == nil { problems.append("Level: choose one of the listed levels.") }
        let difficultyValue = Difficulty(rawValue: difficulty)
        if difficultyValue == nil { problems.append("Difficulty: choose easy, medium or hard.") }
        func number(_ text: String, _ label: String) -> Int? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let value = Int(trimmed) else {
                problems.append("\(label): a whole number, or leave it empty.")
                return nil
            }
            return value
        }
        let words = number(idealAnswerWords, "Ideal answer length")
        let seconds = number(timeLimitSeconds, "Time limit")
        var parsedCriteria: [Criterion] = []
        for line in criteria.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 2, let weight = Int(parts[parts.count - 1].trimmingCharacters(in: .whitespaces)) {
                parsedCriteria.append(Criterion(name: parts.dropLast().joined(separator: ":"), weight: weight))
            } else {
                problems.append("Evaluation criteria: write each as “Name: weight”, one per line (“\(line.prefix(40))” is not).")
            }
        }
        let key = externalKey.trimmingCharacters(in: .whitespaces)
        let content = QuestionContent(
            prompt: prompt,
            field: field,
            level: levelValue ?? .mid,
            difficulty: difficultyValue ?? .medium,
            company: company,
            positionType: positionType,
            tags: tags.split(separator: ",").map(String.init),
            keywords: keywords.split(separator: ",").map(String.init),
            hint: hint,
            followUps: followUps.split(whereSeparator: \.isNewline).map(String.init),
            sampleAnswer: sampleAnswer,
            idealAnswerWords: words,
            timeLimitSeconds: seconds,
            criteria: parsedCriteria
        )
        let draft = QuestionDraft(
            bankID: UUID(uuidString: bank),
            categoryID: UUID(uuidString: category),
            externalKey: key.isEmpty ? nil : key,
            content: content,
            changeNote: changeNote.trimmingCharacters(in: .whitespacesAndNewlines),
            baseVersion: Int(baseVersion)
        )
        return problems.isEmpty ? (draft, []) : (nil, problems + content.normalised().problems())
    }
}

/// Each form field's own message, picked from the problems that name it ("Prompt: …"), so the field says what is
/// wrong beside itself as well as in the summary at the top.
struct QuestionFieldProblems: Encodable {
    let bank, category, externalKey, prompt, field, company, positionType: String?
    let words, time, tags, keywords, hint, followUps, sampleAnswer, criteria, note: String?

    init(_ problems: [String]) {
        func find(_ labels: String...) -> String? {
            problems.first { problem in labels.contains { problem.hasPrefix($0 + ":") } }
        }
        bank = find("Bank")
        category = find("Category")
        externalKey = find("External key")
        prompt = find("Prompt")
        field = find("Field")
        company = find("Company")
        positionType = find("Position type")
        words = find("Ideal answer length")
        time = find("Time limit")
        tags = find("Tags", "Tags and keywords")
        keywords = find("Keywords", "Tags and keywords")
        hint = find("Hint")
        followUps = find("Follow-up questions")
        sampleAnswer = find("Sample answer")
        criteria = find("Evaluation criteria")
        note = find("Change note")
    }
}
