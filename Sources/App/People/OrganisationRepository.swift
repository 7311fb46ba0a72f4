import Foundation

/// The tenant's own row as its admins change it: name, invitation lifetime, and the plan facts its pages show.
public struct OrganisationRepository: Sendable {
    public init() {}

    /// How many days a new invitation link works.
    public func invitationDays(in db: TenantConnection) async throws -> Int {
        try await db.first("SELECT invitation_days FROM tenants WHERE id = \(db.tenantID)", as: Int.self) ?? 7
    }

    /// Saves the name and invitation lifetime and appends the change (before and after) to the audit log, in the
    /// caller's transaction; saving what is already stored writes nothing.
    public func saveSettings(name: String, invitationDays days: Int, source: AuditSource, in db: TenantConnection) async throws {
        guard
            let before = try await db.first(
                "SELECT name, invitation_days FROM tenants WHERE id = \(db.tenantID) FOR NO KEY UPDATE",
                as: (String, Int).self
            ), before != (name, days)
        else { return }
        try await db.run("UPDATE tenants SET name = \(name), invitation_days = \(days), updated_at = now() WHERE id = \(db.tenantID)")
        let event = source.event(
            .settingsChanged,
            targetType: "tenant",
            targetID: db.tenantID,
            targetLabel: name,
            before: ["name": before.0, "invitation_days": String(before.1)],
            after: ["name": name, "invitation_days": String(days)]
        )
        try await AuditLog().record(event, in: db)
    }

    /// The plan's audit retention and monthly price, and how many languages the tenant uses.
    public func planFacts(in db: TenantConnection) async throws -> (retentionDays: Int, monthlyPriceCents: Int, languages: Int) {
        let row = try await db.first(
            """
            SELECT p.audit_retention_days, p.monthly_price_cents, cardinality(t.languages)
              FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)
            """,
            as: (Int, Int, Int).self
        )
        guard let row else { throw AppError.notFound }
        return (row.0, row.1, row.2)
    }

    /// The tenant's plans over time, newest first, from the audit log: when, from, to (empty "from" for the plan it
    /// started on) and who changed it.
    public func planHistory(in db: TenantConnection) async throws -> [(at: Date, from: String, to: String, by: String)] {
        try await db.all(
            """
            SELECT occurred_at, coalesce(before->>'plan', ''), coalesce(after->>'plan', ''), actor_label FROM audit_events
             WHERE tenant_id = \(db.tenantID) AND action IN ('tenant.plan_changed', 'tenant.created') ORDER BY seq DESC LIMIT 20
            """,
            as: (Date, String, String, String).self
        ).map { ($0.0, $0.1, $0.2, $0.3) }
    }
}
