import Foundation

extension TenantAdmin {
    /// One plan as `tenantctl plan list` prints it.
    public struct PlanSummary: Sendable {
        public let id: String
        public let name: String
        public let seats: Int
        public let questions: Int
        public let retentionDays: Int
        public let monthlyPriceCents: Int
        public let tenants: Int
    }

    public func plans() async throws -> [PlanSummary] {
        try await operatorRows(
            """
            SELECT p.id, p.name, p.max_users, p.max_questions, p.audit_retention_days, p.monthly_price_cents,
                   (SELECT count(*) FROM tenants t WHERE t.plan_id = p.id)
              FROM plans p ORDER BY p.monthly_price_cents, p.id
            """,
            as: (String, String, Int, Int, Int, Int, Int).self
        ).map { PlanSummary(id: $0.0, name: $0.1, seats: $0.2, questions: $0.3, retentionDays: $0.4, monthlyPriceCents: $0.5, tenants: $0.6) }
    }

    /// Moves a tenant to another plan. A plan smaller than what the tenant uses is allowed (a downgrade), and the
    /// result says so; seats and questions are then refused until the tenant is back under the limits.
    public func setPlan(slug: String, plan: String) async throws -> (from: String, warnings: [String]) {
        let known = try await plans()
        guard let target = known.first(where: { $0.id == plan }) else {
            throw OperatorError.invalid("unknown plan '\(plan)'; choose one of: \(known.map(\.id).joined(separator: ", "))")
        }
        return try await withTenant(slug) { db, _ in
            let current = try await db.first("SELECT plan_id FROM tenants WHERE id = \(db.tenantID)", as: String.self) ?? ""
            guard current != plan else { throw OperatorError.invalid("tenant '\(slug)' is already on the \(plan) plan") }
            try await db.run("UPDATE tenants SET plan_id = \(plan), updated_at = now() WHERE id = \(db.tenantID)")
            let seats = try await SeatRepository().usage(at: Date(), in: db)
            let questions = try await BankRepository().questionAllowance(in: db)
            var warnings: [String] = []
            if seats.used > target.seats { warnings.append("\(seats.used) seats are taken and the plan has \(target.seats)") }
            if questions.used > target.questions { warnings.append("\(questions.used) questions are in use and the plan allows \(target.questions)") }
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
