import Foundation
import Testing

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

@Suite("Question transfer: CSV")
struct QuestionTransferCSVTests {
    private func records(_ text: String) throws(TransferFailure) -> [CSVRecord] { try CSVReader.records(Data(text.utf8)) }

    @Test("RFC 4180: quotes, doubled quotes, line breaks in cells, CRLF, BOM, no final newline")
    func reader() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nplain,,end"
        let parsed = try records(text)
        #expect(parsed.map(\.cells) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "end"]])
        #expect(parsed.map(\.line) == [1, 2, 4])
        #expect(try records("a,b\n1,2\n").map(\.cells) == [["a", "b"], ["1", "2"]])
        #expect(try records("a\n\n\nb\n").map(\.line) == [1, 4])
    }

    @Test("An unterminated quote fails naming the line where the cell starts")
    func unterminated() {
        do {
            _ = try records("prompt,hint\nok,fine\n\"never closed,x\nmore\n")
            Issue.record("expected a failure")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.hasPrefix("Line 3: a quoted cell starts here"))
        }
    }

    @Test("Export → parse gives the same questions; formulas are neutralised and restored")
    func roundTrip() throws {
        let questions = [TransferSamples.full, TransferSamples.minimal, TransferSamples.formulaLike]
        let exported = QuestionCSV.export(questions)
        let text = String(decoding: exported, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}\"external_key\",\"category\","))
        #expect(text.contains("\"'=cmd|' /C calc'!A0\""))
        #expect(text.contains("\"'-1 is less than +1; is @home a tag?\""))
        #expect(text.contains("\"''=already quoted\""))
        #expect(text.contains("\"'plain apostrophe\""))
        #expect(text.contains("\"Engineering / CI/CD / Zürich\""))
        #expect(text.contains("\"Clarity:30 | Depth:70\""))
        let parsed = try QuestionCSV.parse(exported, defaultLanguage: "en")
        #expect(parsed.questions == questions)
        #expect(parsed.rows.map(\.line) == [2, 6, 7], "the first record spans four lines")
        #expect(QuestionCSV.export(parsed.questions) == exported)
    }

    @Test("Columns in any order and case; per-row problems are rejected rows")
    func rows() throws {
        let csv = """
            Prompt,LEVEL,Tags,Criteria,time_limit_seconds
            Why this company?,senior,Culture | motivation,Clarity:50,120
            Second,expert,,,
            ,mid,,,
            Fourth,,,Clarity,
            Fifth,,,,soon
            Sixth,,,,,,extra
            """
        let parsed = try QuestionCSV.parse(Data(csv.utf8), defaultLanguage: "nl")
        let first = try #require(parsed.questions.first)
        #expect(first.language == "nl" && first.content.level == .senior && first.content.timeLimitSeconds == 120)
        #expect(first.content.tags == ["Culture", "motivation"] && first.content.criteria == [Criterion(name: "Clarity", weight: 50)])
        let rejected = parsed.rows.compactMap { if case .rejected(let reason) = $0.kind { "\($0.line): \(reason)" } else { nil } }
        #expect(rejected.count == 5)
        #expect(rejected[0].hasPrefix("3: Level “expert” is not one of"))
        #expect(rejected[1] == "4: The prompt is empty.")
        #expect(rejected[2].hasPrefix("5: Criterion “Clarity” is not written as name:weight"))
        #expect(rejected[3].hasPrefix("6: Time_limit_seconds “soon” is not a whole number"))
        #expect(rejected[4].hasPrefix("7: this row has 7 cells"))
    }

    @Test("Invalid UTF-8 rejects its row; unknown or missing columns fail the file")
    func encodingAndHeader() throws {
        var bytes = Array("prompt,hint\nok,fine\nbad,".utf8)
        bytes += [0xFF, 0x41]
        bytes += Array("\nalso ok,x\n".utf8)
        let parsed = try QuestionCSV.parse(Data(bytes), defaultLanguage: "en")
        #expect(parsed.questions.count == 2)
        #expect(parsed.rows[1].line == 3)
        #expect(parsed.rows[1].kind == .rejected("Bad encoding at byte 25: save the file as UTF-8."))
        for (header, words) in [("prompt,colour\n", "“colour”"), ("hint\n", "no “prompt” column"), ("prompt,Prompt\n", "appears twice")] {
            do {
                _ = try QuestionCSV.parse(Data(header.utf8), defaultLanguage: "en")
                Issue.record("expected a failure for \(header)")
            } catch {
                #expect(error.line == 1 && error.message.contains(words), "\(error.message)")
            }
        }
    }

    @Test("The shared CSV cell writer keeps the audit export's behaviour")
    func cells() {
        #expect(CSVCell.line(["=1+1", nil, "a\"b"]) == "\"'=1+1\",\"\",\"a\"\"b\"\r\n")
        #expect(QuestionCSV.restore(QuestionCSV.protect("''@x")) == "''@x")
        #expect(QuestionCSV.restore("'abc") == "'abc")
    }
}
