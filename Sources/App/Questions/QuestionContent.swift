import Foundation

/// How hard a question is, as the enterprise schema names it.
public enum Difficulty: String, Sendable, Codable, CaseIterable {
    case easy, medium, hard
}

/// The seniority a question is written for.
public enum Level: String, Sendable, Codable, CaseIterable {
    case entry, junior, mid, senior, lead
}

/// A named part of the evaluation and its weight (1–100).
public struct Criterion: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var weight: Int

    public init(name: String, weight: Int) {
        self.name = name
        self.weight = weight
    }
}

/// Everything a version of a question says: what a save records and what import and export carry.
public struct QuestionContent: Sendable, Equatable, Codable {
    /// The question, in Markdown.
    public var prompt: String
    /// The subject field, e.g. "Software engineering".
    public var field: String
    public var level: Level
    public var difficulty: Difficulty
    /// The company the question is typical of; empty for general questions.
    public var company: String
    /// The kind of position, e.g. "Full-time", "Internship".
    public var positionType: String
    public var tags: [String]
    public var keywords: [String]
    public var hint: String
    public var followUps: [String]
    public var sampleAnswer: String
    /// The ideal answer's length in words; nil when not set.
    public var idealAnswerWords: Int?
    /// The time limit in seconds; nil when not set.
    public var timeLimitSeconds: Int?
    public var criteria: [Criterion]

    public init(
        prompt: String,
        field: String = "",
        level: Level = .mid,
        difficulty: Difficulty = .medium,
        company: String = "",
        positionType: String = "",
        tags: [String] = [],
        keywords: [String] = [],
        hint: String = "",
        followUps: [String] = [],
        sampleAnswer: String = "",
        idealAnswerWords: Int? = nil,
        timeLimitSeconds: Int? = nil,
        criteria: [Criterion] = []
    ) {
        self.prompt = prompt
        self.field = field
        self.level = level
        self.difficulty = difficulty
        self.company = company
        self.positionType = positionType
        self.tags = tags
        self.keywords = keywords
        self.hint = hint
        self.followUps = followUps
        self.sampleAnswer = sampleAnswer
        self.idealAnswerWords = idealAnswerWords
        self.timeLimitSeconds = timeLimitSeconds
        self.criteria = criteria
    }
}
