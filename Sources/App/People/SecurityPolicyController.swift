import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The tenant's security policy: 2FA by role with a grace period, session lifetimes and brute-force limits.
public struct SecurityPolicyController: Sendable, ServiceController {
    let services: AppServices
    let users = UserRepository()
    let sessions = SessionRepository()

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let policy = context.identity.policy
        return try render(
            context,
            fields: Self.fields(policy),
            roles: Set(policy.require2FARoles),
            problems: [],
            notice: request.notice(.saved)?.message,
            status: .ok
        )
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        var fields = Self.fields(context.identity.policy)
        var values: [String: Int] = [:]
        var problems: [String] = []
        for index in fields.indices {
            let raw = (form[fields[index].name] ?? "").trimmingCharacters(in: .whitespaces)
            fields[index].value = raw
            if let number = Int(raw), (fields[index].min...fields[index].max).contains(number) {
                values[fields[index].name] = number
            } else {
                fields[index].problem = "“\(fields[index].label)” must be a whole number from \(fields[index].min) to \(fields[index].max)."
            }
        }
        let roles = Set(Role.allCases.filter { form["require_\($0.rawValue)"] == "on" })
        if let idle = values["idle_minutes"], let absolute = values["absolute_minutes"], idle > absolute,
            let index = fields.firstIndex(where: { $0.name == "idle_minutes" })
        {
            fields[index].problem = "The inactivity limit cannot be longer than the longest session."
        }
        problems.append(contentsOf: fields.compactMap(\.problem))
        guard problems.isEmpty else {
            return try render(context, fields: fields, roles: roles, problems: problems, notice: nil, status: .unprocessableContent)
        }

        let old = context.identity.policy
        let rolesChanged = Set(old.require2FARoles) != roles
        let added = roles.subtracting(old.require2FARoles)
        if !added.isEmpty {
            let plan = context.tenant.subscription.plan
            try await database.withTenant(context.tenant.id, logger: context.logger) { db in
                try await PlanLimitsRepository().require(.twoFactorEnforcement, plan: plan, in: db)
            }
            if roles.contains(context.user.role), !context.user.totpEnabled, values["grace_days"] == 0 {
                let problem =
                    "You have not set up two-factor authentication yourself, so a grace period of 0 days would send you to enrolment "
                    + "at once. Set it up first under Your security, or give at least one day."
                return try render(context, fields: fields, roles: roles, problems: [problem], notice: nil, status: .unprocessableContent)
            }
            let affected = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
                try await users.withoutTwoFactor(roles: added, in: db)
            }
            let confirmation = "\(added.map(\.rawValue).sorted().joined(separator: ",")):\(affected.count)"
            if !affected.isEmpty, form["affected_confirmed"] != confirmation {
                let names = affected.prefix(10).joined(separator: ", ") + (affected.count > 10 ? " and \(affected.count - 10) more" : "")
                let problem =
                    "Requiring two-factor for \(added.map(\.label).sorted().joined(separator: ", ")) affects "
                    + (affected.count == 1 ? "1 person who has" : "\(affected.count) people who have")
                    + " not set it up: \(names). They must enrol within the grace period (\(values["grace_days"] ?? 0) days). "
                    + "Save again to confirm."
                return try render(
                    context,
                    fields: fields,
                    roles: roles,
                    problems: [problem],
                    notice: nil,
                    status: .unprocessableContent,
                    affectedConfirmation: confirmation
                )
            }
        }
        let tenantID = context.tenant.id
        let now = self.now()
        // Weakening sign-in security needs the person again, as turning off 2FA does; the form keeps what they typed.
        let weaker = Self.weakenings(from: old, to: values, roles: roles)
        let secret = (form["confirm_secret"] ?? "").trimmingCharacters(in: .whitespaces)
        let needsStepUp = !weaker.isEmpty && !StepUp.isFresh(context.identity, now: now)
        if needsStepUp && secret.isEmpty {
            let how = context.user.totpEnabled ? "your password or a current authenticator code" : "your password"
            let problem =
                "These changes weaken sign-in security (\(weaker.joined(separator: "; "))). Enter \(how) under “Confirm it is you” and save again."
            return try askToConfirm(context, fields: fields, roles: roles, problem: problem)
        }
        let saved: Bool = try await database.withTenant(tenantID, logger: context.logger) { db in
            if needsStepUp {
                let user = context.user
                let ok = try await StepUp.verify(secret, user: user, hasher: hasher, twoFactor: twoFactor, now: now, in: db)
                guard ok else { return false }
                try await sessions.markReauthenticated(sessionID: context.sessionID, at: now, in: db)
                try await context.record(context.auditEvent(.reauthenticated, request), in: db)
            }
            try await users.updatePolicy(values: values, roles: roles, rolesChanged: rolesChanged, now: now, in: db)
            let new = try await users.policy(in: db)
            try await context.record(
                context.auditEvent(
                    .securityPolicyChanged,
                    request,
                    targetType: "tenant",
                    targetID: tenantID.uuidString,
                    targetLabel: context.tenant.slug,
                    before: Self.describe(old),
                    after: Self.describe(new)
                ),
                in: db
            )
            return true
        }
        guard saved else {
            try await database.withTenant(tenantID, logger: context.logger) { db in
                try await context.record(context.auditEvent(.reauthenticated, request, outcome: .failure), in: db)
            }
            if try await StepUp.countFailure(context, request, database: database, now: now) {
                return .seeOther(.login, context.tenant.slug)
            }
            let problem = "That password or code is not right, so the policy was not saved. Your changes are still below."
            return try askToConfirm(context, fields: fields, roles: roles, problem: problem)
        }
        return .seeOther(.securityPolicy, context.tenant.slug, notice: .saved)
    }

    /// The form again, with what was typed, asking for the password (or a code) under “Confirm it is you”.
    private func askToConfirm(_ context: SignedInContext, fields: [NumberField], roles: Set<Role>, problem: String) throws -> Response {
        try render(context, fields: fields, roles: roles, problems: [problem], notice: nil, status: .unprocessableContent, confirmError: true)
    }

    private func render(
        _ context: SignedInContext,
        fields: [NumberField],
        roles: Set<Role>,
        problems: [String],
        notice: String?,
        status: HTTPResponse.Status,
        confirmError: Bool = false,
        affectedConfirmation: String? = nil
    ) throws -> Response {
        let model = SecurityPolicyPage(
            chrome: Chrome(title: "Security policy", context: context, section: "security"),
            roles: Role.allCases.map { RoleChoice(name: "require_\($0.rawValue)", label: $0.label, checked: roles.contains($0)) },
            fields: fields,
            problems: problems,
            hasProblems: !problems.isEmpty,
            notice: notice,
            action: TenantPage.securityPolicy.href(context.tenant.slug),
            acceptsCode: context.user.totpEnabled,
            confirmError: confirmError,
            affectedConfirmation: affectedConfirmation,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}
