import Foundation

/// A text as the rubric reads it: lowercased words (letters, digits and apostrophes), sentences
/// (ended by ".", "!" or "?" before a space or the end, or by a line break) and paragraphs (blocks between blank lines).
struct RubricText {
    struct Word: Equatable {
        var text: String
        /// The character right after the word is a comma, as in the filler "like,".
        var followedByComma: Bool
    }

    let words: [Word]
    /// How many words each sentence has; sentences without words are left out.
    let sentenceLengths: [Int]
    let paragraphs: Int

    var lowercasedWords: [String] { words.map(\.text) }

    init(_ text: String) {
        var words: [Word] = []
        var sentenceLengths: [Int] = []
        var current = ""
        var sentenceStart = 0
        func endWord(before next: Character?) {
            let word = current.trimmingApostrophes
            if !word.isEmpty {
                words.append(Word(text: word, followedByComma: next == ","))
            }
            current = ""
        }
        func endSentence() {
            if words.count > sentenceStart {
                sentenceLengths.append(words.count - sentenceStart)
            }
            sentenceStart = words.count
        }
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                current += character == "’" ? "'" : character.lowercased()
                continue
            }
            endWord(before: character)
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character.isNewline || (".!?".contains(character) && (next?.isWhitespace ?? true)) {
                endSentence()
            }
        }
        endWord(before: nil)
        endSentence()
        var paragraphs = 0
        var inParagraph = false
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let blank = line.allSatisfy(\.isWhitespace)
            if !blank && !inParagraph {
                paragraphs += 1
            }
            inParagraph = !blank
        }
        self.words = words
        self.sentenceLengths = sentenceLengths
        self.paragraphs = paragraphs
    }

    /// Where `phrase` starts in `words`, every occurrence, left to right.
    static func occurrences(of phrase: [String], in words: [String]) -> [Int] {
        guard !phrase.isEmpty, phrase.count <= words.count else { return [] }
        return (0...(words.count - phrase.count)).filter { start in
            phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
        }
    }

    static func contains(_ phrase: [String], in words: [String]) -> Bool {
        !occurrences(of: phrase, in: words).isEmpty
    }
}

/// How the rubric's sentences name things: “a”, “b” and “c”.
enum RubricWording {
    static func quoted(_ item: String) -> String { "“\(item)”" }

    /// Quotes the items joined with commas and a final "and"; past `limit`, the rest are counted: "… and 2 more key terms".
    static func list(_ items: [String], limit: Int = .max, more: String = "more") -> String {
        let shown = items.prefix(limit).map(quoted)
        let hidden = items.count - shown.count
        if hidden > 0 {
            return shown.joined(separator: ", ") + " and \(hidden) \(more)"
        }
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
    }

    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
