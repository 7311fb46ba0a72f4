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

extension TenantAdmin {
    /// Creates an operator-defined plan, or (with `update`) changes the limits of an existing one; a limit left nil
    /// keeps its value on update and is required on create.
    public func savePlan(
        id: String,
        name: String?,
        seats: Int?,
        questions: Int?,
        retentionDays: Int?,
        monthlyPriceCents: Int?,
        update: Bool
    ) async throws -> PlanSummary {
        guard id.range(of: "^[a-z][a-z0-9_-]{1,30}$", options: .regularExpression) != nil else {
            throw OperatorError.invalid("plan id '\(id)' must be 2-31 lowercase letters, digits, hyphens or underscores, starting with a letter")
        }
        for (label, value, range) in [
            ("--seats", seats, 1...1_000_000), ("--questions", questions, 1...10_000_000), ("--retention-days", retentionDays, 1...36_500),
            ("--monthly-price-cents", monthlyPriceCents, 0...100_000_000),
        ] {
            if let value, !range.contains(value) { throw OperatorError.invalid("\(label) must be from \(range.lowerBound) to \(range.upperBound)") }
        }
        if let name, !(1...100).contains(name.trimmingCharacters(in: .whitespaces).count) {
            throw OperatorError.invalid("--name must be 1-100 characters")
        }
        let existing = try await plans().first { $0.id == id }
        if update {
            guard existing != nil else { throw OperatorError.invalid("no plan has id '\(id)'; `tenantctl plan list` shows them") }
            try await operatorRows(
                """
                UPDATE plans SET name = coalesce(\(name), name), max_users = coalesce(\(seats), max_users),
                       max_questions = coalesce(\(questions), max_questions),
                       audit_retention_days = coalesce(\(retentionDays), audit_retention_days),
                       monthly_price_cents = coalesce(\(monthlyPriceCents), monthly_price_cents)
                 WHERE id = \(id) RETURNING 1
                """,
                as: Int.self
            )
        } else {
            guard existing == nil else { throw OperatorError.invalid("a plan with id '\(id)' already exists; use `tenantctl plan update`") }
            guard let name, let seats, let questions, let retentionDays else {
                throw OperatorError.invalid("a new plan needs --name, --seats, --questions and --retention-days")
            }
            try await operatorRows(
                """
                INSERT INTO plans (id, name, max_users, max_questions, audit_retention_days, monthly_price_cents)
                VALUES (\(id), \(name), \(seats), \(questions), \(retentionDays), \(monthlyPriceCents ?? 0)) RETURNING 1
                """,
                as: Int.self
            )
        }
        guard let saved = try await plans().first(where: { $0.id == id }) else { throw OperatorError.invalid("plan '\(id)' was not saved") }
        return saved
    }
}
