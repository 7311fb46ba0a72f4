import Foundation

extension TenantAdmin {
    func find(_ slug: String) throws -> (id: String, status: String) {
        guard let row = try connection.query("SELECT id, status FROM tenants WHERE slug = $1", [slug]).first else {
            throw OperatorError.invalid("no tenant has slug '\(slug)'; `tenantctl tenant list` shows them")
        }
        return (try row.text(0), try row.text(1))
    }

    func setTenant(_ id: String) throws {
        try connection.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [id])
    }

    @discardableResult
    func insertUser(tenantID: String, email: String, name: String, role: Role, hash: String) throws -> String {
        try connection.query(
            "INSERT INTO users (tenant_id, email, name, role, status, password_hash) VALUES ($1, $2, $3, $4, 'active', $5) RETURNING id",
            [tenantID, email, name, role.rawValue, hash]
        ).firstText()
    }

    func audit(
        tenantID: String,
        action: AuditAction,
        targetType: String,
        targetID: String,
        targetLabel: String,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) throws {
        let event = AuditEvent(
            action: action,
            actor: AuditActor(label: actor, role: "operator"),
            targetType: targetType,
            targetID: targetID,
            targetLabel: targetLabel,
            details: details,
            before: before,
            after: after
        )
        try connection.query(
            """
            INSERT INTO audit_events (tenant_id, actor_label, actor_role, action, target_type, target_id, target_label,
                                      details, before, after, prev_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, '', '')
            """,
            [
                tenantID, event.actor.label, event.actor.role, event.action.rawValue, targetType, targetID, targetLabel, event.detailsJSON,
                AuditEvent.json(event.before), AuditEvent.json(event.after),
            ]
        )
    }

    static func validEmail(_ email: String) throws -> String {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace), email.count <= 254 else {
            throw OperatorError.invalid("'\(email)' is not an email address")
        }
        return email
    }
}
