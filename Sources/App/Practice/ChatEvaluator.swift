import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Where an OpenAI-compatible chat model lives and how long a candidate may wait for it. Without settings the
/// rubric scores every answer, so a server with no model configured behaves exactly as before.
public struct ChatEvaluatorSettings: Sendable, Equatable {
    /// The full URL of a `/v1/chat/completions` endpoint (http or https).
    public var endpoint: URL
    public var model: String
    /// Sent as `Authorization: Bearer …`; local servers often need none.
    public var apiKey: String?
    /// A hard deadline on the whole call; past it the rubric answers, so a slow model never holds up a candidate.
    public var timeout: Duration

    public init(endpoint: URL, model: String, apiKey: String? = nil, timeout: Duration = .seconds(5)) {
        self.endpoint = endpoint
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
    }
}

extension ChatEvaluatorSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// Names the endpoint and model but never the key, so settings can be printed or logged safely.
    public var description: String {
        "ChatEvaluatorSettings(endpoint: \(endpoint.absoluteString), model: \(model), apiKey: \(apiKey == nil ? "none" : "set"), "
            + "timeout: \(timeout))"
    }

    public var debugDescription: String { description }
}

/// Scores answers with a chat model for richer feedback than keyword matching can give, while keeping the rubric's
/// promise that every answer gets a score: any failure (timeout, refused connection, error status, a reply that is
/// not the JSON asked for) falls back to ``RubricEvaluator`` and logs one warning line.
///
/// The warning names the reason only; it never contains the API key or the candidate's answer.
public struct ChatEvaluator: AnswerEvaluator {
    public static let name = "llm"
    /// Replies larger than this are refused rather than buffered: a scoring reply is a few hundred bytes.
    static let maximumReplyBytes = 64 * 1024

    public let settings: ChatEvaluatorSettings
    let client: HTTPClient
    let logger: Logger

    /// Uses the process-wide ``HTTPClient/shared`` by default so connections are pooled across answers.
    public init(
        settings: ChatEvaluatorSettings,
        client: HTTPClient = .shared,
        logger: Logger = Logger(label: "coach-server.evaluator")
    ) {
        self.settings = settings
        self.client = client
        self.logger = logger
    }

    /// The evaluator the server should use: the chat model when one is configured, otherwise the rubric.
    public static func configured(
        _ settings: ChatEvaluatorSettings?,
        logger: Logger = Logger(label: "coach-server.evaluator")
    ) -> any AnswerEvaluator {
        guard let settings else { return RubricEvaluator() }
        return ChatEvaluator(settings: settings, logger: logger)
    }

    public func evaluate(_ input: AnswerInput) async -> Evaluation {
        await RequestLease.releaseCurrent()  // the model may take seconds to answer; the request's connection serves others meanwhile
        do {
            return try await withDeadline { try await self.ask(input) }
        } catch {
            logger.warning(
                "Chat evaluator failed; the rubric scored the answer instead",
                metadata: ["reason": "\(ChatEvaluatorFailure(error).reason)", "model": "\(settings.model)"]
            )
            return RubricEvaluator().score(input)
        }
    }

    /// Runs `operation` but gives up at the configured timeout. AsyncHTTPClient's own deadline stops at the response
    /// head, so a server that sends headers and then stalls the body is cut off here. The caller is answered at the
    /// deadline even if the request is slow to notice its cancellation: nothing here waits for it to wind down.
    func withDeadline(_ operation: @escaping @Sendable () async throws -> Evaluation) async throws -> Evaluation {
        let timeout = settings.timeout
        let pending = NIOLockedValueBox<CheckedContinuation<Evaluation, any Error>?>(nil)
        return try await withCheckedThrowingContinuation { continuation in
            pending.withLockedValue { $0 = continuation }
            let work = Task {
                let result: Result<Evaluation, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                pending.withLockedValue { $0.take() }?.resume(with: result)
            }
            Task {
                try? await Task.sleep(for: timeout)
                guard let waiting = pending.withLockedValue({ $0.take() }) else { return }
                work.cancel()
                waiting.resume(throwing: ChatEvaluatorFailure.timedOut)
            }
        }
    }

    /// One request, one reply, no retries: a retry would only stretch the wait the timeout bounds.
    func ask(_ input: AnswerInput) async throws -> Evaluation {
        let response = try await client.execute(try request(for: input), timeout: TimeAmount(settings.timeout))
        guard (200..<300).contains(response.status.code) else { throw ChatEvaluatorFailure.status(Int(response.status.code)) }
        let body = try await response.body.collect(upTo: Self.maximumReplyBytes)
        return try evaluation(fromReply: Data(body.readableBytesView))
    }

    func request(for input: AnswerInput) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: settings.endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let key = settings.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(ByteBuffer(bytes: try ChatRequest.scoring(input, model: settings.model)))
        return request
    }

    /// Reads `choices[0].message.content` as the scoring JSON and keeps it within the limits the pages expect.
    func evaluation(fromReply data: Data) throws -> Evaluation {
        let reply = try JSONDecoder().decode(ChatReply.self, from: data)
        guard let content = reply.choices.first?.message.content else { throw ChatEvaluatorFailure.noContent }
        let scores = try ChatScores.decode(content)
        return Evaluation(
            relevance: ChatScores.clamp(scores.relevance),
            structure: ChatScores.clamp(scores.structure),
            depth: ChatScores.clamp(scores.depth),
            clarity: ChatScores.clamp(scores.clarity),
            keywords: ChatScores.clamp(scores.keywords),
            overall: ChatScores.clamp(scores.overall),
            strengths: ChatScores.sentences(scores.strengths),
            improvements: ChatScores.sentences(scores.improvements),
            evaluator: Self.name,
            model: settings.model
        )
    }
}

/// Why a chat evaluation was abandoned, in words safe to log: no answer text, no key, no reply content.
enum ChatEvaluatorFailure: Error {
    case timedOut
    case status(Int)
    case replyTooLarge
    case noContent
    case malformedReply(String)
    case transport(String)

    init(_ error: any Error) {
        switch error {
        case let failure as ChatEvaluatorFailure: self = failure
        case let error as HTTPClientError where error == .deadlineExceeded: self = .timedOut
        case is NIOTooManyBytesError: self = .replyTooLarge
        case let error as DecodingError: self = .malformedReply(Self.describe(error))
        default: self = .transport(String(String(describing: error).prefix(200)))
        }
    }

    var reason: String {
        switch self {
        case .timedOut: "no reply within the timeout"
        case .status(let code): "the endpoint answered HTTP \(code)"
        case .replyTooLarge: "the reply was larger than \(ChatEvaluator.maximumReplyBytes) bytes"
        case .noContent: "the reply had no choices[0].message.content"
        case .malformedReply(let detail): "the reply was not the JSON asked for (\(detail))"
        case .transport(let detail): "the request failed: \(detail)"
        }
    }

    /// Names the field at fault, never the data: a decoding error's own text can quote the reply.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing \(key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context))"
        @unknown default: return "undecodable"
        }
    }
}
