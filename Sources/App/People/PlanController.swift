import Foundation
import Hummingbird

/// "Plan and usage": each limit of the plan with how much is used, the plan's history from the audit log, and a
/// request for a bigger plan that reaches the platform operator's outbox.
public struct PlanController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let now = self.now()
        let (limits, features, facts, history) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            // Invitations that expired since the last change may have brought the tenant back under its limits.
            (
                try await PlanLimitsRepository().refreshOverLimit(at: now, in: db),
                try await PlanLimitsRepository().features(in: db),
                try await OrganisationRepository().planFacts(in: db),
                try await SubscriptionRepository().history(in: db)
            )
        }
        let subscription = context.tenant.subscription
        let day = UTCFormat.day
        var dates: [LabelledValue] = [LabelledValue(label: "Subscription", value: subscription.state.label)]
        if let end = subscription.trialEndsAt { dates.append(LabelledValue(label: "Trial ends", value: day.string(from: end))) }
        if let end = subscription.graceEndsAt { dates.append(LabelledValue(label: "Grace period ends", value: day.string(from: end))) }
        if let renews = subscription.renewsAt { dates.append(LabelledValue(label: "Renews", value: day.string(from: renews))) }
        let model = PlanPage(
            chrome: Chrome(title: "Plan and usage", context: context, section: "people"),
            notice: request.notice(.upgradeRequested)?.message,
            plan: subscription.plan,
            price: String(format: "%.2f a month", Double(facts.monthlyPriceCents) / 100),
            usage: limits.map {
                UsageView(
                    label: $0.label,
                    used: $0.used,
                    limit: $0.limit,
                    text: "\($0.used) of \($0.limit)",
                    high: SeatUsage.nearLimit($0.used, $0.limit)
                )
            },
            facts: dates + [LabelledValue(label: "Audit log kept for", value: "\(facts.retentionDays) days")],
            features: PlanFeature.allCases.map { LabelledValue(label: $0.label, value: features.contains($0) ? "Included" : "Not included") },
            warning: limits.first(where: \.isOver).map { "Over the plan: \($0.overSentence)." }
                ?? limits.first(where: { SeatUsage.nearLimit($0.used, $0.limit) }).map { "\($0.label): \($0.used) of \($0.limit) used." },
            history: history.map { change in
                let until = change.endsAt.map { " until \(day.string(from: $0))" } ?? ""
                return LabelledValue(
                    label: day.string(from: change.at),
                    value: "\(change.plan), \(change.state.label.lowercased())\(until) (by \(change.by))"
                )
            },
            upgradeAction: TenantPage.upgradeRequest.href(context.tenant.slug),
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    @Sendable func requestUpgrade(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let message = String((form["message"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000))
        let source = context.auditSource(request)
        let tenant = context.tenant
        let user = context.user
        let outbox = services.outbox
        let id = try await database.withTenant(tenant.id, logger: context.logger) { db in
            let body = """
                \(user.name) (\(user.email), \(user.role.label.lowercased())) asks for a bigger plan for \(tenant.name) (\(tenant.slug)).

                \(message.isEmpty ? "(no message)" : message)
                """
            let id = try await outbox.enqueue(
                kind: "upgrade_request",
                to: "operator",
                subject: "Upgrade request from \(tenant.name)",
                body: body,
                in: db
            )
            let event = source.event(
                .upgradeRequested,
                targetType: "tenant",
                targetID: tenant.id,
                targetLabel: tenant.name,
                details: ["message": message]
            )
            try await AuditLog().record(event, in: db)
            return id
        }
        try await outbox.deliver(id, database: database, tenantID: tenant.id, logger: context.logger)
        return .seeOther(.plan, tenant.slug, notice: .upgradeRequested)
    }
}

struct UsageView: Encodable {
    let label: String
    let used: Int
    let limit: Int
    let text: String
    /// 80 % or more of the limit is used.
    let high: Bool
}

struct PlanPage: Page {
    static let template = "people/plan"
    let chrome: Chrome
    let notice: String?
    let plan: String
    let price: String
    let usage: [UsageView]
    let facts: [LabelledValue]
    let features: [LabelledValue]
    let warning: String?
    let history: [LabelledValue]
    let upgradeAction: String
    let csrfToken: String
}
