import Foundation
import NIOCore

extension TenantAdmin {
    /// Verifies one tenant's chain, records the result for the admin badge, and audits the check.
    public func verifyAudit(slug: String) async throws -> ChainVerification {
        try await withTenant(slug) { db, _ in
            let result = try await AuditRepository().verify(verifiedBy: actor, in: db)
            // Appending to a broken chain hides nothing, and keeps the record of the check itself.
            try await record(.auditVerified, targetType: "audit_log", id: db.tenantID, label: slug, details: ["result": result.summary], in: db)
            return result
        }
    }

    /// Seals one tenant's committed audit events now, as coach-server does in the background; returns how many.
    public func sealAudit(slug: String) async throws -> Int {
        try await withTenant(slug) { db, _ in try await AuditSealer.sealAll(in: db) }
    }

    /// The result of pruning one tenant.
    public struct PruneResult: Sendable {
        public let slug: String
        public let removed: Int
        public let checkpointSeq: Int64?
    }

    /// Removes events older than each tenant's plan retention and records a checkpoint so the rest still verifies.
    public func pruneAudit(slug: String? = nil, now: Date = Date()) async throws -> [PruneResult] {
        var slugs = slug.map { [$0] } ?? []
        if slug == nil { slugs = try await operatorRows("SELECT slug FROM tenants ORDER BY slug", as: String.self) }
        var results: [PruneResult] = []
        for slug in slugs {
            results.append(try await prune(slug, now: now))
        }
        return results
    }

    private func prune(_ slug: String, now: Date) async throws -> PruneResult {
        try await withTenant(slug) { db, _ in
            // Only sealed events have a seq to prune up to; seal what is committed first.
            try await AuditSealer.sealAll(in: db)
            try await db.run("SELECT set_config('app.audit_prune', 'on', true)")
            let days =
                try await db.first(
                    "SELECT p.audit_retention_days FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)",
                    as: Int.self
                ) ?? 365
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            let last = try await db.first(
                """
                SELECT seq, hash FROM audit_events
                 WHERE tenant_id = \(db.tenantID)
                   AND seq = (SELECT max(seq) FROM audit_events WHERE tenant_id = \(db.tenantID) AND occurred_at < \(cutoff))
                """,
                as: (Int64, ByteBuffer).self
            )
            guard let (seq, hash) = last else { return PruneResult(slug: slug, removed: 0, checkpointSeq: nil) }
            let removed = try await db.count("DELETE FROM audit_events WHERE tenant_id = \(db.tenantID) AND seq <= \(seq) RETURNING 1")
            try await db.run(
                """
                INSERT INTO audit_checkpoints (tenant_id, last_seq, last_hash, pruned_before, events_removed)
                VALUES (\(db.tenantID), \(seq), \(hash), \(cutoff), \(removed))
                """
            )
            let details = ["removed": String(removed), "up_to_seq": String(seq), "retention_days": String(days)]
            try await record(.auditPruned, targetType: "audit_log", id: db.tenantID, label: slug, details: details, in: db)
            return PruneResult(slug: slug, removed: removed, checkpointSeq: seq)
        }
    }
}
