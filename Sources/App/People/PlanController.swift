import Foundation
import Hummingbird

/// "Plan and usage": each limit of the plan with how much is used, the plan's history from the audit log, and a
/// request for a bigger plan that reaches the platform operator's outbox.
public struct PlanController: Sendable, ServiceController {
    let services: AppServices

    public func addRoutes(to routes: PermittedRoutes) {
        routes.require(.managePeople)
            .get("admin/plan", use: self.show)
            .post("admin/plan/upgrade-request", use: self.requestUpgrade)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let now = self.now()
        let (seats, questions, facts, history) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (
                try await SeatRepository().usage(at: now, lock: false, in: db),
                try await BankRepository().questionAllowance(lock: false, in: db),
                try await OrganisationRepository().planFacts(in: db),
                try await OrganisationRepository().planHistory(in: db)
            )
        }
        func usage(_ label: String, _ used: Int, _ limit: Int) -> UsageView {
            UsageView(label: label, used: used, limit: limit, text: "\(used) of \(limit)", high: SeatUsage.nearLimit(used, limit))
        }
        let model = PlanPage(
            chrome: Chrome(title: "Plan and usage", context: context, section: "people"),
            notice: request.notice(.upgradeRequested)?.message,
            plan: seats.plan,
            price: String(format: "%.2f a month", Double(facts.monthlyPriceCents) / 100),
            usage: [
                usage("Seats (people and open invitations)", seats.used, seats.limit),
                usage("Questions (not archived)", questions.used, questions.limit),
            ],
            facts: [
                LabelledValue(label: "Audit log kept for", value: "\(facts.retentionDays) days"),
                LabelledValue(label: "Languages in use", value: String(facts.languages)),
            ],
            warning: seats.warning,
            history: history.map { at, before, after, actor in
                LabelledValue(
                    label: UTCFormat.day.string(from: at),
                    value: before.isEmpty ? "Started on the plan by \(actor)" : "\(before) → \(after), by \(actor)"
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

struct UsageView {
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
    let warning: String?
    let history: [LabelledValue]
    let upgradeAction: String
    let csrfToken: String
}
