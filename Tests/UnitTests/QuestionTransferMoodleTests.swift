import Foundation
import Testing

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

@Suite("Question transfer: Moodle XML")
struct QuestionTransferMoodleTests {
    private func parse(_ data: Data) throws(TransferFailure) -> ParsedFile { try MoodleXML.parse(data, defaultLanguage: "en") }

    /// The fixture as committed, with CRLF line ends, and without its final newline all read the same.
    private func parseAllVariants(_ name: String) throws -> ParsedFile {
        let data = try TransferSamples.fixture("moodle/\(name)")
        let parsed = try parse(data)
        #expect(try parse(TransferSamples.crlf(data)) == parsed, "CRLF copy of \(name)")
        #expect(try parse(TransferSamples.withoutFinalNewline(data)) == parsed, "\(name) without its final newline")
        return parsed
    }

    @Test("A real export with nested categories: categories kept, the essay imported, true/false skipped with their lines")
    func nestedCategories() throws {
        let parsed = try parseAllVariants("nested_categories_with_questions.xml")
        #expect(parsed.questions.count == 1)
        #expect(parsed.rows.filter { if case .skipped = $0.kind { true } else { false } }.count == 4)
        #expect(
            TransferSamples.kinds(parsed) == [
                "4 category Iota",
                "15 skipped Moodle truefalse questions are not imported.",
                "44 category Iota/Kappa",
                "55 question Iota/Kappa: Testing Kappa Essay Question",
                "87 skipped Moodle truefalse questions are not imported.",
                "116 category Iota/Kappa/Lambda",
                "127 skipped Moodle truefalse questions are not imported.",
                "156 category Iota/Mu",
                "167 skipped Moodle truefalse questions are not imported.",
            ]
        )
        #expect(parsed.questions.first?.externalKey == nil)
    }

    @Test("A real multiple-choice export is skipped with its real line number")
    func multichoice() throws {
        let parsed = try parseAllVariants("multichoice_testquestion.moodle.xml")
        #expect(TransferSamples.kinds(parsed) == ["4 category Default for C1", "12 skipped Moodle multichoice questions are not imported."])
    }

    @Test("A real essay export: HTML question text, general feedback as the hint")
    func essay() throws {
        let parsed = try parseAllVariants("essay_testquestion.moodle.xml")
        let question = try #require(parsed.questions.first)
        #expect(parsed.rows.map(\.line) == [4, 12])
        #expect(question.category == ["Default for C1"])
        #expect(question.content.prompt == "Write an essay with 500 words.")
        #expect(question.content.hint == "This is general feedback")
        #expect(question.content.sampleAnswer.isEmpty && question.language == "en")
    }

    @Test("A real short-answer export: right answers become keywords, the wildcard does not")
    func shortAnswer() throws {
        let parsed = try parseAllVariants("shortanswer_testquestion.moodle.xml")
        let question = try #require(parsed.questions.first)
        #expect(question.category == ["Test questions"])
        #expect(question.content.prompt == "Name an amphibian: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_")
        #expect(question.content.keywords == ["frog", "toad"])
        #expect(question.content.hint == "Generalfeedback: frog or toad would have been OK.")
    }

    @Test("Real exports with a category description and with escaped idnumbers")
    func categoryRecords() throws {
        let described = try parseAllVariants("category_with_description.xml")
        #expect(TransferSamples.kinds(described) == ["4 category Alpha", "15 skipped Moodle truefalse questions are not imported."])
        let escaped = try parseAllVariants("html_chars_in_idnumbers.xml")
        #expect(TransferSamples.kinds(escaped) == ["4 category Alpha", "15 skipped Moodle truefalse questions are not imported."])
    }

    @Test("Category paths: context prefixes and top removed, // is a slash inside a name")
    func categoryPaths() {
        #expect(MoodleTags.categoryPath("$course$/top/A/B") == ["A", "B"])
        #expect(MoodleTags.categoryPath("$cat1$/top") == [])
        #expect(MoodleTags.categoryPath("$system$/CI//CD/Build") == ["CI/CD", "Build"])
        #expect(MoodleTags.categoryPath("Plain/Path") == ["Plain", "Path"])
        #expect(MoodleTags.categoryPath(MoodleTags.categoryText(["CI/CD", "Zürich"])) == ["CI/CD", "Zürich"])
    }

    // Hand-written (not a real export): formats and a description question that no real fixture has.
    @Test("HTML, markdown, plain text and description questions; tags; problems reject the row")
    func typedContent() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="essay">
                <questiontext format="html"><text>&lt;p&gt;Explain &lt;strong&gt;CAP&lt;/strong&gt;&lt;/p&gt;</text></questiontext>
                <graderinfo format="html"><text><![CDATA[<ul><li>Consistency</li><li>Availability</li></ul>]]></text></graderinfo>
                <idnumber> cap-1 </idnumber>
                <tags><tag><text>Databases</text></tag><tag><text>ic-level:lead</text></tag><tag><text>ic-followup:And PACELC?</text></tag></tags>
              </question>
              <question type="description">
                <questiontext format="plain_text"><text>Read *this* first</text></questiontext>
              </question>
              <question type="essay">
                <questiontext format="markdown"><text>Already **Markdown**</text></questiontext>
                <tags><tag><text>ic-difficulty:brutal</text></tag></tags>
              </question>
              <question type="cloze"><questiontext><text>{1:SHORTANSWER:=x}</text></questiontext></question>
              <question type="essay"><questiontext format="html"><text></text></questiontext></question>
            </quiz>
            """
        let parsed = try parse(Data(xml.utf8))
        let questions = parsed.questions
        #expect(questions.count == 2)
        #expect(questions[0].content.prompt == "Explain **CAP**")
        #expect(questions[0].content.sampleAnswer == "- Consistency\n- Availability")
        #expect(questions[0].externalKey == "cap-1" && questions[0].content.level == .lead)
        #expect(questions[0].content.tags == ["Databases"] && questions[0].content.followUps == ["And PACELC?"])
        #expect(questions[1].content.prompt == "Read \\*this\\* first")
        #expect(parsed.rows.map(\.line) == [3, 9, 12, 16, 17])
        #expect(parsed.rows[2].kind == .rejected("difficulty “brutal” is not one of easy, medium, hard."))
        #expect(parsed.rows[3].kind == .skipped("Moodle cloze questions are not imported."))
        #expect(parsed.rows[4].kind == .rejected("The question text is empty."))
    }

    @Test("Malformed XML fails naming the element and line; a DOCTYPE is refused")
    func malformed() {
        let cases: [(String, Int, String)] = [
            (
                "<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"essay\">\n    <name><text>x</text></name>\n</quiz>\n", 3,
                "<question> is not closed"
            ),
            ("<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"essay\">\n", 3, "<question> is not closed"),
            ("<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY x \"y\">]>\n<quiz/>\n", 2, "DOCTYPE"),
            ("<?xml version=\"1.0\"?>\n<html></html>\n", 2, "not a Moodle question export"),
        ]
        for (xml, line, words) in cases {
            do {
                _ = try parse(Data(xml.utf8))
                Issue.record("expected a failure for \(xml)")
            } catch {
                #expect(error.line == line, "\(error.message)")
                #expect(error.message.hasPrefix("Line \(line): ") && error.message.contains(words), "\(error.message)")
            }
        }
    }

    @Test("Our export parses back to the same questions and has what Moodle's essay importer reads")
    func exportRoundTrip() throws {
        var tricky = TransferSamples.minimal
        tricky.content.prompt = "Code: `a[i]]>b` ]]> and <tags> & \"quotes\""
        tricky.category = ["Engineering", "CI/CD", "Zürich"]
        let questions = [TransferSamples.minimal, TransferSamples.full, tricky, TransferSamples.formulaLike]
        let exported = MoodleXML.export(questions)
        let parsed = try parse(exported)
        #expect(parsed.questions == questions)
        #expect(parsed.rows.filter { if case .category = $0.kind { true } else { false } }.count == 2)
        let text = String(decoding: exported, as: UTF8.self)
        for element in [
            "defaultgrade", "penalty", "hidden", "idnumber", "responseformat", "responserequired", "responsefieldlines", "minwordlimit",
            "maxwordlimit", "attachments", "attachmentsrequired", "maxbytes", "filetypeslist", "graderinfo", "responsetemplate",
        ] {
            #expect(text.contains("<\(element)"), "missing <\(element)>")
        }
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"))
        #expect(text.contains("<text>$course$/top/Engineering/CI//CD/Zürich</text>"))
        #expect(text.contains("<questiontext format=\"markdown\">"))
        #expect(text.contains("<tag><text>ic-criterion:Clarity=30</text></tag>"))
        #expect(text.contains("<name>\n      <text>Entwerfen Sie einen URL-Kürzer für 10 Mio. Nutzer — wie skalieren Sie? 🚀 Denken…</text>"))
    }
}
