import Foundation
import Logging
import NIOCore
import PostgresNIO

/// One row of the audit list.
public struct AuditRow: Sendable {
    public let id: UUID
    /// Where the event stands in the list; taken when it was written.
    public let pos: Int64
    /// Its place in the hash chain, or nil until the sealer has linked it (within a second or so).
    public let seq: Int64?
    public let occurredAt: Date
    public let actorLabel: String
    public let actorName: String?
    public let actorRole: String?
    public let actorUserID: UUID?
    public let action: String
    public let targetType: String?
    public let targetID: String?
    public let targetLabel: String?
    public let outcome: String
}

/// Everything recorded about one event.
public struct AuditDetail: Sendable {
    public let row: AuditRow
    public let actorEmail: String?
    public let ip: String?
    public let userAgent: String?
    public let requestID: String?
    public let details: [String: String]
    public let before: [String: String]?
    public let after: [String: String]?
    /// Hex hashes, or nil while the event is not sealed.
    public let prevHash: String?
    public let hash: String?
}

/// The latest stored chain verification.
public struct StoredVerification: Sendable {
    public let verifiedAt: Date
    public let result: ChainVerification
    public let verifiedBy: String
}

/// Reads the current tenant's audit log: filtered keyset pages, single events and chain verification.
public struct AuditRepository: Sendable {
    public init() {}

    static let listColumns = """
        id, pos, seq, occurred_at, actor_label, actor_name, actor_role, actor_user_id, action, target_type, target_id, target_label, outcome
        """

    /// Builds `SELECT <columns> … WHERE <filter> ORDER BY pos <order>`; the column list and order are constants from this file.
    static func query(
        columns: String,
        tenantID: UUID,
        filter: AuditFilter,
        beforePos: Int64?,
        ascending: Bool,
        limit: Int?
    ) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM audit_events
         WHERE tenant_id = \(tenantID)
           AND (\(filter.actor)::text IS NULL OR actor_email = lower(\(filter.actor)) OR actor_label = \(filter.actor)
                OR actor_user_id::text = \(filter.actor))
           AND (\(filter.action?.rawValue)::text IS NULL OR action = \(filter.action?.rawValue))
           AND (\(filter.targetType)::text IS NULL OR target_type = \(filter.targetType))
           AND (\(filter.target)::text IS NULL OR target_id = \(filter.target) OR target_label = \(filter.target))
           AND (\(filter.outcome?.rawValue)::text IS NULL OR outcome = \(filter.outcome?.rawValue))
           AND (\(filter.from)::timestamptz IS NULL OR occurred_at >= \(filter.from))
           AND (\(filter.toExclusive)::timestamptz IS NULL OR occurred_at < \(filter.toExclusive))
           AND (\(beforePos)::bigint IS NULL OR pos < \(beforePos))
         ORDER BY pos \(unescaped: ascending ? "ASC" : "DESC")
         LIMIT \(limit ?? Int(Int32.max))
        """
    }

    /// Up to `limit` events listed before `beforePos`, newest first, and whether more exist.
    public func page(
        filter: AuditFilter,
        beforePos: Int64?,
        limit: Int,
        in db: TenantConnection
    ) async throws -> KeysetPage<AuditRow> {
        if filter == AuditFilter(), limit == ListPage.size {  // the whole log: fixed statements, prepared (``FixedStatement``)
            let rows =
                if let beforePos {
                    try await db.rows(AuditNextPageStatement(bindings: .init(db.tenantID, beforePos)))
                } else {
                    try await db.rows(AuditFirstPageStatement(bindings: .init(db.tenantID)))
                }
            var fetched: [AuditRow] = []
            for try await row in rows { fetched.append(try Self.decodeRow(row)) }
            return KeysetPage(fetched: fetched, limit: limit)
        }
        let query = Self.query(
            columns: Self.listColumns,
            tenantID: db.tenantID,
            filter: filter,
            beforePos: beforePos,
            ascending: false,
            limit: limit + 1
        )
        var rows: [AuditRow] = []
        for try await row in try await db.connection.send(query, logger: db.logger) {
            rows.append(try Self.decodeRow(row))
        }
        return KeysetPage(fetched: rows, limit: limit)
    }

    static func decodeRow(_ row: PostgresRow) throws -> AuditRow {
        let (id, pos, seq, at, label, name, role, actorID, action, targetType, targetID, targetLabel, outcome) = try row.decode(
            (UUID, Int64, Int64?, Date, String, String?, String?, UUID?, String, String?, String?, String?, String).self
        )
        return AuditRow(
            id: id,
            pos: pos,
            seq: seq,
            occurredAt: at,
            actorLabel: label,
            actorName: name,
            actorRole: role,
            actorUserID: actorID,
            action: action,
            targetType: targetType,
            targetID: targetID,
            targetLabel: targetLabel,
            outcome: outcome
        )
    }

    /// One event of this tenant, or nil.
    public func find(id: UUID, in db: TenantConnection) async throws -> AuditDetail? {
        let rows = try await db.connection.send(
            """
            SELECT \(unescaped: Self.listColumns), actor_email, ip::text, user_agent, request_id, details::text, before::text, after::text,
                   encode(prev_hash, 'hex'), encode(hash, 'hex')
              FROM audit_events WHERE tenant_id = \(db.tenantID) AND id = \(id)
            """,
            logger: db.logger
        )
        for try await row in rows {
            let base = try Self.decodeRow(row)
            let columns = row.makeRandomAccess()
            let email = try columns[13].decode(String?.self)
            let ip = try columns[14].decode(String?.self)
            let userAgent = try columns[15].decode(String?.self)
            let requestID = try columns[16].decode(String?.self)
            let details = try columns[17].decode(String.self)
            let before = try columns[18].decode(String?.self)
            let after = try columns[19].decode(String?.self)
            let prevHash = try columns[20].decode(String?.self)
            let hash = try columns[21].decode(String?.self)
            return AuditDetail(
                row: base,
                actorEmail: email,
                ip: ip,
                userAgent: userAgent,
                requestID: requestID,
                details: Self.flatten(details) ?? [:],
                before: before.flatMap(Self.flatten),
                after: after.flatMap(Self.flatten),
                prevHash: prevHash,
                hash: hash
            )
        }
        return nil
    }

    /// Seals what is committed and not yet sealed (unless a sealer is at work), walks the chain, and stores the result.
    public func verify(verifiedBy: String, in db: TenantConnection) async throws -> ChainVerification {
        try await AuditSealer.sealAll(in: db)
        var result = ChainVerification(intact: false, checkedUpTo: 0, firstBroken: nil, problem: "not checked")
        for (intact, upTo, broken, problem, unsealed) in try await db.all(
            "SELECT intact, checked_up_to, first_broken, problem, unsealed FROM audit_verify_chain(\(db.tenantID))",
            as: (Bool, Int64, Int64?, String?, Int64).self
        ) {
            result = ChainVerification(intact: intact, checkedUpTo: upTo, firstBroken: broken, problem: problem, unsealed: unsealed)
        }
        try await db.run(
            """
            INSERT INTO audit_verifications (tenant_id, intact, checked_up_to, first_broken, problem, unsealed, verified_by)
            VALUES (\(db.tenantID), \(result.intact), \(result.checkedUpTo), \(result.firstBroken), \(result.problem),
                    \(result.unsealed), \(verifiedBy))
            """
        )
        return result
    }

    /// Appends `event`, a view of the audit list, and returns the most recent verification, if any
    /// (``AuditViewStatement``).
    func recordView(_ event: AuditEvent, in db: TenantConnection) async throws -> StoredVerification? {
        let latest = try await db.first(
            AuditViewStatement(event, tenantID: db.tenantID),
            as: (Date, Bool, Int64, Int64?, String?, Int64, String).self
        )
        return latest.map { at, intact, upTo, broken, problem, unsealed, by in
            StoredVerification(
                verifiedAt: at,
                result: ChainVerification(intact: intact, checkedUpTo: upTo, firstBroken: broken, problem: problem, unsealed: unsealed),
                verifiedBy: by
            )
        }
    }

    /// A JSON object's values as strings (nested values keep their JSON text).
    static func flatten(_ json: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object.mapValues { value in
            if let string = value as? String { return string }
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
