import Foundation

/// The tenant's own row as its admins change it: name, invitation lifetime, and the plan facts its pages show.
public struct OrganisationRepository: Sendable {
    public init() {}

    /// How many days a new invitation link works.
    public func invitationDays(in db: TenantConnection) async throws -> Int {
        try await db.first("SELECT invitation_days FROM tenants WHERE id = \(db.tenantID)", as: Int.self) ?? 7
    }

    /// Who candidates see on the leaderboard: nobody (off), pseudonyms only, or names of those who choose to show them.
    public enum Leaderboard: String, Sendable, CaseIterable {
        case off, pseudonyms, names

        public var label: String {
            switch self {
            case .off: "No leaderboard"
            case .pseudonyms: "Candidates who opt in, shown by pseudonym"
            case .names: "Candidates who opt in, by pseudonym unless they choose to show their name"
            }
        }
    }

    /// How long invitation links work and the leaderboard's visibility.
    public func settings(in db: TenantConnection) async throws -> (invitationDays: Int, leaderboard: Leaderboard) {
        let row = try await db.first(OrganisationSettingsStatement(bindings: .init(db.tenantID)), as: (Int, String).self)
        return (row?.0 ?? 7, row.flatMap { Leaderboard(rawValue: $0.1) } ?? .pseudonyms)
    }

    /// Saves the name, invitation lifetime and leaderboard and appends the change (before and after) to the audit log,
    /// in the caller's transaction; saving what is already stored writes nothing.
    public func saveSettings(
        name: String,
        invitationDays days: Int,
        leaderboard: Leaderboard,
        source: AuditSource,
        in db: TenantConnection
    ) async throws {
        guard
            let before = try await db.first(
                "SELECT name, invitation_days, leaderboard FROM tenants WHERE id = \(db.tenantID) FOR NO KEY UPDATE",
                as: (String, Int, String).self
            ), before != (name, days, leaderboard.rawValue)
        else { return }
        try await db.run(
            """
            UPDATE tenants SET name = \(name), invitation_days = \(days), leaderboard = \(leaderboard.rawValue), updated_at = now()
             WHERE id = \(db.tenantID)
            """
        )
        let event = source.event(
            .settingsChanged,
            targetType: "tenant",
            targetID: db.tenantID,
            targetLabel: name,
            before: ["name": before.0, "invitation_days": String(before.1), "leaderboard": before.2],
            after: ["name": name, "invitation_days": String(days), "leaderboard": leaderboard.rawValue]
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
}
