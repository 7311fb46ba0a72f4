import Foundation

/// One run of words in a diff: unchanged, only in the newer text, or only in the older one.
public struct DiffSegment: Sendable, Equatable {
    public enum Kind: String, Sendable { case same, added, removed }
    public let kind: Kind
    public let text: String
}

/// A field that differs between two versions, with its word-level diff.
public struct FieldDiff: Sendable, Equatable {
    public let key: String
    public let label: String
    public let segments: [DiffSegment]
}

extension QuestionContent {
    /// Every content field as text, in the order pages show them: (key, label, text).
    public var fieldTexts: [(key: String, label: String, text: String)] {
        [
            ("prompt", "Prompt", prompt),
            ("field", "Field", field),
            ("level", "Level", level.rawValue),
            ("difficulty", "Difficulty", difficulty.rawValue),
            ("company", "Company", company),
            ("position_type", "Position type", positionType),
            ("tags", "Tags", tags.joined(separator: ", ")),
            ("keywords", "Keywords", keywords.joined(separator: ", ")),
            ("hint", "Hint", hint),
            ("follow_ups", "Follow-up questions", followUps.joined(separator: "\n")),
            ("sample_answer", "Sample answer", sampleAnswer),
            ("ideal_answer_words", "Ideal answer length (words)", idealAnswerWords.map(String.init) ?? ""),
            ("time_limit_seconds", "Time limit (seconds)", timeLimitSeconds.map(String.init) ?? ""),
            ("criteria", "Evaluation criteria", criteria.map { "\($0.name) (\($0.weight))" }.joined(separator: "\n")),
        ]
    }

    /// The text of the field named `key`, or nil for an unknown key.
    public func text(of key: String) -> String? { fieldTexts.first { $0.key == key }?.text }

    /// The keys of the fields that differ from `other`.
    public func changedFields(from other: QuestionContent) -> [String] {
        zip(other.fieldTexts, fieldTexts).filter { $0.text != $1.text }.map(\.1.key)
    }
}

/// Field-by-field, word-level comparison of two versions, using the standard library's `CollectionDifference`.
public enum QuestionDiff {
    /// The fields that changed from `old` to `new`, each with its diff; unchanged fields are left out.
    public static func fields(from old: QuestionContent, to new: QuestionContent) -> [FieldDiff] {
        zip(old.fieldTexts, new.fieldTexts).compactMap { before, after in
            before.text == after.text ? nil : FieldDiff(key: after.key, label: after.label, segments: words(from: before.text, to: after.text))
        }
    }

    /// The word-level diff of two texts; whitespace runs are tokens too, so joining the segments of one side gives it back.
    public static func words(from old: String, to new: String) -> [DiffSegment] {
        let before = tokens(old)
        let after = tokens(new)
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var segments: [DiffSegment] = []
        func emit(_ kind: DiffSegment.Kind, _ text: String) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1] = DiffSegment(kind: kind, text: last.text + text)
            } else {
                segments.append(DiffSegment(kind: kind, text: text))
            }
        }
        var i = 0
        var j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                emit(.removed, before[i])
                i += 1
            } else if j < after.count, inserted.contains(j) {
                emit(.added, after[j])
                j += 1
            } else if j < after.count {
                emit(.same, after[j])
                i += 1
                j += 1
            } else {
                i += 1  // unreachable for a correct difference; keeps the loop finite
            }
        }
        return segments
    }

    /// Runs of non-whitespace and runs of whitespace, in order.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if !current.isEmpty && isSpace != currentIsSpace {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
