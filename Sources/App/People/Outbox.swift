import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// One message of the outbox as `tenantctl outbox` and the sender read it.
public struct OutboxMessage: Sendable {
    public let id: UUID
    public let kind: String
    public let to: String
    public let subject: String
    /// The body, unsealed; nil once sent (the body is cleared then).
    public let body: String?
    public let createdAt: Date
    public let sentAt: Date?
    public let lastError: String?
}

/// Mail the product sends. Messages are stored in the caller's transaction with their body sealed (it carries a
/// link), sent after commit through a sendmail-compatible command when one is configured, and cleared once sent.
public struct Outbox: Sendable {
    let box: SecretBox
    /// The command and its arguments, e.g. ["/usr/sbin/sendmail", "-t"]; nil keeps messages for an admin or operator.
    public let sendmail: [String]?

    public init(box: SecretBox, sendmail: [String]?) {
        self.box = box
        self.sendmail = sendmail
    }

    static func binding(_ tenantID: UUID, _ id: UUID) -> String {
        "outbox:\(tenantID.lowercasedString):\(id.lowercasedString)"
    }

    /// Stores a message; returns its id. Send it with ``deliver(_:database:tenantID:logger:)`` after commit.
    public func enqueue(kind: String, to: String, subject: String, body: String, in db: TenantConnection) async throws -> UUID {
        let id = UUID()
        let sealed = try box.seal(Array(body.utf8), associatedData: Self.binding(db.tenantID, id))
        try await db.run(
            """
            INSERT INTO outbox (tenant_id, id, kind, to_address, subject, body_sealed, key_version)
            VALUES (\(db.tenantID), \(id), \(kind), \(to), \(String(subject.prefix(200))), \(ByteBuffer(bytes: sealed.blob)), \(sealed.version))
            """
        )
        return id
    }

    /// Messages, newest first; `unsentOnly` leaves out those already sent; `id` picks one.
    public func messages(unsentOnly: Bool, id: UUID? = nil, in db: TenantConnection) async throws -> [OutboxMessage] {
        let rows = try await db.all(
            """
            SELECT id, kind, to_address, subject, body_sealed, key_version, created_at, sent_at, last_error FROM outbox
             WHERE tenant_id = \(db.tenantID) AND (NOT \(unsentOnly) OR sent_at IS NULL) AND (\(id)::uuid IS NULL OR id = \(id))
             ORDER BY created_at DESC LIMIT 200
            """,
            as: (UUID, String, String, String, ByteBuffer?, Int?, Date, Date?, String?).self
        )
        return try rows.map { id, kind, to, subject, sealed, version, created, sent, error in
            var body: String?
            if let sealed, let version {
                let plain = try box.open(Array(buffer: sealed), version: version, associatedData: Self.binding(db.tenantID, id))
                body = String(decoding: plain, as: UTF8.self)
            }
            return OutboxMessage(id: id, kind: kind, to: to, subject: subject, body: body, createdAt: created, sentAt: sent, lastError: error)
        }
    }

    /// Sends message `id` through the configured command and records the result; false when there is no command or
    /// sending failed (the message stays in the outbox with the error).
    @discardableResult
    public func deliver(_ id: UUID, database: Database, tenantID: UUID, logger: Logger) async throws -> Bool {
        guard let sendmail, let program = sendmail.first else { return false }
        let message = try await database.withTenant(tenantID, logger: logger) { db in
            try await messages(unsentOnly: true, id: id, in: db).first
        }
        guard let message, let body = message.body else { return false }
        let mail = "To: \(message.to)\nSubject: \(message.subject)\nContent-Type: text/plain; charset=utf-8\n\n\(body)\n"
        let failure: String? = try await NIOThreadPool.singleton.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(sendmail.dropFirst())
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                input.fileHandleForWriting.write(Data(mail.utf8))
                try input.fileHandleForWriting.close()
                process.waitUntilExit()
                return process.terminationStatus == 0 ? nil : "the mail command exited with status \(process.terminationStatus)"
            } catch {
                return "the mail command could not run: \(error)"
            }
        }
        try await database.withTenant(tenantID, logger: logger) { db in
            if let failure {
                try await db.run(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_error = \(String(failure.prefix(500)))
                     WHERE tenant_id = \(db.tenantID) AND id = \(id)
                    """
                )
            } else {
                try await db.run(
                    """
                    UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL, body_sealed = NULL, key_version = NULL
                     WHERE tenant_id = \(db.tenantID) AND id = \(id)
                    """
                )
            }
        }
        return failure == nil
    }
}
