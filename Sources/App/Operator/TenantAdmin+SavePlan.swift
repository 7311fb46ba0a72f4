import Foundation

extension TenantAdmin {
    /// Creates an operator-defined plan, or (with `update`) changes an existing one; every limit is required on create.
    /// After an update, each tenant on the plan is checked again: a smaller limit can make it read-only.
    public func savePlan(id: String, _ spec: PlanSpec, update: Bool) async throws -> PlanSummary {
        guard id.range(of: "^[a-z][a-z0-9_-]{1,30}$", options: .regularExpression) != nil else {
            throw OperatorError.invalid("plan id '\(id)' must be 2-31 lowercase letters, digits, hyphens or underscores, starting with a letter")
        }
        for (label, value, range) in [
            ("--staff-seats", spec.staffSeats, 1...1_000_000), ("--candidates", spec.candidates, 1...10_000_000),
            ("--questions", spec.questions, 1...10_000_000), ("--languages", spec.languages, 1...100),
            ("--retention-days", spec.retentionDays, 1...36_500), ("--monthly-price-cents", spec.monthlyPriceCents, 0...100_000_000),
        ] {
            if let value, !range.contains(value) { throw OperatorError.invalid("\(label) must be from \(range.lowerBound) to \(range.upperBound)") }
        }
        if let name = spec.name, !(1...100).contains(name.trimmingCharacters(in: .whitespaces).count) {
            throw OperatorError.invalid("--name must be 1-100 characters")
        }
        let features = spec.features.map { $0.map(\.rawValue) }
        let existing = try await plans().first { $0.id == id }
        if update {
            guard existing != nil else { throw OperatorError.invalid("no plan has id '\(id)'; `tenantctl plan list` shows them") }
            try await operatorRows(
                """
                UPDATE plans SET name = coalesce(\(spec.name), name), max_staff = coalesce(\(spec.staffSeats), max_staff),
                       max_candidates = coalesce(\(spec.candidates), max_candidates),
                       max_questions = coalesce(\(spec.questions), max_questions),
                       max_languages = coalesce(\(spec.languages), max_languages),
                       audit_retention_days = coalesce(\(spec.retentionDays), audit_retention_days),
                       monthly_price_cents = coalesce(\(spec.monthlyPriceCents), monthly_price_cents),
                       features = coalesce(\(features), features)
                 WHERE id = \(id) RETURNING 1
                """,
                as: Int.self
            )
            for slug in try await operatorRows("SELECT slug FROM tenants WHERE plan_id = \(id) AND status <> 'deleted'", as: String.self) {
                try await withTenant(slug) { db, _ in try await PlanLimitsRepository().refreshOverLimit(at: Date(), in: db) }
            }
        } else {
            guard existing == nil else { throw OperatorError.invalid("a plan with id '\(id)' already exists; use `tenantctl plan update`") }
            guard let name = spec.name, let staff = spec.staffSeats, let candidates = spec.candidates, let questions = spec.questions,
                let languages = spec.languages, let retention = spec.retentionDays
            else {
                throw OperatorError.invalid(
                    "a new plan needs --name, --staff-seats, --candidates, --questions, --languages and --retention-days"
                )
            }
            try await operatorRows(
                """
                INSERT INTO plans (id, name, max_staff, max_candidates, max_questions, max_languages, audit_retention_days,
                                   monthly_price_cents, features)
                VALUES (\(id), \(name), \(staff), \(candidates), \(questions), \(languages), \(retention), \(spec.monthlyPriceCents ?? 0),
                        \(features ?? [])) RETURNING 1
                """,
                as: Int.self
            )
        }
        guard let saved = try await plans().first(where: { $0.id == id }) else { throw OperatorError.invalid("plan '\(id)' was not saved") }
        return saved
    }
}
