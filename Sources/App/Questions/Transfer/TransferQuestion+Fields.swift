import Foundation

/// Why one record cannot become a question; becomes a `.rejected` row.
struct RowProblem: Error {
    var message: String

    init(_ message: String) { self.message = message }
}

extension TransferQuestion {
    /// A level from its name in a file ("Senior" and " senior " are accepted); empty means the default.
    static func level(from text: String) throws(RowProblem) -> Level {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name.isEmpty { return .mid }
        guard let level = Level(rawValue: name) else {
            throw RowProblem("level “\(text)” is not one of \(Level.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return level
    }

    /// A difficulty from its name in a file; empty means the default.
    static func difficulty(from text: String) throws(RowProblem) -> Difficulty {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name.isEmpty { return .medium }
        guard let difficulty = Difficulty(rawValue: name) else {
            throw RowProblem("difficulty “\(text)” is not one of \(Difficulty.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return difficulty
    }

    /// A whole number from a cell; empty means not set.
    static func wholeNumber(from text: String, field: String) throws(RowProblem) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let number = Int(trimmed) else { throw RowProblem("\(field) “\(text)” is not a whole number.") }
        return number
    }

    /// Criteria written as "Clarity:30 | Depth:70".
    static func criteria(from text: String) throws(RowProblem) -> [Criterion] {
        var criteria: [Criterion] = []
        for entry in TransferText.split(text, on: "|") {
            guard let colon = entry.lastIndex(of: ":"),
                let weight = Int(entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            else {
                throw RowProblem("criterion “\(entry)” is not written as name:weight, e.g. “Clarity:30”.")
            }
            criteria.append(Criterion(name: entry[..<colon].trimmingCharacters(in: .whitespaces), weight: weight))
        }
        return criteria
    }

    /// Criteria as a CSV cell writes them.
    static func criteriaCell(_ criteria: [Criterion]) -> String {
        criteria.map { "\($0.name):\($0.weight)" }.joined(separator: " | ")
    }
}

extension TransferQuestion {
    /// Throws the content's problems (see `QuestionContent.problems()`) as one row problem.
    func requireNoProblems() throws(RowProblem) {
        let problems = content.normalised().problems()
        if !problems.isEmpty { throw RowProblem(problems.joined(separator: " ")) }
    }
}
