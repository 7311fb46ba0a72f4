import Foundation

extension TenantAdmin {
    /// One plan as `tenantctl plan list` prints it.
    public struct PlanSummary: Sendable {
        public let id: String
        public let name: String
        public let limits: PlanSpec
        public let tenants: Int
    }

    /// A plan's name, limits, price and features; on update, nil keeps what is stored.
    public struct PlanSpec: Sendable {
        public var name: String?
        public var staffSeats: Int?
        public var candidates: Int?
        public var questions: Int?
        public var languages: Int?
        public var retentionDays: Int?
        public var monthlyPriceCents: Int?
        public var features: [PlanFeature]?

        public init(
            name: String? = nil,
            staffSeats: Int? = nil,
            candidates: Int? = nil,
            questions: Int? = nil,
            languages: Int? = nil,
            retentionDays: Int? = nil,
            monthlyPriceCents: Int? = nil,
            features: [PlanFeature]? = nil
        ) {
            self.name = name
            self.staffSeats = staffSeats
            self.candidates = candidates
            self.questions = questions
            self.languages = languages
            self.retentionDays = retentionDays
            self.monthlyPriceCents = monthlyPriceCents
            self.features = features
        }

        /// "10 staff seats, 500 candidates, 1000 questions, 10 languages, audit kept 365 days; exports, moodle_import".
        public var summary: String {
            let counts = "\(staffSeats ?? 0) staff seats, \(candidates ?? 0) candidates, \(questions ?? 0) questions, \(languages ?? 0) languages"
            let features = (features ?? []).map(\.rawValue).joined(separator: ", ")
            return "\(counts), audit kept \(retentionDays ?? 0) days; features: \(features.isEmpty ? "none" : features)"
        }
    }

    public func plans() async throws -> [PlanSummary] {
        try await operatorRows(
            """
            SELECT p.id, p.name, p.max_staff, p.max_candidates, p.max_questions, p.max_languages, p.audit_retention_days,
                   p.monthly_price_cents, p.features, (SELECT count(*) FROM tenants t WHERE t.plan_id = p.id)
              FROM plans p ORDER BY p.monthly_price_cents, p.id
            """,
            as: (String, String, Int, Int, Int, Int, Int, Int, [String], Int).self
        ).map {
            let spec = PlanSpec(
                name: $0.1,
                staffSeats: $0.2,
                candidates: $0.3,
                questions: $0.4,
                languages: $0.5,
                retentionDays: $0.6,
                monthlyPriceCents: $0.7,
                features: $0.8.compactMap(PlanFeature.init(rawValue:))
            )
            return PlanSummary(id: $0.0, name: $0.1, limits: spec, tenants: $0.9)
        }
    }

    /// Moves a tenant to another plan. A plan smaller than what the tenant uses is allowed (a downgrade); the result
    /// names each limit it is over, and the tenant is read-only until it is back under them.
    public func setPlan(slug: String, plan: String) async throws -> (from: String, warnings: [String]) {
        let known = try await plans()
        guard known.contains(where: { $0.id == plan }) else {
            throw OperatorError.invalid("unknown plan '\(plan)'; choose one of: \(known.map(\.id).joined(separator: ", "))")
        }
        return try await withTenant(slug) { db, _ in
            let current = try await db.first("SELECT plan_id FROM tenants WHERE id = \(db.tenantID)", as: String.self) ?? ""
            guard current != plan else { throw OperatorError.invalid("tenant '\(slug)' is already on the \(plan) plan") }
            try await db.run("UPDATE tenants SET plan_id = \(plan), updated_at = now() WHERE id = \(db.tenantID)")
            try await SubscriptionRepository().appendHistory(changedBy: actor, in: db)
            let warnings = try await PlanLimitsRepository().refreshOverLimit(at: Date(), in: db).filter(\.isOver).map(\.overSentence)
            try await record(
                .planChanged,
                targetType: "tenant",
                id: db.tenantID,
                label: slug,
                details: warnings.isEmpty ? [:] : ["over_limits": warnings.joined(separator: "; ")],
                before: ["plan": current],
                after: ["plan": plan],
                in: db
            )
            return (current, warnings)
        }
    }
}
