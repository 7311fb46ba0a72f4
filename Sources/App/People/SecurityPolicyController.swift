import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The tenant's security policy: 2FA by role with a grace period, session lifetimes and brute-force limits.
public struct SecurityPolicyController: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let twoFactor: TwoFactorRepository
    let now: @Sendable () -> Date
    let users = UserRepository()
    let sessions = SessionRepository()

    public func addRoutes(to routes: PermittedRoutes) {
        routes.require(.managePeople)
            .get("admin/security", use: self.show)
            .post("admin/security", use: self.update)
    }

    /// A number field: its name, label, limits, the value shown and, after a failed save, what is wrong with it.
    struct NumberField {
        let name: String
        let label: String
        let hint: String
        let min: Int
        let max: Int
        var value: String
        /// Shown next to the field, which is then marked invalid; nil while the value is fine.
        var problem: String? = nil
    }

    static func fields(_ policy: TenantPolicy) -> [NumberField] {
        [
            NumberField(name: "grace_days", label: "Grace period for 2FA (days)", hint: "0 sends people to set up 2FA at their next page view.", min: 0, max: 90, value: String(policy.twoFactorGraceDays)),
            NumberField(name: "idle_minutes", label: "Sign out after inactivity (minutes)", hint: "", min: 5, max: 1440, value: String(policy.sessionIdleMinutes)),
            NumberField(name: "absolute_minutes", label: "Longest session (minutes)", hint: "", min: 15, max: 43200, value: String(policy.sessionAbsoluteMinutes)),
            NumberField(name: "lockout_threshold", label: "Wrong passwords before an account locks", hint: "", min: 3, max: 100, value: String(policy.lockoutThreshold)),
            NumberField(name: "lockout_minutes", label: "First lock lasts (minutes)", hint: "", min: 1, max: 1440, value: String(policy.lockoutMinutes)),
            NumberField(name: "lockout_growth", label: "Each further lock is longer by a factor of", hint: "1 keeps every lock the same length.", min: 1, max: 10, value: String(policy.lockoutGrowth)),
            NumberField(name: "ip_threshold", label: "Failed sign-ins from one address before it is throttled", hint: "Counted over the lock period.", min: 5, max: 1000, value: String(policy.ipFailureThreshold)),
        ]
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let policy = context.identity.policy
        return try render(context, fields: Self.fields(policy), roles: Set(policy.require2FARoles), problems: [],
                          notice: request.notice(.saved)?.message, status: .ok)
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var body = request
        let buffer = try await body.collectBody(upTo: 64 * 1024)
        let form = FormBody.parse(String(buffer: buffer))
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
            let index = fields.firstIndex(where: { $0.name == "idle_minutes" }) {
            fields[index].problem = "The inactivity limit cannot be longer than the longest session."
        }
        problems.append(contentsOf: fields.compactMap(\.problem))
        guard problems.isEmpty else { return try render(context, fields: fields, roles: roles, problems: problems, notice: nil, status: .unprocessableContent) }

        let old = context.identity.policy
        let rolesChanged = Set(old.require2FARoles) != roles
        let tenantID = context.tenant.id
        let now = self.now()
        // Weakening sign-in security needs the person again, as turning off 2FA does; the form keeps what they typed.
        let weaker = Self.weakenings(from: old, to: values, roles: roles)
        let secret = (form["confirm_secret"] ?? "").trimmingCharacters(in: .whitespaces)
        let needsStepUp = !weaker.isEmpty && !StepUp.isFresh(context.identity, now: now)
        if needsStepUp && secret.isEmpty {
            let how = context.user.totpEnabled ? "your password or a current authenticator code" : "your password"
            let problem = "These changes weaken sign-in security (\(weaker.joined(separator: "; "))). Enter \(how) under “Confirm it is you” and save again."
            return try render(context, fields: fields, roles: roles, problems: [problem], notice: nil, status: .unprocessableContent, confirmError: true)
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
                    .securityPolicyChanged, request, targetType: "tenant", targetID: tenantID.uuidString, targetLabel: context.tenant.slug,
                    before: Self.describe(old), after: Self.describe(new)),
                in: db)
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
            return try render(context, fields: fields, roles: roles, problems: [problem], notice: nil, status: .unprocessableContent, confirmError: true)
        }
        return .seeOther(.securityPolicy, context.tenant.slug, notice: .saved)
    }

    /// In words, each way the new values make sign-in weaker than `old`; empty when none does.
    static func weakenings(from old: TenantPolicy, to values: [String: Int], roles: Set<Role>) -> [String] {
        var found: [String] = []
        let dropped = Set(old.require2FARoles).subtracting(roles).map(\.label).sorted()
        if !dropped.isEmpty { found.append("2FA no longer required for \(dropped.joined(separator: ", "))") }
        let checks: [(String, Int, Bool, String)] = [
            ("lockout_threshold", old.lockoutThreshold, true, "more wrong passwords before a lock"),
            ("lockout_minutes", old.lockoutMinutes, false, "shorter locks"),
            ("lockout_growth", old.lockoutGrowth, false, "locks that grow more slowly"),
            ("ip_threshold", old.ipFailureThreshold, true, "more failed sign-ins allowed from one address"),
            ("idle_minutes", old.sessionIdleMinutes, true, "a longer inactivity limit"),
            ("absolute_minutes", old.sessionAbsoluteMinutes, true, "longer sessions"),
            ("grace_days", old.twoFactorGraceDays, true, "a longer 2FA grace period"),
        ]
        for (name, before, higherIsWeaker, words) in checks {
            guard let after = values[name] else { continue }
            if higherIsWeaker ? after > before : after < before { found.append(words) }
        }
        return found
    }

    static func describe(_ policy: TenantPolicy) -> [String: String] {
        [
            "require_2fa_roles": policy.require2FARoles.map(\.rawValue).sorted().joined(separator: ", "),
            "require_2fa_grace_days": String(policy.twoFactorGraceDays),
            "session_idle_minutes": String(policy.sessionIdleMinutes), "session_absolute_minutes": String(policy.sessionAbsoluteMinutes),
            "lockout_threshold": String(policy.lockoutThreshold), "lockout_minutes": String(policy.lockoutMinutes),
            "lockout_growth": String(policy.lockoutGrowth), "ip_failure_threshold": String(policy.ipFailureThreshold),
        ]
    }

    private func render(
        _ context: SignedInContext, fields: [NumberField], roles: Set<Role>, problems: [String], notice: String?, status: HTTPResponse.Status,
        confirmError: Bool = false
    ) throws -> Response {
        let model = SecurityPolicyPage(
            chrome: Chrome(title: "Security policy", context: context, section: "security"),
            roles: Role.allCases.map { RoleChoice(name: "require_\($0.rawValue)", label: $0.label, checked: roles.contains($0)) },
            fields: fields, problems: problems, hasProblems: !problems.isEmpty, notice: notice,
            action: TenantPage.securityPolicy.href(context.tenant.slug), acceptsCode: context.user.totpEnabled, confirmError: confirmError,
            csrfToken: context.csrfToken)
        return try views.render(model, status: status)
    }
}

struct RoleChoice {
    let name: String
    let label: String
    let checked: Bool
}

struct SecurityPolicyPage {
    let chrome: Chrome
    let roles: [RoleChoice]
    let fields: [SecurityPolicyController.NumberField]
    let problems: [String]
    let hasProblems: Bool
    let notice: String?
    let action: String
    let acceptsCode: Bool
    let confirmError: Bool
    let csrfToken: String
}
