import Foundation

/// The policy form's fields, and how a change compares with the policy in force.
extension SecurityPolicyController {
    /// A number field: its name, label, limits, the value shown and, after a failed save, what is wrong with it.
    struct NumberField: Encodable {
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
            NumberField(
                name: "grace_days",
                label: "Grace period for 2FA (days)",
                hint: "0 sends people to set up 2FA at their next page view.",
                min: 0,
                max: 90,
                value: String(policy.twoFactorGraceDays)
            ),
            NumberField(
                name: "idle_minutes",
                label: "Sign out after inactivity (minutes)",
                hint: "",
                min: 5,
                max: 1440,
                value: String(policy.sessionIdleMinutes)
            ),
            NumberField(
                name: "absolute_minutes",
                label: "Longest session (minutes)",
                hint: "",
                min: 15,
                max: 43200,
                value: String(policy.sessionAbsoluteMinutes)
            ),
            NumberField(
                name: "lockout_threshold",
                label: "Wrong passwords before an account locks",
                hint: "",
                min: 3,
                max: 100,
                value: String(policy.lockoutThreshold)
            ),
            NumberField(
                name: "lockout_minutes",
                label: "First lock lasts (minutes)",
                hint: "",
                min: 1,
                max: 1440,
                value: String(policy.lockoutMinutes)
            ),
            NumberField(
                name: "lockout_growth",
                label: "Each further lock is longer by a factor of",
                hint: "1 keeps every lock the same length.",
                min: 1,
                max: 10,
                value: String(policy.lockoutGrowth)
            ),
            NumberField(
                name: "ip_threshold",
                label: "Failed sign-ins from one address before it is throttled",
                hint: "Counted over the lock period.",
                min: 5,
                max: 1000,
                value: String(policy.ipFailureThreshold)
            ),
        ]
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
}
