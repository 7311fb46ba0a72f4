import Foundation

extension ImportPlanner {
    /// The action for one normalised question row; see `ImportPlanner` for the rules.
    static func decide(
        _ question: TransferQuestion,
        line: Int,
        byKey: [String: ExistingQuestion],
        byPrompt: [String: UUID],
        keyLines: inout [String: Int],
        promptsInFile: inout Set<String>,
        categoryKnown: () -> Bool
    ) -> PlannedRow.Action {
        if let key = question.externalKey {
            if let first = keyLines[key] {
                return .reject("The external key “\(key)” is already used on line \(TransferText.grouped(first)) of this file.")
            }
            keyLines[key] = line
        }
        let problems = question.content.problems()
        if !problems.isEmpty { return .reject(problems.joined(separator: " ")) }
        guard categoryKnown() else { return .reject("Unknown category \(TransferText.categoryLabel(question.category)).") }
        let prompt = question.content.prompt
        defer { promptsInFile.insert(prompt) }
        if let key = question.externalKey, let match = byKey[key] {
            let changed = changedFields(from: match, to: question)
            return changed.isEmpty ? .duplicate(match.id) : .newVersion(match.id, changedFields: changed)
        }
        if question.externalKey == nil {
            if let id = byPrompt[prompt] { return .duplicate(id) }
            if promptsInFile.contains(prompt) { return .duplicate(nil) }
        }
        return .create
    }

    /// The keys of the fields that differ, in form order: "category" and the keys of `QuestionContent.fieldTexts`.
    public static func changedFields(from existing: ExistingQuestion, to question: TransferQuestion) -> [String] {
        let old = existing.content.normalised()
        let new = question.content.normalised()
        let checks: [(String, Bool)] = [
            ("category", existing.category != question.category),
            ("prompt", old.prompt != new.prompt),
            ("field", old.field != new.field),
            ("level", old.level != new.level),
            ("difficulty", old.difficulty != new.difficulty),
            ("company", old.company != new.company),
            ("position_type", old.positionType != new.positionType),
            ("tags", old.tags != new.tags),
            ("keywords", old.keywords != new.keywords),
            ("hint", old.hint != new.hint),
            ("follow_ups", old.followUps != new.followUps),
            ("sample_answer", old.sampleAnswer != new.sampleAnswer),
            ("ideal_answer_words", old.idealAnswerWords != new.idealAnswerWords),
            ("time_limit_seconds", old.timeLimitSeconds != new.timeLimitSeconds),
            ("criteria", old.criteria != new.criteria),
        ]
        return checks.filter(\.1).map(\.0)
    }
}
