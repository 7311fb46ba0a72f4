import Foundation

/// What the answer covers: the keywords, and the prompt's and criteria's words.
extension RubricEvaluator {
    /// The share of keyword entries used; nil when the question lists no keywords.
    /// An entry counts once when any of its "|" alternatives occurs; an alternative of several words must occur as a phrase.
    static func keywords(_ context: RubricContext) -> RubricFinding? {
        let entries = context.input.keywords.map { entry in
            entry.split(separator: "|")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !context.phrase($0).isEmpty }
        }
        .filter { !$0.isEmpty }
        guard !entries.isEmpty else { return nil }
        var used: [String] = []
        var missing: [String] = []
        for alternatives in entries {
            if let match = alternatives.first(where: { RubricText.contains(context.phrase($0), in: context.terms) }) {
                used.append(match)
            } else {
                missing.append(alternatives[0])
            }
        }
        var finding = RubricFinding(score: (200 * used.count + entries.count) / (2 * entries.count))
        if !used.isEmpty {
            finding.strengths.append("You used the key \(used.count == 1 ? "term" : "terms") \(RubricWording.list(used)).")
        }
        if !missing.isEmpty {
            let names = RubricWording.list(missing, limit: 4, more: missing.count == 5 ? "more key term" : "more key terms")
            finding.improvements.append("Mention \(names): the question expects \(missing.count == 1 ? "it" : "them").")
        }
        return finding
    }

    /// How much of the prompt and the criteria the answer talks about; nil when neither has content words.
    /// The prompt's share and the criteria's weighted share count half each; the score is the share × 160, at most 100.
    static func relevance(_ context: RubricContext) -> RubricFinding? {
        let prompt = context.contentTerms(of: context.input.prompt)
        let criteria = context.input.criteria.enumerated().compactMap { index, criterion in
            let terms = context.contentTerms(of: criterion.name).map(\.term)
            return terms.isEmpty ? nil : (index: index, criterion: criterion, terms: terms)
        }
        guard !prompt.isEmpty || !criteria.isEmpty else { return nil }
        func present(_ terms: [String]) -> Int { terms.filter(context.termSet.contains).count }
        var shares: [Double] = []
        if !prompt.isEmpty {
            shares.append(Double(present(prompt.map(\.term))) / Double(prompt.count))
        }
        if !criteria.isEmpty {
            let weights = criteria.map { Double(max(1, $0.criterion.weight)) }
            let covered = zip(criteria, weights).map { Double(present($0.terms)) / Double($0.terms.count) * $1 }
            shares.append(covered.reduce(0, +) / weights.reduce(0, +))
        }
        let share = shares.reduce(0, +) / Double(shares.count)
        var finding = RubricFinding(score: min(100, Int((share * 160).rounded())))
        let isCovered = { (terms: [String]) in 2 * present(terms) >= terms.count }
        let covered = criteria.filter { isCovered($0.terms) }.map { $0.criterion.name.trimmingCharacters(in: .whitespaces) }
        if !covered.isEmpty {
            finding.strengths.append("You covered \(RubricWording.list(covered)).")
        }
        let uncovered = criteria.filter { !isCovered($0.terms) }
            .sorted { ($0.criterion.weight, $1.index) > ($1.criterion.weight, $0.index) }
        for item in uncovered {
            let name = RubricWording.quoted(item.criterion.name.trimmingCharacters(in: .whitespaces))
            finding.improvements.append("Cover \(name): it carries weight \(item.criterion.weight) in this question.")
        }
        let missing = prompt.filter { !context.termSet.contains($0.term) }.map(\.word)
        if finding.score < 60 && !missing.isEmpty {
            finding.improvements.append("Stay closer to the question: it asks about \(RubricWording.list(Array(missing.prefix(3)))).")
        }
        return finding
    }
}
