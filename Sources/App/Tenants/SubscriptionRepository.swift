import Foundation

/// One row of a tenant's plan and subscription history.
public struct SubscriptionChange: Sendable {
    public let at: Date
    public let plan: String
    public let state: Subscription.State
    public let endsAt: Date?
    public let by: String
}

/// The tenant's subscription history: each change of plan or state, kept for as long as the tenant.
public struct SubscriptionRepository: Sendable {
    public init() {}

    /// Appends the tenant's current plan and state to its history (the operator's changes call this).
    public func appendHistory(changedBy: String, in db: TenantConnection) async throws {
        try await db.run(
            """
            INSERT INTO subscription_history (tenant_id, plan_id, subscription, ends_at, changed_by)
            SELECT t.id, t.plan_id, t.subscription,
                   CASE t.subscription WHEN 'trialing' THEN t.trial_ends_at WHEN 'past_due' THEN t.grace_ends_at
                                       WHEN 'active' THEN t.renews_at END, \(changedBy)
              FROM tenants t WHERE t.id = \(db.tenantID)
            """
        )
    }

    /// The history, newest first (at most `limit` rows).
    public func history(limit: Int = 50, in db: TenantConnection) async throws -> [SubscriptionChange] {
        try await db.all(
            """
            SELECT h.changed_at, p.name, h.subscription, h.ends_at, h.changed_by
              FROM subscription_history h JOIN plans p ON p.id = h.plan_id
             WHERE h.tenant_id = \(db.tenantID) ORDER BY h.id DESC LIMIT \(limit)
            """,
            as: (Date, String, String, Date?, String).self
        ).map { SubscriptionChange(at: $0.0, plan: $0.1, state: Subscription.State(rawValue: $0.2) ?? .active, endsAt: $0.3, by: $0.4) }
    }
}
