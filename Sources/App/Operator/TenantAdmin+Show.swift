import Foundation

extension TenantAdmin {
    /// Every fact `tenant show` prints, as label and value pairs; looking is itself audited.
    public func show(slug: String) async throws -> [(String, String)] {
        try await withTenant(slug) { db, _ in
            let row = try await db.first(
                """
                SELECT t.id, t.slug, t.name, t.status, coalesce(t.status_reason, ''), p.name, p.max_staff,
                       t.session_idle_minutes, t.session_absolute_minutes, t.lockout_threshold, t.lockout_minutes,
                       array_to_string(t.languages, ', '), to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
                       (SELECT count(*) FROM users u WHERE u.tenant_id = t.id),
                       (SELECT count(*) FROM sessions s WHERE s.tenant_id = t.id AND s.revoked_at IS NULL AND s.expires_at > now()),
                       (SELECT count(*) FROM audit_events a WHERE a.tenant_id = t.id),
                       (SELECT count(*) FROM questions q WHERE q.tenant_id = t.id AND q.status <> 'archived'),
                       t.subscription || coalesce(' until ' || to_char(coalesce(t.trial_ends_at, t.grace_ends_at, t.renews_at)
                                                                       AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ''),
                       coalesce(t.over_limit, '')
                  FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)
                """,
                as: (UUID, String, String, String, String, String, Int, Int, Int, Int, Int, String, String, Int, Int, Int, Int, String, String).self
            )
            guard let row else { throw OperatorError.invalid("no tenant has slug '\(slug)'") }
            let owners = try await db.all(
                "SELECT email FROM users WHERE tenant_id = \(db.tenantID) AND role = 'owner' ORDER BY email",
                as: String.self
            )
            try await record(.tenantViewed, targetType: "tenant", id: db.tenantID, label: slug, in: db)
            var facts: [(String, String)] = [("id", row.0.lowercasedString), ("slug", row.1), ("name", row.2), ("status", row.3)]
            if !row.4.isEmpty { facts.append(("status reason", row.4)) }
            facts += [
                ("plan", "\(row.5) (up to \(row.6) staff seats)"), ("subscription", row.17),
                ("over a limit", row.18.isEmpty ? "no" : row.18), ("owners", owners.joined(separator: ", ")),
                ("users", String(row.13)), ("live sessions", String(row.14)), ("audit events", String(row.15)),
                ("questions", String(row.16)), ("session idle / absolute", "\(row.7) min / \(row.8) min"),
                ("lockout", "after \(row.9) failures for \(row.10) min"), ("languages", row.11), ("created", row.12),
            ]
            return facts
        }
    }
}
