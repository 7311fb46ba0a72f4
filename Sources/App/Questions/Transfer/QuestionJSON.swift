import Foundation

/// Our own file format: `{"format":"interview-coach-questions","version":1,"questions":[…]}`.
///
/// Export → parse → export gives the same bytes. On import every field but `content.prompt` may be left out.
public enum QuestionJSON {
    /// The value of the top-level `format` key.
    public static let formatName = "interview-coach-questions"
    /// The newest version this code reads and the one it writes.
    public static let version = 1

    private struct File: Encodable {
        let format: String
        let version: Int
        let questions: [TransferQuestion]
    }

    /// The questions in the given order as pretty-printed JSON with sorted keys and a final newline.
    public static func export(_ questions: [TransferQuestion]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding strings, numbers and arrays of them cannot fail.
        var data = (try? encoder.encode(File(format: formatName, version: version, questions: questions))) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Reads a file; a question with a problem becomes a rejected row, a file that is not ours throws.
    public static func parse(_ data: Data, defaultLanguage: String) throws(TransferFailure) -> ParsedFile {
        let bytes = TransferText.withoutBOM(data)
        try TransferText.requireUTF8(bytes)
        let root = try decodeRoot(bytes)
        guard case .object(let top) = root else {
            throw TransferFailure(line: 1, message: "Line 1: the file is JSON but not a list of questions (it should start with “{”).")
        }
        guard case .string(formatName)? = top["format"] else {
            throw TransferFailure(line: 1, message: "This JSON file is not an Interview Coach question file (its “format” is not “\(formatName)”).")
        }
        guard case .number(let number)? = top["version"], let fileVersion = number.whole, (1...version).contains(fileVersion) else {
            throw TransferFailure(line: 1, message: "This question file has a version this server cannot read (it reads version \(version)).")
        }
        guard case .array(let items)? = top["questions"] else {
            throw TransferFailure(line: 1, message: "This question file has no “questions” list.")
        }
        let lines = JSONLineScanner.questionLines(bytes)
        var rows: [ParsedRow] = []
        for (index, item) in items.enumerated() {
            let line = index < lines.count ? lines[index] : 1
            do throws(RowProblem) {
                rows.append(ParsedRow(line: line, kind: .question(try question(from: item, defaultLanguage: defaultLanguage))))
            } catch {
                rows.append(ParsedRow(line: line, kind: .rejected("Question \(index + 1): \(error.message)")))
            }
        }
        return ParsedFile(rows: rows)
    }

    private static func decodeRoot(_ bytes: [UInt8]) throws(TransferFailure) -> JSONValue {
        let data = Data(bytes)
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw syntaxFailure(error, bytes: bytes)
        }
    }

    /// Turns a JSON syntax error into a sentence with a line, using the byte offset the parser reports when it reports one.
    static func syntaxFailure(_ error: any Error, bytes: [UInt8]) -> TransferFailure {
        let description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        if let offset = JSONLineScanner.number(after: "character ", in: description) {
            let line = TransferText.line(atByteOffset: offset, in: bytes)
            return .onLine(line, "the JSON is not valid here (byte \(TransferText.grouped(offset + 1))).", byteOffset: offset)
        }
        if let line = JSONLineScanner.number(after: "line ", in: description) {
            return .onLine(line, "the JSON is not valid here.")
        }
        let problem = JSONLineScanner.firstProblem(bytes)
        return .onLine(problem.line, problem.message, byteOffset: problem.offset)
    }
}
