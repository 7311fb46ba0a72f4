import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Streams a filtered audit log as CSV or JSON Lines: rows flow from PostgreSQL to the client in ~64 KiB chunks,
/// so memory stays flat however many events there are.
public struct AuditExporter: Sendable {
    public enum Format: String, Sendable {
        case csv, jsonl

        public var contentType: String { self == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8" }
    }

    let database: Database
    let chunkSize = 64 * 1024

    public init(database: Database) { self.database = database }

    static let columns = [
        "seq", "occurred_at", "actor", "actor_email", "actor_name", "actor_role", "action", "outcome", "target_type", "target_id",
        "target_label", "ip", "user_agent", "request_id", "details", "before", "after", "prev_hash", "hash",
    ]

    static let selectColumns = """
        seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_label, actor_email, actor_name, actor_role,
        action, outcome, target_type, target_id, target_label, ip::text, user_agent, request_id, details::text, before::text, after::text,
        encode(prev_hash, 'hex'), encode(hash, 'hex')
        """

    /// Writes every matching event, oldest first, and returns how many were written.
    @discardableResult
    public func export(
        tenantID: UUID,
        filter: AuditFilter,
        format: Format,
        to writer: inout any ResponseBodyWriter,
        logger: Logger
    ) async throws -> Int {
        let query = AuditRepository.query(
            columns: Self.selectColumns,
            tenantID: tenantID,
            filter: filter,
            beforePos: nil,
            ascending: true,
            limit: nil
        )
        var buffer = ByteBuffer()
        buffer.reserveCapacity(chunkSize + 4096)
        if format == .csv { buffer.writeString(Self.csvLine(Self.columns)) }
        var count = 0
        try await database.withTenant(tenantID, logger: logger) { db in
            for try await row in try await db.connection.send(query, logger: logger) {
                let cells = try Self.cells(row)
                buffer.writeString(format == .csv ? Self.csvLine(cells) : Self.jsonLine(cells))
                count += 1
                if buffer.readableBytes >= chunkSize {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
        }
        if buffer.readableBytes > 0 { try await writer.write(buffer) }
        return count
    }

    static func cells(_ row: PostgresRow) throws -> [String?] {
        let columns = row.makeRandomAccess()
        var cells: [String?] = [try columns[0].decode(Int64?.self).map(String.init)]
        for index in 1..<columns.count { cells.append(try columns[index].decode(String?.self)) }
        return cells
    }

    /// One CSV record: every cell quoted, and cells a spreadsheet would run as a formula prefixed with `'`.
    static func csvLine(_ cells: [String?]) -> String { CSVCell.line(cells) }

    /// OWASP's CSV-injection defence: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front.
    static func neutralise(_ cell: String) -> String { CSVCell.neutralise(cell) }

    /// One JSON object per line; JSON columns are embedded as JSON, not as strings.
    static func jsonLine(_ cells: [String?]) -> String {
        var parts: [String] = []
        for (name, value) in zip(columns, cells) {
            let encoded: String
            switch (name, value) {
            case (_, nil): encoded = "null"
            case ("seq", let value?): encoded = value
            case ("details", let value?), ("before", let value?), ("after", let value?): encoded = value
            case (_, let value?): encoded = JSONText.quoted(value)
            }
            parts.append("\"\(name)\":\(encoded)")
        }
        return "{" + parts.joined(separator: ",") + "}\n"
    }
}
