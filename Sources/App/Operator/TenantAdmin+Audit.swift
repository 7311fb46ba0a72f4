import Foundation

/// The result of walking a tenant's audit chain.
public struct ChainVerification: Sendable, Equatable {
    public let intact: Bool
    public let checkedUpTo: Int64
    public let firstBroken: Int64?
    public let problem: String?

    public init(intact: Bool, checkedUpTo: Int64, firstBroken: Int64?, problem: String?) {
        self.intact = intact
        self.checkedUpTo = checkedUpTo
        self.firstBroken = firstBroken
        self.problem = problem
    }

    /// "chain intact up to seq N" or where it breaks.
    public var summary: String {
        intact ? "chain intact up to seq \(checkedUpTo)" : "chain broken at seq \(firstBroken ?? 0): \(problem ?? "unknown problem")"
    }
}

extension TenantAdmin {
    /// Verifies one tenant's chain, records the result for the admin badge, and audits the check.
    public func verifyAudit(slug: String) throws -> ChainVerification {
        try connection.transaction {
            let tenant = try find(slug)
            try setTenant(tenant.id)
            let row = try connection.query("SELECT intact, checked_up_to, first_broken, problem FROM audit_verify_chain($1)", [tenant.id])[0]
            let result = ChainVerification(
                intact: row[0] == "t",
                checkedUpTo: Int64(row[1] ?? "0") ?? 0,
                firstBroken: row[2].flatMap { Int64($0) },
                problem: row[3]
            )
            try connection.query(
                """
                INSERT INTO audit_verifications (tenant_id, intact, checked_up_to, first_broken, problem, verified_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [tenant.id, result.intact ? "t" : "f", String(result.checkedUpTo), result.firstBroken.map(String.init), result.problem, actor]
            )
            // Appending to a broken chain would hide nothing, but keep the record of the check itself.
            try audit(
                tenantID: tenant.id,
                action: .auditVerified,
                targetType: "audit_log",
                targetID: tenant.id,
                targetLabel: slug,
                details: ["result": result.summary]
            )
            return result
        }
    }

    /// The result of pruning one tenant.
    public struct PruneResult: Sendable {
        public let slug: String
        public let removed: Int
        public let checkpointSeq: Int64?
    }

    /// Removes events older than each tenant's plan retention and records a checkpoint so the rest still verifies.
    public func pruneAudit(slug: String? = nil, now: Date = Date()) throws -> [PruneResult] {
        let slugs = try slug.map { [$0] } ?? connection.query("SELECT slug FROM tenants ORDER BY slug").map { try $0.text(0) }
        return try slugs.map { slug in
            try connection.transaction {
                let tenant = try find(slug)
                try setTenant(tenant.id)
                try connection.query("SELECT set_config('app.audit_prune', 'on', true)")
                let days = Int(
                    try connection.query(
                        "SELECT p.audit_retention_days FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1",
                        [tenant.id]
                    ).firstText()
                )!
                let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
                let cutoffText = String(format: "%.6f", cutoff.timeIntervalSince1970)
                let last = try connection.query(
                    """
                    SELECT seq, encode(hash, 'hex') FROM audit_events
                     WHERE tenant_id = $1 AND seq = (SELECT max(seq) FROM audit_events WHERE tenant_id = $1 AND occurred_at < to_timestamp($2::double precision))
                    """,
                    [tenant.id, cutoffText]
                )
                guard let row = last.first, let seq = row[0] else { return PruneResult(slug: slug, removed: 0, checkpointSeq: nil) }
                let removed = try connection.query("DELETE FROM audit_events WHERE tenant_id = $1 AND seq <= $2 RETURNING 1", [tenant.id, seq]).count
                try connection.query(
                    """
                    INSERT INTO audit_checkpoints (tenant_id, last_seq, last_hash, pruned_before, events_removed)
                    VALUES ($1, $2, decode($3, 'hex'), to_timestamp($4::double precision), $5)
                    """,
                    [tenant.id, seq, row[1], cutoffText, String(removed)]
                )
                try audit(
                    tenantID: tenant.id,
                    action: .auditPruned,
                    targetType: "audit_log",
                    targetID: tenant.id,
                    targetLabel: slug,
                    details: ["removed": String(removed), "up_to_seq": seq, "retention_days": String(days)]
                )
                return PruneResult(slug: slug, removed: removed, checkpointSeq: Int64(seq))
            }
        }
    }
}
