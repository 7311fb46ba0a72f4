import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing

/// Scores come from a real HTTP exchange with a local stand-in for an OpenAI-compatible server; whatever goes wrong,
/// the candidate still gets the rubric's scores and the log says why, without the key or the answer.
@Suite("Chat evaluator: model scores when the model answers well, rubric scores otherwise")
struct ChatEvaluatorTests {
    static let key = "sk-test-secret-key"
    static let input = AnswerInput(
        prompt: "How do you keep a cache fresh?",
        keywords: ["invalidation", "ttl|time to live"],
        criteria: [Criterion(name: "Explains invalidation on write", weight: 2)],
        idealWords: 60,
        behavioural: false,
        language: "en",
        response: "I set a short TTL and invalidate the entry on every write, so readers never see stale prices."
    )

    static var rubric: Evaluation { RubricEvaluator().score(input) }

    @Test("A good reply gives the model's scores and sentences; the model saw the key and the answer")
    func goodReply() async throws {
        let standIn = StandIn(content: Self.scores())
        let outcome = try await standIn.evaluate(Self.input, apiKey: Self.key)
        let evaluation = outcome.evaluation
        #expect([evaluation.relevance, evaluation.structure, evaluation.depth, evaluation.clarity] == [81, 70, 60, 90] as [Int])
        #expect(evaluation.keywords == 85 && evaluation.overall == 77)
        #expect(evaluation.strengths == ["You name invalidation on write."] && evaluation.improvements == ["Say how long the TTL is and why."])
        #expect(evaluation.evaluator == "llm" && evaluation.model == "stand-in-model" && outcome.warnings.isEmpty)
        let seen = try #require(standIn.requests.count == 1 ? standIn.requests.first : nil)
        #expect(seen.authorization == "Bearer \(Self.key)")
        let body = try json(seen.body)
        #expect(body["model"] as? String == "stand-in-model" && body["temperature"] as? Double == 0)
        #expect((body["response_format"] as? [String: String]) == ["type": "json_object"])
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        let question = try json(Data((messages.last?["content"] ?? "").utf8))
        #expect(question["answer"] as? String == Self.input.response && question["question"] as? String == Self.input.prompt)
        #expect(question["keywords"] as? [String] == Self.input.keywords && question["idealWords"] as? Int == 60)
    }

    @Test("Without a key no Authorization header is sent")
    func noKey() async throws {
        let standIn = StandIn(content: Self.scores())
        #expect(try await standIn.evaluate(Self.input, apiKey: nil).evaluation.evaluator == "llm")
        #expect(standIn.requests.first?.authorization == nil)
    }

    @Test("A model slower than the timeout: the rubric answers within about the timeout")
    func slowModel() async throws {
        let standIn = StandIn(content: Self.scores(), delay: .seconds(20))
        let outcome = try await standIn.evaluate(Self.input, apiKey: Self.key, timeout: .seconds(1))
        // A bound far from both: a busy machine may wake the deadline late, but not by the model's 20 s.
        #expect(outcome.elapsed < .seconds(15), "answered at the deadline, long before the model's 20 s")
        #expect(outcome.evaluation == Self.rubric && outcome.evaluation.evaluator == "rubric-1")
        try Self.expectOneSafeWarning(outcome.warnings, mentioning: "timeout")
    }

    @Test("Headers arrive but the body stalls: the timeout still holds")
    func stalledBody() async throws {
        let standIn = StandIn(content: Self.scores(), delay: .seconds(20), stallBodyOnly: true)
        let outcome = try await standIn.evaluate(Self.input, apiKey: Self.key, timeout: .seconds(1))
        #expect(outcome.elapsed < .seconds(15), "answered at the deadline, long before the model's 20 s")
        #expect(outcome.evaluation == Self.rubric)
        try Self.expectOneSafeWarning(outcome.warnings, mentioning: "timeout")
    }

    @Test("HTTP 500 falls back to the rubric")
    func serverError() async throws {
        let standIn = StandIn(body: "{\"error\":\"overloaded\"}", status: .internalServerError)
        let outcome = try await standIn.evaluate(Self.input, apiKey: Self.key)
        #expect(outcome.evaluation == Self.rubric)
        try Self.expectOneSafeWarning(outcome.warnings, mentioning: "HTTP 500")
    }

    @Test(
        "A reply that is not the scoring JSON (or not a chat completion) falls back to the rubric",
        arguments: [StandIn.completion("Great answer, 8/10!"), StandIn.completion("{\"score\": 80}"), "<html>proxy login</html>"]
    )
    func malformedReply(_ body: String) async throws {
        let standIn = StandIn(body: body)
        let outcome = try await standIn.evaluate(Self.input, apiKey: Self.key)
        #expect(outcome.evaluation == Self.rubric)
        try Self.expectOneSafeWarning(outcome.warnings, mentioning: "not the JSON asked for")
    }

    @Test("Scores out of range are clamped; long lists and sentences are cut")
    func clamped() async throws {
        let long = String(repeating: "word ", count: 100)
        let strengths = (1...7).map { "Strength \($0)." }
        let standIn = StandIn(content: Self.scores(relevance: 150, overall: -3, strengths: strengths, improvements: [long, " "]))
        let evaluation = try await standIn.evaluate(Self.input, apiKey: Self.key).evaluation
        #expect(evaluation.evaluator == "llm")
        #expect(evaluation.relevance == 100 && evaluation.overall == 0)
        #expect(evaluation.strengths == Array(strengths.prefix(5)))
        #expect(evaluation.improvements.count == 1 && evaluation.improvements[0].count == 300)
    }

    @Test("Nothing listening: the rubric answers")
    func connectionRefused() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/v1/chat/completions"))
        let warnings = WarningLog()
        let start = ContinuousClock.now
        let settings = ChatEvaluatorSettings(endpoint: url, model: "m", timeout: .seconds(1))
        let evaluation = await ChatEvaluator(settings: settings, logger: warnings.logger).evaluate(Self.input)
        #expect(ContinuousClock.now - start < .seconds(15), "no hang: the 1 s deadline answers, even late on a busy machine")
        #expect(evaluation == Self.rubric)
        // AsyncHTTPClient retries a refused connection until the deadline, so either reason may come first.
        let reason = warnings.lines.first { $0.contains("the request failed") } == nil ? "within the timeout" : "the request failed"
        try Self.expectOneSafeWarning(warnings.lines, mentioning: reason)
    }

    @Test("Without settings the rubric is the evaluator")
    func configuredWithoutSettings() async {
        let evaluator = ChatEvaluator.configured(nil)
        #expect(evaluator is RubricEvaluator)
        #expect(await evaluator.evaluate(Self.input) == Self.rubric)
    }

    static func expectOneSafeWarning(_ lines: [String], mentioning reason: String) throws {
        let line = try #require(lines.count == 1 ? lines.first : nil, "expected one warning, got \(lines)")
        #expect(line.contains(reason), "\(line)")
        #expect(!line.contains(key) && !line.contains("stale prices"), "\(line)")
    }

    static func scores(
        relevance: Int = 81,
        overall: Int = 77,
        strengths: [String] = ["You name invalidation on write."],
        improvements: [String] = ["Say how long the TTL is and why."]
    ) -> String {
        let object: [String: Any] = [
            "relevance": relevance, "structure": 70, "depth": 60, "clarity": 90, "keywords": 85, "overall": overall,
            "strengths": strengths, "improvements": improvements,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

private func json(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// A real HTTP server on 127.0.0.1 (a free port) answering `/v1/chat/completions` the way a test asks.
private final class StandIn: Sendable {
    let body: String
    let status: HTTPResponse.Status
    let delay: Duration
    let stallBodyOnly: Bool
    /// What the stand-in was sent, to check from the model's side.
    private let seen = NIOLockedValueBox<[(authorization: String?, body: Data)]>([])

    /// Answers with `body` as it is.
    init(body: String, status: HTTPResponse.Status = .ok, delay: Duration = .zero, stallBodyOnly: Bool = false) {
        self.body = body
        self.status = status
        self.delay = delay
        self.stallBodyOnly = stallBodyOnly
    }

    /// Answers with a chat completion whose `choices[0].message.content` is `content`.
    convenience init(content: String, delay: Duration = .zero, stallBodyOnly: Bool = false) {
        self.init(body: Self.completion(content), delay: delay, stallBodyOnly: stallBodyOnly)
    }

    static func completion(_ content: String) -> String {
        let object = ["choices": [["index": 0, "message": ["role": "assistant", "content": content]]]]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    var requests: [(authorization: String?, body: Data)] { seen.withLockedValue { $0 } }

    struct Outcome: Sendable {
        let evaluation: Evaluation
        let warnings: [String]
        /// How long the candidate waited (not counting the stand-in's own start and stop).
        let elapsed: Duration
    }

    /// Starts the stand-in, scores `input` against it, stops it.
    func evaluate(_ input: AnswerInput, apiKey: String?, timeout: Duration = .seconds(5)) async throws -> Outcome {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in try await self.respond(to: request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/chat/completions"))
            let settings = ChatEvaluatorSettings(endpoint: url, model: "stand-in-model", apiKey: apiKey, timeout: timeout)
            let warnings = WarningLog()
            let start = ContinuousClock.now
            let evaluation = await ChatEvaluator(settings: settings, logger: warnings.logger).evaluate(input)
            return Outcome(evaluation: evaluation, warnings: warnings.lines, elapsed: ContinuousClock.now - start)
        }
    }

    private func respond(to request: Request) async throws -> Response {
        let received = try await request.body.collect(upTo: 1 << 20)
        seen.withLockedValue { $0.append((request.headers[.authorization], Data(received.readableBytesView))) }
        let headers: HTTPFields = [.contentType: "application/json"]
        let body = ByteBuffer(string: self.body)
        if stallBodyOnly {
            let delay = delay
            return Response(
                status: status,
                headers: headers,
                body: ResponseBody { writer in
                    try await Task.sleep(for: delay)
                    try await writer.write(body)
                    try await writer.finish(nil)
                }
            )
        }
        try await Task.sleep(for: delay)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

/// Keeps the warning lines (message and metadata) the evaluator logs.
private final class WarningLog: Sendable {
    private let box = NIOLockedValueBox<[String]>([])

    var lines: [String] { box.withLockedValue { $0 } }

    var logger: Logger { Logger(label: "test.evaluator") { [box] _ in Handler(box: box) } }

    struct Handler: LogHandler {
        let box: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level == .warning else { return }
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            box.withLockedValue { $0.append("\(event.message) \(merged.sorted { $0.key < $1.key })") }
        }
    }
}
