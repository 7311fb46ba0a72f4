import Foundation

extension MoodleXML {
    /// The questions as Moodle essay questions, in the given order, with a category record before each change of category.
    ///
    /// Texts are written as Markdown in CDATA; every element Moodle's essay importer reads is present. Characters XML 1.0
    /// cannot carry (control characters other than tab and line breaks) are left out, and XML parsers read CRLF as LF.
    public static func export(_ questions: [TransferQuestion]) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        var category: [String] = []
        for question in questions {
            if question.category != category {
                category = question.category
                xml += categoryRecord(category)
            }
            xml += essay(question)
        }
        xml += "</quiz>\n"
        return Data(xml.utf8)
    }

    private static func categoryRecord(_ path: [String]) -> String {
        """
          <question type="category">
            <category>
              <text>\(escaped(MoodleTags.categoryText(path)))</text>
            </category>
            <info format="moodle_auto_format">
              <text></text>
            </info>
            <idnumber></idnumber>
          </question>

        """
    }

    private static func essay(_ question: TransferQuestion) -> String {
        let content = question.content
        let tags = MoodleTags.tags(for: question).map { "      <tag><text>\(escaped($0))</text></tag>\n" }.joined()
        return """
              <question type="essay">
                <name>
                  <text>\(escaped(name(for: content.prompt)))</text>
                </name>
                <questiontext format="markdown">
                  <text>\(cdata(content.prompt))</text>
                </questiontext>
                <generalfeedback format="markdown">
                  <text>\(cdata(content.hint))</text>
                </generalfeedback>
                <defaultgrade>1.0000000</defaultgrade>
                <penalty>0.0000000</penalty>
                <hidden>0</hidden>
                <idnumber>\(escaped(question.externalKey ?? ""))</idnumber>
                <responseformat>editor</responseformat>
                <responserequired>1</responserequired>
                <responsefieldlines>15</responsefieldlines>
                <minwordlimit></minwordlimit>
                <maxwordlimit></maxwordlimit>
                <attachments>0</attachments>
                <attachmentsrequired>0</attachmentsrequired>
                <maxbytes>0</maxbytes>
                <filetypeslist></filetypeslist>
                <graderinfo format="markdown">
                  <text>\(cdata(content.sampleAnswer))</text>
                </graderinfo>
                <responsetemplate format="html">
                  <text></text>
                </responsetemplate>
                <tags>
            \(tags)    </tags>
              </question>

            """
    }

    /// The question's name in Moodle: the first 80 characters of the prompt's plain text.
    static func name(for prompt: String) -> String {
        var text = prompt.replacingOccurrences(of: "\\[([^\\]]*)\\]\\([^)]*\\)", with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(of: "\\\\([[:punct:]])", with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(of: "(^|\\n)\\s*(#{1,6}|>|[-+*]|\\d+[.)])\\s+", with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(of: "[*_`]+", with: "", options: .regularExpression)
        let name = TransferText.summary(text, limit: 80)
        return name.isEmpty ? "Question" : name
    }

    /// Text for XML character data: markup characters escaped, characters XML cannot carry left out.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in xmlSafe(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A CDATA section (empty text stays empty); `]]>` inside is split across two sections.
    static func cdata(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        return "<![CDATA[" + xmlSafe(text).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    private static func xmlSafe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars where scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            if (0xFFFE...0xFFFF).contains(scalar.value) { continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
