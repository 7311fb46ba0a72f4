import Foundation
import Testing

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

@Suite("Question transfer: our JSON format")
struct QuestionTransferJSONTests {
    @Test("Export → parse → export is byte-identical, with unicode, empty optionals and criteria")
    func roundTrip() throws {
        let questions = [TransferSamples.full, TransferSamples.minimal, TransferSamples.formulaLike]
        let exported = QuestionJSON.export(questions)
        let parsed = try QuestionJSON.parse(exported, defaultLanguage: "fr")
        #expect(parsed.questions == questions)
        #expect(QuestionJSON.export(parsed.questions) == exported)
        let text = String(decoding: exported, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\" : \"interview-coach-questions\""))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("Zürich") && text.contains("CI/CD") && text.contains("🚀"))
        #expect(!text.contains("externalKey\" : null"))
    }

    @Test("Each question's row carries the line where its object starts")
    func lines() throws {
        let exported = QuestionJSON.export([TransferSamples.minimal, TransferSamples.full, TransferSamples.minimal])
        let lines = String(decoding: exported, as: UTF8.self).components(separatedBy: "\n")
        let starts = lines.indices.filter { lines[$0] == "    {" }.map { $0 + 1 }
        let parsed = try QuestionJSON.parse(exported, defaultLanguage: "en")
        #expect(parsed.rows.map(\.line) == starts)
        #expect(starts.count == 3)
    }

    @Test("Missing fields take defaults; bad fields reject only their question")
    func perQuestionProblems() throws {
        let json = """
            {"format": "interview-coach-questions", "version": 1, "questions": [
              {"content": {"prompt": "Why us?"}},
              {"content": {"prompt": "Level?", "level": "expert"}},
              {"content": {"field": "no prompt"}},
              {"content": {"prompt": "Too many", "timeLimitSeconds": 3}},
              {"content": {"prompt": "Tags", "tags": "not a list"}},
              {"language": "sv", "category": ["A", "B"], "content": {"prompt": "Hej", "criteria": [{"name": "Tone", "weight": 40}]}}
            ]}
            """
        let parsed = try QuestionJSON.parse(Data(json.utf8), defaultLanguage: "en")
        #expect(parsed.rows.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(parsed.questions.first == TransferQuestion(language: "en", content: QuestionContent(prompt: "Why us?")))
        #expect(parsed.questions.last?.language == "sv")
        #expect(parsed.questions.last?.content.criteria == [Criterion(name: "Tone", weight: 40)])
        let rejected = parsed.rows.compactMap { if case .rejected(let reason) = $0.kind { reason } else { nil } }
        #expect(rejected.count == 4)
        #expect(rejected[0].contains("level “expert” is not one of entry, junior, mid, senior, lead"))
        #expect(rejected[1].contains("content.prompt"))
        #expect(rejected[2].contains("Time limit"))
        #expect(rejected[3].contains("content.tags"))
    }

    @Test("Malformed JSON is a failure that names the line")
    func malformed() {
        let cases: [(String, Int)] = [
            ("{\"format\": \"interview-coach-questions\",\n\"version\": 1,\n\"questions\": [,]}", 3),
            ("{\"format\": \"interview-coach-questions\",\n\"questions\": [\n{\"content\": {\"prompt\": \"x}}\n", 3),
            ("{\n\"a\": [1,\n2\n", 2),
        ]
        for (text, line) in cases {
            #expect(throws: TransferFailure.self) { try QuestionJSON.parse(Data(text.utf8), defaultLanguage: "en") }
            do {
                _ = try QuestionJSON.parse(Data(text.utf8), defaultLanguage: "en")
            } catch {
                #expect(error.line == line, "\(error.message)")
                #expect(error.message.hasPrefix("Line \(line): "))
            }
        }
    }

    @Test("Not our format, a newer version, or invalid UTF-8 fail with a sentence")
    func notOurs() {
        func failure(_ bytes: [UInt8]) -> TransferFailure? {
            do {
                _ = try QuestionJSON.parse(Data(bytes), defaultLanguage: "en")
                return nil
            } catch { return error }
        }
        #expect(failure(Array("{\"format\": \"other\", \"version\": 1, \"questions\": []}".utf8))?.message.contains("not an Interview Coach") == true)
        #expect(
            failure(Array("{\"format\": \"interview-coach-questions\", \"version\": 2, \"questions\": []}".utf8))?.message.contains("version") == true
        )
        let bad = failure(Array("{\"format\": \"x\",\n\"y\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8))
        #expect(bad?.message == "Byte 23 (line 2) is not valid UTF-8; save the file as UTF-8 and try again.")
        #expect(bad?.byteOffset == 22)
        #expect(TransferText.grouped(1043) == "1,043")
    }
}
