import App
import Foundation

// make bench: the rubric's scoring time per answer, on the demo bank's questions (scripts/demo/acme-questions.json).
// Each question is answered three ways: its own sample answer, the first sentence of it, and the sample answer five
// times over (a long answer). Every answer is scored `rounds` times; the figures are per single scoring, in
// microseconds. Usage: rubric-bench [questions.json] [rounds]. Prints Markdown.

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "scripts/demo/acme-questions.json"
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let file = try QuestionJSON.parse(try Data(contentsOf: URL(fileURLWithPath: path)), defaultLanguage: "en")
let questions = file.questions.filter { !$0.content.sampleAnswer.isEmpty }
guard !questions.isEmpty else {
    FileHandle.standardError.write(Data("no questions with a sample answer in \(path)\n".utf8))
    exit(1)
}

func words(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }

let kinds: [(label: String, answer: (String) -> String)] = [
    ("sample answer", { $0 }),
    ("first sentence only", { String($0.split(separator: ".").first ?? "") + "." }),
    ("sample answer five times (long)", { Array(repeating: $0, count: 5).joined(separator: " ") }),
]
let evaluator = RubricEvaluator()
let clock = ContinuousClock()
print("| answers | words (median) | µs per answer: median | p99 | max |")
print("| --- | --- | --- | --- | --- |")
for kind in kinds {
    let inputs = questions.map { AnswerInput($0.content, language: $0.language, response: kind.answer($0.content.sampleAnswer)) }
    var micros: [Double] = []
    var checksum = 0
    for _ in 0..<rounds {
        for input in inputs {
            let elapsed = clock.measure { checksum &+= evaluator.score(input).overall }
            micros.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
    }
    micros.sort()
    let median = micros[micros.count / 2]
    let p99 = micros[min(micros.count - 1, Int(Double(micros.count) * 0.99))]
    let counts = inputs.map { words($0.response) }.sorted()
    print(
        "| \(kind.label), \(inputs.count) questions × \(rounds) | \(counts[counts.count / 2]) | "
            + String(format: "%.0f | %.0f | %.0f |", median, p99, micros.last ?? 0) + (checksum == 42 ? " " : "")
    )
}
