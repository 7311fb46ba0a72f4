import Foundation

/// How the answer is written: its length and detail, its structure, its clarity.
extension RubricEvaluator {
    /// Length against the ideal (150 words when not set) plus 5 for numbers and 5 for examples, at most 100.
    static func depth(_ context: RubricContext) -> RubricFinding {
        let ideal = context.input.idealWords.flatMap { $0 > 0 ? $0 : nil } ?? 150
        let count = context.words.count
        let numbers = context.words.contains { $0.contains(where: \.isNumber) }
        let examples = RubricVocabulary.examplePhrases.contains { RubricText.contains($0, in: context.words) }
        let base = lengthScore(words: count, ideal: ideal)
        var finding = RubricFinding(score: min(100, base + (numbers ? 5 : 0) + (examples ? 5 : 0)))
        let words = RubricWording.count(count, "word", "words")
        if base == 100 {
            finding.strengths.append("Good length: \(words) against about \(ideal) expected.")
        } else if 5 * count < 4 * ideal {
            let advice = numbers || examples ? "Explain how and why in more depth." : "Add an example."
            finding.improvements.append("Too short: \(words) where about \(ideal) are expected. \(advice)")
        } else {
            finding.improvements.append("Too long: \(words) where about \(ideal) are expected. Keep to the main points.")
        }
        if numbers || examples {
            finding.strengths.append("Concrete detail: you gave numbers or examples.")
        }
        return finding
    }

    /// Full marks from 80% to 150% of the ideal; below, in proportion (0 words give 0); above, 1 point less
    /// per 2% over, never below 60. Rounded half up.
    static func lengthScore(words: Int, ideal: Int) -> Int {
        let ideal = max(1, ideal)
        if 5 * words < 4 * ideal {
            return (250 * words + ideal) / (2 * ideal)
        }
        if 2 * words <= 3 * ideal {
            return 100
        }
        let over = (100 * words + ideal) / (2 * ideal) - 75
        return max(60, 100 - over)
    }

    /// STAR for English behavioural questions; otherwise the number of sentences, plus 15 for words that order the points.
    static func structure(_ context: RubricContext) -> RubricFinding {
        if context.input.behavioural && context.english {
            return star(context)
        }
        let sentences = context.text.sentenceLengths.count
        let paragraphs = context.text.paragraphs
        let base =
            switch sentences {
            case 0: 0
            case 1: 40
            case 2: 60
            case 3...8: 85
            default: paragraphs >= 2 ? 85 : 70
            }
        var signals: [String] = []
        if context.english {
            for word in context.words where RubricVocabulary.orderSignals.contains(word) && !signals.contains(word) {
                signals.append(word)
            }
        }
        var finding = RubricFinding(score: min(100, base + (signals.isEmpty ? 0 : 15)))
        let counted = RubricWording.count(sentences, "sentence", "sentences")
        if finding.score == 100 {
            finding.strengths.append("Well organised: \(counted), linked by \(RubricWording.list(Array(signals.prefix(2)))).")
        }
        if sentences <= 2 {
            finding.improvements.append("Build your answer over a few sentences: it has only \(sentences).")
        } else if sentences > 8 && paragraphs < 2 {
            finding.improvements.append("Break it into paragraphs: \(counted) in one block are hard to follow.")
        }
        if context.english && signals.isEmpty {
            finding.improvements.append("Link your points with words like “first”, “then” and “because”.")
        }
        return finding
    }

    /// 25 points for each STAR part the answer shows.
    static func star(_ context: RubricContext) -> RubricFinding {
        let parts = RubricVocabulary.star.map { part in
            (part, part.cues.contains { RubricText.contains(context.phrase($0), in: context.terms) })
        }
        var finding = RubricFinding(score: 25 * parts.filter(\.1).count)
        if parts.allSatisfy(\.1) {
            finding.strengths.append("Clear STAR structure: situation, task, action and result are all there.")
        }
        finding.improvements = parts.filter { !$0.1 }.map(\.0.missing)
        return finding
    }

    /// 100, less 4 per filler word (English only, at most 40) and 2 per word of average sentence length over 25 (at most 40).
    static func clarity(_ context: RubricContext) -> RubricFinding {
        let fillers = context.english ? fillerCounts(context) : []
        let fillerPenalty = min(40, 4 * fillers.map(\.count).reduce(0, +))
        let average = Double(context.words.count) / Double(max(1, context.text.sentenceLengths.count))
        let lengthPenalty = average > 25 ? min(40, Int(((average - 25) * 2).rounded())) : 0
        var finding = RubricFinding(score: max(0, 100 - fillerPenalty - lengthPenalty))
        let averageWords = Int(average.rounded())
        if finding.score == 100 {
            let noFillers = context.english ? " and no filler words" : ""
            finding.strengths.append("Easy to follow: sentences of about \(averageWords) words\(noFillers).")
        }
        if !fillers.isEmpty {
            let named = fillers.map { "\(RubricWording.quoted($0.shown)) (\($0.count)×)" }.joined(separator: ", ")
            finding.improvements.append("Avoid filler words: \(named).")
        }
        if lengthPenalty > 0 {
            finding.improvements.append("Shorter sentences would help: yours average \(averageWords) words.")
        }
        return finding
    }

    /// Each filler the answer uses, with how often: most frequent first, ties in the list's order.
    static func fillerCounts(_ context: RubricContext) -> [(shown: String, count: Int)] {
        let words = context.words
        let counts = RubricVocabulary.fillers.map { filler in
            if filler.beforeComma {
                return (filler.shown, context.text.words.filter { $0.text == filler.words[0] && $0.followedByComma }.count)
            }
            let starts = RubricText.occurrences(of: filler.words, in: words).filter { start in
                filler.words.last != "of" || start == 0 || !RubricVocabulary.determiners.contains(words[start - 1])
            }
            return (filler.shown, starts.count)
        }
        return counts.enumerated()
            .filter { $0.element.1 > 0 }
            .sorted { ($0.element.1, $1.offset) > ($1.element.1, $0.offset) }
            .map { (shown: $0.element.0, count: $0.element.1) }
    }
}
