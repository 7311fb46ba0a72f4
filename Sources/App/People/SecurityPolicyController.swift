import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The tenant's security policy: 2FA by role with a grace period, session lifetimes and brute-force limits.
public struct SecurityPolicyController: Sendable {
    let database: Database
    let views: Views
    let now: @Sendable () -> Date
    let users = UserRepository()

    public init(database: Database, views: Views, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.views = views
        self.now = now
    }

    public func addRoutes(to group: RouterGroup<SignedInContext>) {
        group.get("admin/security", use: self.show)
        group.post("admin/security", use: self.update)
    }

    /// A number field: its name, label, limits and the value shown.
    struct NumberField {
        let name: String
        let label: String
        let hint: String
        let min: Int
        let max: Int
        var value: String
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
        try PeopleController.requireManager(context)
        let policy = context.identity.policy
        return try render(context, fields: Self.fields(policy), roles: Set(policy.require2FARoles), problems: [],
                          notice: request.uri.queryParameters["saved"] != nil ? "The policy was saved and applies to everyone now." : nil, status: .ok)
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        try PeopleController.requireManager(context)
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
                problems.append("“\(fields[index].label)” must be a whole number from \(fields[index].min) to \(fields[index].max).")
            }
        }
        let roles = Set(Role.allCases.filter { form["require_\($0.rawValue)"] == "on" })
        if let idle = values["idle_minutes"], let absolute = values["absolute_minutes"], idle > absolute {
            problems.append("The inactivity limit cannot be longer than the longest session.")
        }
        guard problems.isEmpty else { return try render(context, fields: fields, roles: roles, problems: problems, notice: nil, status: .unprocessableContent) }

        let old = context.identity.policy
        let rolesChanged = Set(old.require2FARoles) != roles
        let tenantID = context.tenant.id
        let now = self.now()
        try await database.withTenant(tenantID, logger: context.logger) { connection in
            try await connection.query(
                """
                UPDATE tenants SET require_2fa_roles = \(roles.map(\.rawValue).sorted()), require_2fa_grace_days = \(values["grace_days"]!),
                       require_2fa_since = CASE WHEN \(rolesChanged) THEN \(now) ELSE require_2fa_since END,
                       session_idle_minutes = \(values["idle_minutes"]!), session_absolute_minutes = \(values["absolute_minutes"]!),
                       lockout_threshold = \(values["lockout_threshold"]!), lockout_minutes = \(values["lockout_minutes"]!),
                       lockout_growth = \(values["lockout_growth"]!), ip_failure_threshold = \(values["ip_threshold"]!), updated_at = now()
                 WHERE id = \(tenantID)
                """,
                logger: context.logger)
            let new = try await users.policy(tenantID: tenantID, on: connection, logger: context.logger)
            try await context.record(
                context.auditEvent(
                    .securityPolicyChanged, request, targetType: "tenant", targetID: tenantID.uuidString, targetLabel: context.tenant.slug,
                    before: Self.describe(old), after: Self.describe(new)),
                on: connection)
        }
        return .redirect(to: "/t/\(context.tenant.slug)/admin/security?saved=1", type: .normal)
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
        _ context: SignedInContext, fields: [NumberField], roles: Set<Role>, problems: [String], notice: String?, status: HTTPResponse.Status
    ) throws -> Response {
        let model = SecurityPolicyPage(
            chrome: Chrome(title: "Security policy", context: context, section: "security"),
            roles: Role.allCases.map { RoleChoice(name: "require_\($0.rawValue)", label: $0.label, checked: roles.contains($0)) },
            fields: fields, problems: problems, hasProblems: !problems.isEmpty, notice: notice,
            action: "/t/\(context.tenant.slug)/admin/security", csrfToken: context.csrfToken)
        return try views.render("people/security", model, status: status)
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
    let csrfToken: String
}
