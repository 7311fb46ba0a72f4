import Foundation
import Testing

@testable import App

extension RubricEvaluatorTests {
    static func words(_ count: Int, _ word: String = "alpha") -> String {
        Array(repeating: word, count: count).joined(separator: " ")
    }

    @Test("Filler words are counted, named with their counts and cost 4 points each, at most 40")
    func fillers() {
        let answer =
            "Um, basically the cache is, like, basically a copy. You know, it is kind of fast. What kind of cache? I like it. Uh, actually it depends."
        let evaluation = Self.score(answer)
        #expect(evaluation.clarity == 100 - 4 * 8)
        #expect(
            evaluation.improvements.contains(
                "Avoid filler words: “basically” (2×), “um” (1×), “uh” (1×), “like” (1×), “actually” (1×), “you know” (1×), “kind of” (1×)."
            )
        )
        let many = Self.score(Self.words(12, "basically") + ".")
        #expect(many.clarity == 60)
        #expect(many.improvements.contains("Avoid filler words: “basically” (12×)."))
        let none = Self.score("The cache is a copy. It is fast. It depends on writes.")
        #expect(none.clarity == 100)
        #expect(none.strengths.contains("Easy to follow: sentences of about 4 words and no filler words."))
        #expect(none.improvements.allSatisfy { !$0.hasPrefix("Avoid filler words") })
    }

    @Test("Long sentences cost 2 points per word of average over 25, at most 40, and the average is stated")
    func longSentences() {
        let one = Self.score(Self.words(38) + ".")
        #expect(one.clarity == 74)
        #expect(one.improvements.contains("Shorter sentences would help: yours average 38 words."))
        let two = Self.score(Self.words(30) + ". " + Self.words(31) + ".")
        #expect(two.clarity == 89)
        #expect(two.improvements.contains("Shorter sentences would help: yours average 31 words."))
        let capped = Self.score(Self.words(60) + ".")
        #expect(capped.clarity == 60)
        let short = Self.score(Self.words(25) + ".")
        #expect(short.clarity == 100)
        #expect(short.improvements.allSatisfy { !$0.hasPrefix("Shorter sentences") })
    }

    @Test("Depth follows length: 0 words, half, the ideal and triple the ideal; numbers and examples add detail")
    func depth() {
        #expect(RubricEvaluator.lengthScore(words: 0, ideal: 150) == 0)
        #expect(RubricEvaluator.lengthScore(words: 75, ideal: 150) == 63)
        #expect(RubricEvaluator.lengthScore(words: 120, ideal: 150) == 100)
        #expect(RubricEvaluator.lengthScore(words: 225, ideal: 150) == 100)
        #expect(RubricEvaluator.lengthScore(words: 300, ideal: 150) == 75)
        #expect(RubricEvaluator.lengthScore(words: 450, ideal: 150) == 60)

        let half = Self.score(Self.words(20) + ".", idealWords: 40)
        #expect(half.depth == 63)
        #expect(half.improvements.contains("Too short: 20 words where about 40 are expected. Add an example."))
        let ideal = Self.score(Self.words(40) + ".", idealWords: 40)
        #expect(ideal.depth == 100)
        #expect(ideal.strengths.contains("Good length: 40 words against about 40 expected."))
        let triple = Self.score(Self.words(120) + ".", idealWords: 40)
        #expect(triple.depth == 60)
        #expect(triple.improvements.contains("Too long: 120 words where about 40 are expected. Keep to the main points."))

        let detailed = Self.score(Self.words(17) + " for example 42.", idealWords: 40)
        #expect(detailed.depth == 63 + 10)
        #expect(detailed.strengths.contains("Concrete detail: you gave numbers or examples."))
        #expect(detailed.improvements.contains("Too short: 20 words where about 40 are expected. Explain how and why in more depth."))
        #expect(Self.score(Self.words(60) + ".").depth == 50)
        #expect(Self.score(Self.words(1) + ".").improvements.contains("Too short: 1 word where about 150 are expected. Add an example."))
    }

    @Test("Outside STAR, structure counts sentences and rewards words that order the points")
    func sentenceStructure() {
        let one = Self.score("A cache keeps copies close to the reader")
        #expect(one.structure == 40)
        #expect(one.improvements.contains("Build your answer over a few sentences: it has only 1."))
        #expect(one.improvements.contains("Link your points with words like “first”, “then” and “because”."))
        let two = Self.score("First we read the cache.\nThen we fall back to the database")
        #expect(two.structure == 75)
        let three = Self.score("Reads hit the cache first. Writes go to the database. Entries expire because data changes.")
        #expect(three.structure == 100)
        #expect(three.strengths.contains("Well organised: 3 sentences, linked by “first” and “because”."))
        let block = Self.score(Array(repeating: "Caches help.", count: 9).joined(separator: " "))
        #expect(block.structure == 70)
        #expect(block.improvements.contains("Break it into paragraphs: 9 sentences in one block are hard to follow."))
        let paragraphs = Self.score(
            Array(repeating: "Caches help.", count: 5).joined(separator: " ") + "\n\nSo do queues. So do indexes. So do logs. Done."
        )
        #expect(paragraphs.structure == 85)
    }

    @Test("Relevance is the covered share of prompt and weighted criteria words × 160; uncovered criteria are named by weight")
    func relevanceAndCriteria() {
        let criteria = [Criterion(name: "Testing", weight: 1), Criterion(name: "Trade-offs", weight: 3), Criterion(name: "Security", weight: 3)]
        let evaluation = Self.score("I test the cache with unit tests.", prompt: "How do you test a cache?", criteria: criteria)
        // Prompt: 2 of 2 words; criteria: 1 of weight 7; (1 + 1/7) / 2 × 160 = 91.4.
        #expect(evaluation.relevance == 91)
        #expect(evaluation.keywords == 91)
        #expect(evaluation.strengths.first == "You covered “Testing”.")
        #expect(
            evaluation.improvements.prefix(2) == [
                "Cover “Trade-offs”: it carries weight 3 in this question.",
                "Cover “Security”: it carries weight 3 in this question.",
            ]
        )
        let covered = Self.score("We test the trade-off between speed and security.", prompt: "How do you test a cache?", criteria: criteria)
        #expect(covered.strengths.first == "You covered “Testing”, “Trade-offs” and “Security”.")

        let half = Self.score("Consistent hashing spreads load.", prompt: "Explain consistent hashing and virtual nodes.")
        #expect(half.relevance == 80)
        let offTopic = Self.score("I would use a cache.", prompt: "Explain how consistent hashing distributes keys across nodes.")
        #expect(offTopic.relevance == 0)
        #expect(offTopic.improvements.contains("Stay closer to the question: it asks about “consistent”, “hashing” and “distributes”."))
    }

    @Test("Empty, blank or wordless answers score 0 everywhere with one sentence saying no answer was given")
    func emptyAnswer() {
        for response in ["", "   \n\t ", "..."] {
            let evaluation = Self.score(response, keywords: ["cache"], behavioural: true)
            #expect(
                evaluation
                    == Evaluation(
                        relevance: 0,
                        structure: 0,
                        depth: 0,
                        clarity: 0,
                        keywords: 0,
                        overall: 0,
                        strengths: [],
                        improvements: ["No answer was given: write your answer, then submit it again."],
                        evaluator: "rubric-1"
                    )
            )
        }
    }

    @Test("Overall is the weighted average: relevance and keywords 25%, depth 20%, structure and clarity 15%")
    func overall() {
        let evaluations = [
            Self.score("Um, I basically cache it.", keywords: ["cache", "ttl", "eviction"], idealWords: 60),
            Self.score(Self.words(38) + ". Caches expire first.", prompt: "Why do caches expire?", keywords: ["expiry|expire"]),
            Self.story([Self.situation, Self.action]),
        ]
        for evaluation in evaluations {
            let points =
                25 * evaluation.relevance + 25 * evaluation.keywords + 20 * evaluation.depth + 15 * evaluation.structure
                + 15 * evaluation.clarity
            #expect(evaluation.overall == Int((Double(points) / 100).rounded()))
        }
        #expect(RubricEvaluator.overall(relevance: 80, keywords: 50, depth: 63, structure: 40, clarity: 90) == 65)
        #expect(RubricEvaluator.overall(relevance: 100, keywords: 100, depth: 100, structure: 100, clarity: 100) == 100)
        #expect(RubricEvaluator.overall(relevance: 10, keywords: 0, depth: 0, structure: 0, clarity: 0) == 3)
    }

    @Test("Scoring is deterministic: the same input gives the same evaluation, sync or async")
    func deterministic() async {
        let input = Self.input(
            Self.situation + " " + Self.task + " Um, I basically fixed it.",
            keywords: ["monitoring", "retry|backoff", "postmortem", "ownership", "alerts"],
            criteria: [Criterion(name: "Impact", weight: 2), Criterion(name: "Ownership", weight: 2)],
            behavioural: true
        )
        let first = RubricEvaluator().score(input)
        #expect(RubricEvaluator().score(input) == first)
        #expect(await RubricEvaluator().evaluate(input) == first)
        #expect(!first.improvements.isEmpty)
    }
}
