import Foundation

/// Any JSON value, so that each question can be checked field by field with messages a person understands.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension Double {
    /// The value as an Int when it is a whole number that fits.
    var whole: Int? {
        guard rounded() == self, abs(self) < 1e15 else { return nil }
        return Int(self)
    }
}

extension QuestionJSON {
    /// One element of "questions" as a question, or the first thing wrong with it.
    static func question(from value: JSONValue, defaultLanguage: String) throws(RowProblem) -> TransferQuestion {
        guard case .object(let object) = value else { throw RowProblem("each question must be a JSON object.") }
        let reader = FieldReader(object: object, path: "")
        guard case .object(let contentObject)? = object["content"] else { throw RowProblem("“content” is missing or not an object.") }
        let content = FieldReader(object: contentObject, path: "content.")
        guard let prompt = try content.string("prompt"), !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RowProblem("“content.prompt” is missing or empty.")
        }
        var criteria: [Criterion] = []
        for (index, item) in try content.array("criteria").enumerated() {
            guard case .object(let fields) = item else { throw RowProblem("“content.criteria[\(index)]” must be an object.") }
            let criterion = FieldReader(object: fields, path: "content.criteria[\(index)].")
            guard let name = try criterion.string("name"), let weight = try criterion.int("weight") else {
                throw RowProblem("“content.criteria[\(index)]” needs a “name” and a whole-number “weight”.")
            }
            criteria.append(Criterion(name: name, weight: weight))
        }
        let body = QuestionContent(
            prompt: prompt,
            field: try content.string("field") ?? "",
            level: try TransferQuestion.level(from: try content.string("level") ?? ""),
            difficulty: try TransferQuestion.difficulty(from: try content.string("difficulty") ?? ""),
            company: try content.string("company") ?? "",
            positionType: try content.string("positionType") ?? "",
            tags: try content.strings("tags"),
            keywords: try content.strings("keywords"),
            hint: try content.string("hint") ?? "",
            followUps: try content.strings("followUps"),
            sampleAnswer: try content.string("sampleAnswer") ?? "",
            idealAnswerWords: try content.int("idealAnswerWords"),
            timeLimitSeconds: try content.int("timeLimitSeconds"),
            criteria: criteria
        )
        let language = try reader.string("language") ?? ""
        let question = TransferQuestion(
            externalKey: try reader.string("externalKey"),
            category: try reader.strings("category"),
            language: language.isEmpty ? defaultLanguage : language,
            content: body
        )
        try question.requireNoProblems()
        return question
    }
}

/// Reads optional typed fields of one JSON object, naming the field in every complaint.
private struct FieldReader {
    let object: [String: JSONValue]
    let path: String

    func string(_ key: String) throws(RowProblem) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw RowProblem("“\(path)\(key)” must be text.")
        }
    }

    func int(_ key: String) throws(RowProblem) -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let value)?:
            guard let whole = value.whole else { throw RowProblem("“\(path)\(key)” must be a whole number.") }
            return whole
        default: throw RowProblem("“\(path)\(key)” must be a whole number.")
        }
    }

    func array(_ key: String) throws(RowProblem) -> [JSONValue] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?: return items
        default: throw RowProblem("“\(path)\(key)” must be a list.")
        }
    }

    func strings(_ key: String) throws(RowProblem) -> [String] {
        var result: [String] = []
        for item in try array(key) {
            guard case .string(let text) = item else { throw RowProblem("“\(path)\(key)” must be a list of texts.") }
            result.append(text)
        }
        return result
    }
}
