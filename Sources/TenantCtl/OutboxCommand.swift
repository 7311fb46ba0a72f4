import App
import ArgumentParser
import Foundation

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List mail waiting in tenants' outboxes (invitation links to hand over when no mail command is configured)."
    )
    @Option(help: "Only this tenant (default: every tenant).") var tenant: String?
    @Flag(help: "Include messages already sent (their bodies are gone).") var all = false

    func run() async throws {
        guard let keys = ProcessInfo.processInfo.environment["COACH_DATA_KEYS"] else {
            throw OperatorError.invalid("set COACH_DATA_KEYS (the server's data keys) to read the sealed messages")
        }
        let box = try SecretBox.parse(keys)
        let messages = try await withOperator { try await $0.outbox(slug: tenant, unsentOnly: !all, box: box) }
        if messages.isEmpty {
            print(all ? "no messages" : "no unsent messages")
            return
        }
        for (slug, message) in messages {
            let when = UTCFormat.time.string(from: message.createdAt)
            let state = message.sentAt.map { "sent \(UTCFormat.time.string(from: $0))" } ?? (message.lastError.map { "not sent: \($0)" } ?? "waiting")
            print("--- \(slug) · \(message.kind) · to \(message.to) · \(when) UTC · \(state)")
            print("Subject: \(message.subject)")
            if let body = message.body { print("\n\(body)\n") }
        }
    }
}
