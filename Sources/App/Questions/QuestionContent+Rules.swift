import Foundation

extension QuestionContent {
    public static let maxPromptLength = 10_000
    public static let maxTextLength = 20_000
    public static let maxListItems = 30
    public static let maxTagLength = 40

    /// What is wrong with this content, one sentence per problem naming the field; empty when it can be saved.
    public func problems() -> [String] {
        var problems: [String] = []
        let trimmedPrompt = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedPrompt.isEmpty { problems.append("Prompt: write the question.") }
        if prompt.count > Self.maxPromptLength {
            problems.append("Prompt: at most \(Self.maxPromptLength) characters (this one has \(prompt.count)).")
        }
        for (name, text) in [("Hint", hint), ("Sample answer", sampleAnswer)] where text.count > Self.maxTextLength {
            problems.append("\(name): at most \(Self.maxTextLength) characters.")
        }
        for (name, text) in [("Field", field), ("Company", company), ("Position type", positionType)] where text.count > 200 {
            problems.append("\(name): at most 200 characters.")
        }
        for (name, list) in [("Tags", tags), ("Keywords", keywords), ("Follow-up questions", followUps)] {
            if list.count > Self.maxListItems { problems.append("\(name): at most \(Self.maxListItems) entries.") }
        }
        if let long = (tags + keywords).first(where: { $0.count > Self.maxTagLength }) {
            problems.append("Tags and keywords: at most \(Self.maxTagLength) characters each (\"\(long.prefix(20))…\" is longer).")
        }
        if let words = idealAnswerWords, !(10...5_000).contains(words) {
            problems.append("Ideal answer length: between 10 and 5,000 words.")
        }
        if let seconds = timeLimitSeconds, !(15...7_200).contains(seconds) {
            problems.append("Time limit: between 15 and 7,200 seconds (two hours).")
        }
        if criteria.count > 20 { problems.append("Evaluation criteria: at most 20.") }
        if criteria.contains(where: { $0.name.trimmingCharacters(in: .whitespaces).isEmpty || $0.name.count > 100 }) {
            problems.append("Evaluation criteria: each needs a name of 1 to 100 characters.")
        }
        if criteria.contains(where: { !(1...100).contains($0.weight) }) {
            problems.append("Evaluation criteria: each weight is a whole number from 1 to 100.")
        }
        if Set(criteria.map { $0.name.lowercased() }).count != criteria.count {
            problems.append("Evaluation criteria: two criteria have the same name.")
        }
        return problems
    }

    /// The same content with whitespace trimmed, empty list entries dropped and tags lower-cased and de-duplicated, so
    /// two saves that differ only in spacing are the same version.
    public func normalised() -> QuestionContent {
        func clean(_ list: [String], lower: Bool = false) -> [String] {
            var seen = Set<String>()
            return list.map {
                let t = $0.trimmingCharacters(in: .whitespacesAndNewlines)
                return lower ? t.lowercased() : t
            }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        var copy = self
        copy.prompt = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.field = field.trimmingCharacters(in: .whitespaces)
        copy.company = company.trimmingCharacters(in: .whitespaces)
        copy.positionType = positionType.trimmingCharacters(in: .whitespaces)
        copy.tags = clean(tags, lower: true)
        copy.keywords = clean(keywords)
        copy.hint = hint.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.followUps = clean(followUps)
        copy.sampleAnswer = sampleAnswer.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.criteria = criteria.map { Criterion(name: $0.name.trimmingCharacters(in: .whitespaces), weight: $0.weight) }
        return copy
    }
}
