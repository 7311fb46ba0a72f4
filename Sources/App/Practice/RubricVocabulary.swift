import Foundation

/// The word lists the rubric reads answers with. Phrases are lists of lowercased words.
enum RubricVocabulary {
    /// One part of a STAR answer: the cues that show it and the question asked when it is missing.
    struct StarPart {
        var name: String
        var missing: String
        var cues: [String]
    }

    /// Situation, task, action, result, in that order. Cues are English and compared as stems.
    static let star: [StarPart] = [
        StarPart(
            name: "situation",
            missing: "Set the scene: where were you, and what was going on?",
            cues: ["when", "at my last", "at my previous", "in my last", "in my previous", "situation", "context", "we were", "background"]
        ),
        StarPart(
            name: "task",
            missing: "Say what your task was: what were you responsible for?",
            cues: ["my task", "i was responsible", "goal", "needed to", "had to", "my job was", "my role", "i was asked", "challenge"]
        ),
        StarPart(
            name: "action",
            missing: "Describe your actions: what did you do yourself?",
            cues: [
                "i decided", "i built", "i did", "i led", "i wrote", "i implemented", "i talked", "so i", "i proposed", "i set up",
                "i created", "i introduced", "i started",
            ]
        ),
        StarPart(
            name: "result",
            missing: "Add the result: what changed because of what you did?",
            cues: ["result", "as a result", "outcome", "in the end", "we reduced", "reduced", "increased", "improved", "learned", "learnt", "saved"]
        ),
    ]

    /// Words that show an answer's points follow in order (English).
    static let orderSignals: Set<String> = ["first", "firstly", "second", "secondly", "then", "next", "finally", "lastly", "because", "therefore"]

    /// Phrases that introduce an example.
    static let examplePhrases: [[String]] = [["for", "example"], ["for", "instance"], ["such", "as"], ["e", "g"]]

    /// An English filler: how it is shown, its words, and whether it only counts before a comma ("like,").
    struct Filler {
        var shown: String
        var words: [String]
        var beforeComma = false
    }

    static let fillers: [Filler] = [
        Filler(shown: "um", words: ["um"]),
        Filler(shown: "uh", words: ["uh"]),
        Filler(shown: "like", words: ["like"], beforeComma: true),
        Filler(shown: "basically", words: ["basically"]),
        Filler(shown: "actually", words: ["actually"]),
        Filler(shown: "you know", words: ["you", "know"]),
        Filler(shown: "sort of", words: ["sort", "of"]),
        Filler(shown: "kind of", words: ["kind", "of"]),
        Filler(shown: "literally", words: ["literally"]),
    ]

    /// "sort of" and "kind of" after one of these mean a type ("what kind of cache"), not a filler.
    static let determiners: Set<String> = ["a", "the", "this", "that", "what", "which", "any", "every", "some", "one", "same", "each"]

    /// Words that say nothing about the topic, by the language's primary subtag; other languages keep every word.
    static func stopWords(language: String) -> Set<String> {
        let primary = language.lowercased().split(separator: "-").first.map(String.init) ?? ""
        return stopWordsByLanguage[primary] ?? []
    }

    private static let stopWordsByLanguage: [String: Set<String>] = [
        "en": [
            "a", "an", "the", "and", "or", "but", "if", "then", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into",
            "about", "over", "under", "than", "is", "are", "was", "were", "be", "been", "being", "it", "its", "it's", "this", "that",
            "these", "those", "there", "here", "i", "me", "my", "we", "our", "us", "you", "your", "they", "them", "their", "he", "she",
            "his", "her", "what", "which", "who", "whom", "how", "why", "when", "where", "do", "does", "did", "doing", "have", "has",
            "had", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no", "so", "too", "very", "just",
            "also", "all", "any", "some", "each", "other", "such", "more", "most", "one", "up", "out", "own", "through", "please",
            "tell", "describe", "explain", "discuss", "give", "walk", "example",
        ],
        "de": [
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder", "aber", "wie", "was",
            "wer", "warum", "wann", "wo", "ist", "sind", "war", "waren", "sein", "haben", "hat", "hatte", "ich", "du", "sie", "er", "es",
            "wir", "ihr", "mein", "meine", "ihre", "ihren", "nicht", "mit", "von", "zu", "für", "auf", "in", "im", "an", "am", "bei",
            "aus", "um", "über", "dass", "auch", "so", "würden", "würde", "können", "kann", "mir", "mich", "uns", "beschreiben",
            "erklären", "erzählen",
        ],
        "fr": [
            "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "mais", "que", "qui", "quoi", "comment", "pourquoi", "est",
            "sont", "était", "je", "tu", "il", "elle", "nous", "vous", "ils", "elles", "mon", "ma", "mes", "votre", "vos", "ne", "pas",
            "avec", "pour", "sur", "dans", "en", "au", "aux", "ce", "cette", "ces", "décrivez", "expliquez",
        ],
        "es": [
            "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "pero", "que", "qué", "cómo", "por", "para", "con", "de",
            "del", "en", "es", "son", "era", "yo", "tú", "usted", "él", "ella", "nosotros", "mi", "mis", "su", "sus", "no", "se", "lo",
            "al", "describa", "explique",
        ],
    ]
}
