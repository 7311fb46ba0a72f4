import Foundation

/// What an evaluator reads: the exact question version shown (in the language shown) and the candidate's text.
public struct AnswerInput: Sendable {
    public let prompt: String
    /// Words the answer should use. An entry may list synonyms separated by "|" ("cache|caching|memoise"); any of them counts.
    public let keywords: [String]
    /// What a good answer covers, with weights; a criterion counts as covered when the answer uses its main words.
    public let criteria: [Criterion]
    /// How long a full answer is, in words; nil when the question does not say.
    public let idealWords: Int?
    /// Behavioural questions are also scored on STAR structure (situation, task, action, result).
    public let behavioural: Bool
    /// BCP 47 tag of the text; stemming and filler words are English-only, other languages match words exactly.
    public let language: String
    public let response: String

    public init(
        prompt: String,
        keywords: [String],
        criteria: [Criterion],
        idealWords: Int?,
        behavioural: Bool,
        language: String,
        response: String
    ) {
        self.prompt = prompt
        self.keywords = keywords
        self.criteria = criteria
        self.idealWords = idealWords
        self.behavioural = behavioural
        self.language = language
        self.response = response
    }

    /// What the evaluator reads for a question's content and a response. A question of a behavioural field, or tagged
    /// behavioural or STAR, is also scored on STAR structure.
    public init(_ content: QuestionContent, language: String, response: String) {
        let behavioural =
            content.field.lowercased().hasPrefix("behav")
            || content.tags.contains { ["behavioural", "behavioral", "star"].contains($0.lowercased()) }
        self.init(
            prompt: content.prompt,
            keywords: content.keywords,
            criteria: content.criteria,
            idealWords: content.idealAnswerWords,
            behavioural: behavioural,
            language: language,
            response: response
        )
    }
}

/// Scores 0-100 with the sentences that explain them.
public struct Evaluation: Sendable, Equatable, Codable {
    public var relevance: Int
    public var structure: Int
    public var depth: Int
    public var clarity: Int
    public var keywords: Int
    public var overall: Int
    /// What worked, quoting the answer or naming what it covered.
    public var strengths: [String]
    /// What was missing or could be better, naming the missing keywords and criteria.
    public var improvements: [String]
    /// Which evaluator scored the answer ("rubric-1", or "llm" with `model`).
    public var evaluator: String
    public var model: String?

    public init(
        relevance: Int,
        structure: Int,
        depth: Int,
        clarity: Int,
        keywords: Int,
        overall: Int,
        strengths: [String],
        improvements: [String],
        evaluator: String,
        model: String? = nil
    ) {
        self.relevance = relevance
        self.structure = structure
        self.depth = depth
        self.clarity = clarity
        self.keywords = keywords
        self.overall = overall
        self.strengths = strengths
        self.improvements = improvements
        self.evaluator = evaluator
        self.model = model
    }
}

/// Scores one answer. The default is ``RubricEvaluator``: deterministic, explainable, no network.
public protocol AnswerEvaluator: Sendable {
    func evaluate(_ input: AnswerInput) async -> Evaluation
}
