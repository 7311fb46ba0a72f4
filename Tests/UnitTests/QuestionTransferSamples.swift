import Foundation

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

/// Questions and helpers shared by the import/export tests.
enum TransferSamples {
    static let full = TransferQuestion(
        externalKey: "sys-design-01",
        category: ["Engineering", "CI/CD", "Zürich"],
        language: "de-CH",
        content: QuestionContent(
            prompt: "Entwerfen Sie einen **URL-Kürzer** für 10 Mio. Nutzer — wie skalieren Sie? 🚀\n\nDenken Sie an `cache` & <Latenz>.",
            field: "Software engineering",
            level: .senior,
            difficulty: .hard,
            company: "Acme, Inc.",
            positionType: "Full-time",
            tags: ["system-design", "scaling"],
            keywords: ["hash", "base62"],
            hint: "Start with the write path.",
            followUps: ["How do you expire links?", "What about \"vanity\" URLs?"],
            sampleAnswer: "Use a key-value store;\nshard by hash.",
            idealAnswerWords: 300,
            timeLimitSeconds: 600,
            criteria: [Criterion(name: "Clarity", weight: 30), Criterion(name: "Depth", weight: 70)]
        )
    )

    static let minimal = TransferQuestion(language: "en", content: QuestionContent(prompt: "Tell me about yourself."))

    static let formulaLike = TransferQuestion(
        externalKey: "=cmd|' /C calc'!A0",
        category: ["Finance"],
        language: "en",
        content: QuestionContent(prompt: "-1 is less than +1; is @home a tag?", hint: "'=already quoted", followUps: ["'plain apostrophe"])
    )

    /// The bytes of a fixture file under Tests/UnitTests/Fixtures.
    static func fixture(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(path)
        return try Data(contentsOf: url)
    }

    /// The same text with every LF turned into CRLF.
    static func crlf(_ data: Data) -> Data {
        Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    /// The same bytes without trailing line breaks.
    static func withoutFinalNewline(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return Data(bytes)
    }

    /// The rows of a file, in a form `#expect` shows readably.
    static func kinds(_ file: ParsedFile) -> [String] {
        file.rows.map { row in
            switch row.kind {
            case .question(let question): "\(row.line) question \(question.category.joined(separator: "/")): \(question.content.prompt.prefix(30))"
            case .category(let path): "\(row.line) category \(path.joined(separator: "/"))"
            case .skipped(let reason): "\(row.line) skipped \(reason)"
            case .rejected(let reason): "\(row.line) rejected \(reason)"
            }
        }
    }
}
