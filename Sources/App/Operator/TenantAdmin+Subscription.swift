import Foundation

extension TenantAdmin {
    /// Sets a tenant's subscription state. `until` is the trial's end (trialing, required), the grace period's end
    /// (past_due, required) or the next renewal (active, optional); suspended and canceled take none. The change goes
    /// into the subscription history and the audit log in one transaction.
    public func setSubscription(slug: String, state: Subscription.State, until: Date?, now: Date = Date()) async throws -> Subscription.State {
        switch state {
        case .trialing, .pastDue:
            guard let until else {
                throw OperatorError.invalid(
                    "--until is required for \(state.rawValue): the \(state == .trialing ? "trial's" : "grace period's") last day"
                )
            }
            guard until > now else { throw OperatorError.invalid("--until must be in the future") }
        case .suspended, .canceled:
            guard until == nil else { throw OperatorError.invalid("--until does not apply to \(state.rawValue)") }
        case .active:
            break
        }
        return try await withTenant(slug) { db, _ in
            guard let before = try await db.first("SELECT subscription FROM tenants WHERE id = \(db.tenantID)", as: String.self) else {
                throw OperatorError.invalid("no tenant has slug '\(slug)'")
            }
            try await db.run(
                """
                UPDATE tenants SET subscription = \(state.rawValue), subscription_since = \(now),
                       trial_ends_at = \(state == .trialing ? until : nil), grace_ends_at = \(state == .pastDue ? until : nil),
                       renews_at = \(state == .active ? until : nil), updated_at = now()
                 WHERE id = \(db.tenantID)
                """
            )
            try await SubscriptionRepository().appendHistory(changedBy: actor, in: db)
            var after = ["subscription": state.rawValue]
            if let until { after["until"] = UTCFormat.day.string(from: until) }
            try await record(
                .subscriptionChanged,
                targetType: "tenant",
                id: db.tenantID,
                label: slug,
                before: ["subscription": before],
                after: after,
                in: db
            )
            return Subscription.State(rawValue: before) ?? .active
        }
    }
}
