import Foundation

/// The default evaluator: scores an answer against the question's keywords, criteria, length and, for behavioural
/// questions, STAR structure. Deterministic and explainable (every score comes with the sentences behind it); no network.
///
/// Sub-scores are whole numbers from 0 to 100:
/// - relevance: the share of the prompt's and the criteria's content words the answer uses, times 1.6 (half of them gives 80);
///   prompt and criteria count half each, criteria among themselves by weight;
/// - keywords: the share of keyword entries the answer uses (any "|" alternative; several words match as a phrase),
///   or the relevance score when the question has no keywords;
/// - depth: length against the ideal (150 words when not set), full from 80% to 150%, plus 5 for numbers and 5 for examples;
/// - structure: STAR for English behavioural questions (25 per part), otherwise sentences and order words;
/// - clarity: 100 less 4 per filler (English, at most 40) and 2 per word of average sentence length over 25 (at most 40);
/// - overall: relevance and keywords 25% each, depth 20%, structure and clarity 15% each, rounded.
///
/// English (a `language` starting with "en") compares stems (``EnglishStemmer``); other languages compare lowercased words.
public struct RubricEvaluator: AnswerEvaluator {
    public static let name = "rubric-1"

    public init() {}

    public func evaluate(_ input: AnswerInput) async -> Evaluation {
        score(input)
    }

    public func score(_ input: AnswerInput) -> Evaluation {
        let context = RubricContext(input)
        guard !context.words.isEmpty else { return Self.unanswered }
        let keywords = Self.keywords(context)
        let relevance = Self.relevance(context)
        let depth = Self.depth(context)
        let structure = Self.structure(context)
        let clarity = Self.clarity(context)
        let relevanceScore = relevance?.score ?? keywords?.score ?? 100
        let keywordScore = keywords?.score ?? relevanceScore
        let findings = [keywords, relevance, structure, depth, clarity].compactMap { $0 }
        return Evaluation(
            relevance: relevanceScore,
            structure: structure.score,
            depth: depth.score,
            clarity: clarity.score,
            keywords: keywordScore,
            overall: Self.overall(
                relevance: relevanceScore,
                keywords: keywordScore,
                depth: depth.score,
                structure: structure.score,
                clarity: clarity.score
            ),
            strengths: findings.flatMap(\.strengths),
            improvements: findings.flatMap(\.improvements),
            evaluator: Self.name
        )
    }

    /// The weighted average: relevance and keywords 25% each, depth 20%, structure and clarity 15% each, rounded half up.
    static func overall(relevance: Int, keywords: Int, depth: Int, structure: Int, clarity: Int) -> Int {
        (25 * relevance + 25 * keywords + 20 * depth + 15 * structure + 15 * clarity + 50) / 100
    }

    static let unanswered = Evaluation(
        relevance: 0,
        structure: 0,
        depth: 0,
        clarity: 0,
        keywords: 0,
        overall: 0,
        strengths: [],
        improvements: ["No answer was given: write your answer, then submit it again."],
        evaluator: name
    )
}

/// One rule's score and the sentences that explain it.
struct RubricFinding {
    var score: Int
    var strengths: [String] = []
    var improvements: [String] = []
}

/// The answer read once, for every rule.
struct RubricContext {
    let input: AnswerInput
    let english: Bool
    let text: RubricText
    /// The answer's words, lowercased, in order.
    let words: [String]
    /// The same words normalised for comparison: stemmed in English, as they are otherwise.
    let terms: [String]
    let termSet: Set<String>
    let stopWords: Set<String>

    init(_ input: AnswerInput) {
        self.input = input
        english = input.language.lowercased().hasPrefix("en")
        text = RubricText(input.response)
        words = text.lowercasedWords
        let english = english
        terms = words.map { english ? EnglishStemmer.stem($0) : $0 }
        termSet = Set(terms)
        stopWords = RubricVocabulary.stopWords(language: input.language)
    }

    func normalised(_ word: String) -> String {
        english ? EnglishStemmer.stem(word) : word
    }

    /// A phrase's words, normalised like the answer's.
    func phrase(_ text: String) -> [String] {
        RubricText(text).lowercasedWords.map(normalised)
    }

    /// The content words of a text (no stop words, no single letters), each once, in order:
    /// the normalised term and the word as first written (lowercased).
    func contentTerms(of text: String) -> [(term: String, word: String)] {
        var seen = Set<String>()
        var result: [(term: String, word: String)] = []
        for word in RubricText(text).lowercasedWords where word.count > 1 && !stopWords.contains(word) {
            let term = normalised(word)
            if seen.insert(term).inserted {
                result.append((term, word))
            }
        }
        return result
    }
}
