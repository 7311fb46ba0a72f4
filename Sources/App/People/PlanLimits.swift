import Foundation

/// What a plan may include besides its limits.
public enum PlanFeature: String, Sendable, CaseIterable {
    case twoFactorEnforcement = "two_factor_enforcement"
    case exports
    case moodleImport = "moodle_import"

    public var label: String {
        switch self {
        case .twoFactorEnforcement: "Requiring two-factor authentication by role"
        case .exports: "Exports of the audit log and the question bank"
        case .moodleImport: "Moodle XML import"
        }
    }

    /// The sentence that refuses the feature on a plan without it.
    public func refusal(plan: String) -> String {
        "\(label) is not part of the \(plan) plan. Request a plan that includes it from Plan and usage."
    }
}

/// One limit of the plan and how much of it the tenant uses.
public struct PlanLimit: Sendable, Equatable {
    public let label: String
    public let used: Int
    public let limit: Int

    public var isOver: Bool { used > limit }

    /// "12 staff seats are in use and the plan allows 10".
    public var overSentence: String { "\(used) \(label.lowercased()) are in use and the plan allows \(limit)" }
}

/// Every limit of the tenant's plan at once, its features, and the over-limit state that makes a tenant read-only.
public struct PlanLimitsRepository: Sendable {
    public init() {}

    /// Staff seats, candidates, questions and languages, each with its use, in that order.
    public func limits(at now: Date, in db: TenantConnection) async throws -> [PlanLimit] {
        let seats = try await SeatRepository().usage(at: now, lock: false, in: db)
        let questions = try await BankRepository().questionAllowance(lock: false, in: db)
        let languages = try await db.first(
            """
            SELECT cardinality(t.languages), p.max_languages FROM tenants t JOIN plans p ON p.id = t.plan_id
             WHERE t.id = \(db.tenantID)
            """,
            as: (Int, Int).self
        )
        guard let languages else { throw AppError.notFound }
        return [
            PlanLimit(label: "Staff seats", used: seats.staff.used, limit: seats.staff.limit),
            PlanLimit(label: "Candidates", used: seats.candidates.used, limit: seats.candidates.limit),
            PlanLimit(label: "Questions", used: questions.used, limit: questions.limit),
            PlanLimit(label: "Languages", used: languages.0, limit: languages.1),
        ]
    }

    /// The plan's features, as stored.
    public func features(in db: TenantConnection) async throws -> Set<PlanFeature> {
        let names =
            try await db.first("SELECT p.features FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)", as: [String].self)
            ?? []
        return Set(names.compactMap(PlanFeature.init(rawValue:)))
    }

    /// Throws a clear refusal unless the plan includes `feature`.
    public func require(_ feature: PlanFeature, plan: String, in db: TenantConnection) async throws {
        guard try await features(in: db).contains(feature) else { throw AppError.forbidden(feature.refusal(plan: plan)) }
    }

    /// Records the first limit the tenant is over (keeping the date it first went over) or clears the record once it is
    /// under every limit, in the caller's transaction; returns every limit as counted. Called after a plan change and
    /// when the plan page is shown.
    @discardableResult
    public func refreshOverLimit(at now: Date, in db: TenantConnection) async throws -> [PlanLimit] {
        let all = try await limits(at: now, in: db)
        let over = all.first(where: \.isOver)
        try await db.run(
            """
            UPDATE tenants SET over_limit = \(over?.overSentence),
                   over_limit_since = CASE WHEN \(over == nil) THEN NULL ELSE coalesce(over_limit_since, \(now)) END
             WHERE id = \(db.tenantID) AND over_limit IS DISTINCT FROM \(over?.overSentence)
            """
        )
        return all
    }

    /// After a fix (deactivating someone, revoking an invitation, archiving, removing a language): a fix can only
    /// bring the tenant back under its limits, so the limits are counted again only while it is recorded as over.
    public func clearOverLimitIfFixed(at now: Date, in db: TenantConnection) async throws {
        let over = try await db.first("SELECT over_limit IS NOT NULL FROM tenants WHERE id = \(db.tenantID)", as: Bool.self)
        guard over == true else { return }
        try await refreshOverLimit(at: now, in: db)
    }
}
