import Foundation

/// Walks JSON bytes without building values: finds the line where each element of the top-level "questions" array
/// starts, and the first structural problem when the JSON parser reports no position.
enum JSONLineScanner {
    private struct Frame {
        var isObject: Bool
        var line: Int
        var expectKey = false
        var key: String?
        var isQuestions = false
        var awaitingElement = false
    }

    struct Problem {
        var line: Int
        var offset: Int?
        var message: String
    }

    private struct Scan {
        var lines: [Int] = []
        var problem: Problem?
    }

    /// The 1-based line of every element of the top-level "questions" array, in order.
    static func questionLines(_ bytes: [UInt8]) -> [Int] { scan(bytes).lines }

    /// The first unclosed text, bracket or mismatched closer, for JSON whose parser gave no position.
    static func firstProblem(_ bytes: [UInt8]) -> Problem {
        scan(bytes).problem ?? Problem(line: 1, offset: nil, message: "the file is not valid JSON.")
    }

    /// The number written right after `marker` in `text`, e.g. 15 in "around character 15.".
    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix(while: \.isNumber))
    }

    private static func scan(_ bytes: [UInt8]) -> Scan {
        var result = Scan()
        var stack: [Frame] = []
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
            case 0x0D:
                if index + 1 >= bytes.count || bytes[index + 1] != 0x0A { line += 1 }
            case 0x20, 0x09:
                break
            case UInt8(ascii: ":"):
                break
            case UInt8(ascii: ","):
                if let top = stack.indices.last {
                    stack[top].expectKey = stack[top].isObject
                    stack[top].awaitingElement = stack[top].isQuestions
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let top = stack.popLast(), top.isObject == (byte == UInt8(ascii: "}")) else {
                    result.problem = Problem(line: line, offset: index, message: "“\(Character(UnicodeScalar(byte)))” does not close anything.")
                    return result
                }
            default:
                if let top = stack.indices.last, stack[top].awaitingElement {
                    result.lines.append(line)
                    stack[top].awaitingElement = false
                }
                if byte == UInt8(ascii: "\"") {
                    let start = (line, index)
                    guard let end = stringEnd(bytes, from: index) else {
                        result.problem = Problem(line: start.0, offset: start.1, message: "a text that starts here is never closed with “\"”.")
                        return result
                    }
                    if let top = stack.indices.last, stack[top].isObject, stack[top].expectKey {
                        stack[top].key = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                        stack[top].expectKey = false
                    }
                    index = end
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    let isObject = byte == UInt8(ascii: "{")
                    let parentIsTop = stack.count == 1 && stack[0].isObject && stack[0].key == "questions"
                    var frame = Frame(isObject: isObject, line: line, expectKey: isObject)
                    frame.isQuestions = !isObject && parentIsTop
                    frame.awaitingElement = frame.isQuestions
                    stack.append(frame)
                }
            }
            index += 1
        }
        if let open = stack.last {
            result.problem = Problem(
                line: open.line,
                offset: nil,
                message: "the “\(open.isObject ? "{" : "[")” opened here is never closed."
            )
        }
        return result
    }

    /// The index of the quote that closes the string starting at `start`, skipping escapes.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }
}
