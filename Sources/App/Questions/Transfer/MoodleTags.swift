import Foundation

/// How fields that Moodle has no place for travel in Moodle tags, and how category paths are written.
///
/// Tags: `ic-level:senior`, `ic-difficulty:hard`, `ic-field:…`, `ic-company:…`, `ic-position:…`, `ic-language:en`,
/// `ic-words:300`, `ic-time:120`, `ic-criterion:Clarity=30`, `ic-keyword:…`, `ic-followup:…` (order kept). Moodle itself
/// shortens tags to 50 characters and removes `<`, `>` and backticks, so long follow-ups do not survive a trip through
/// Moodle unchanged; they do survive our own export and import.
public enum MoodleTags {
    /// The prefix of every tag that carries a field.
    public static let prefix = "ic-"

    /// The tags for everything in `question` that Moodle's essay has no element for, after the ordinary tags.
    public static func tags(for question: TransferQuestion) -> [String] {
        let content = question.content
        var tags = content.tags
        tags.append("\(prefix)level:\(content.level.rawValue)")
        tags.append("\(prefix)difficulty:\(content.difficulty.rawValue)")
        tags.append("\(prefix)language:\(question.language)")
        if !content.field.isEmpty { tags.append("\(prefix)field:\(content.field)") }
        if !content.company.isEmpty { tags.append("\(prefix)company:\(content.company)") }
        if !content.positionType.isEmpty { tags.append("\(prefix)position:\(content.positionType)") }
        if let words = content.idealAnswerWords { tags.append("\(prefix)words:\(words)") }
        if let seconds = content.timeLimitSeconds { tags.append("\(prefix)time:\(seconds)") }
        tags += content.criteria.map { "\(prefix)criterion:\($0.name)=\($0.weight)" }
        tags += content.keywords.map { "\(prefix)keyword:\($0)" }
        tags += content.followUps.map { "\(prefix)followup:\($0)" }
        return tags
    }

    /// Reads field tags into `content` and keeps the rest as ordinary tags; returns the language tag's value, if any.
    static func apply(_ tags: [String], to content: inout QuestionContent) throws(RowProblem) -> String? {
        var language: String?
        for tag in tags {
            guard tag.lowercased().hasPrefix(prefix), let colon = tag.firstIndex(of: ":") else {
                content.tags.append(tag)
                continue
            }
            let name = tag[tag.index(tag.startIndex, offsetBy: prefix.count)..<colon].lowercased()
            let value = String(tag[tag.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            switch name {
            case "level": content.level = try TransferQuestion.level(from: value)
            case "difficulty": content.difficulty = try TransferQuestion.difficulty(from: value)
            case "language": language = value.isEmpty ? nil : value
            case "field": content.field = value
            case "company": content.company = value
            case "position": content.positionType = value
            case "words": content.idealAnswerWords = try number(value, tag: tag)
            case "time": content.timeLimitSeconds = try number(value, tag: tag)
            case "keyword": content.keywords.append(value)
            case "followup": content.followUps.append(value)
            case "criterion":
                guard let equals = value.lastIndex(of: "="), let weight = Int(value[value.index(after: equals)...]) else {
                    throw RowProblem("The tag “\(tag)” is not written as \(prefix)criterion:name=weight.")
                }
                content.criteria.append(Criterion(name: String(value[..<equals]), weight: weight))
            default: content.tags.append(tag)
            }
        }
        return language
    }

    private static func number(_ value: String, tag: String) throws(RowProblem) -> Int {
        guard let number = Int(value) else { throw RowProblem("The tag “\(tag)” needs a whole number after the colon.") }
        return number
    }

    /// A category path from Moodle's text: context prefix (`$course$`, `$module$`, …) and a leading `top` removed,
    /// `//` read as a `/` inside a name.
    public static func categoryPath(_ text: String) -> [String] {
        var names: [String] = []
        var current = ""
        var chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))[...]
        while let char = chars.popFirst() {
            if char == "/" {
                if chars.first == "/" {
                    current.append("/")
                    chars.removeFirst()
                } else {
                    names.append(current)
                    current = ""
                }
            } else {
                current.append(char)
            }
        }
        names.append(current)
        names = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let first = names.first, first.count >= 2, first.hasPrefix("$"), first.hasSuffix("$") { names.removeFirst() }
        if names.first == "top" { names.removeFirst() }
        return names
    }

    /// Moodle's text for a category path: `$course$/top/A/B`, a `/` in a name written `//`.
    public static func categoryText(_ path: [String]) -> String {
        (["$course$", "top"] + path.map { $0.replacingOccurrences(of: "/", with: "//") }).joined(separator: "/")
    }
}
