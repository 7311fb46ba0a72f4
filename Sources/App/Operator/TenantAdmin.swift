import Foundation

/// Operator actions behind `tenantctl`, run as `coach_owner` over libpq. Each change and its audit event share one transaction.
public struct TenantAdmin {
    let connection: PQConnection
    let hashing: PasswordHasher.Parameters
    let actor: String

    public init(connection: PQConnection, hashing: PasswordHasher.Parameters = .owasp, actor: String) {
        self.connection = connection
        self.hashing = hashing
        self.actor = actor
    }

    /// The result of creating a tenant.
    public struct Created: Sendable {
        public let tenantID: String
        public let ownerEmail: String
        public let ownerPassword: String
    }

    /// Creates a tenant and its owner; nothing is left behind if any step fails.
    public func create(slug: String, name: String, plan: String, ownerEmail: String, ownerName: String?, ownerPassword: String?) throws -> Created {
        guard TenantRef.isValidSlug(slug) else {
            throw OperatorError.invalid("slug '\(slug)' must be 1-40 lowercase letters, digits or inner hyphens")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else { throw OperatorError.invalid("name must be 1-200 characters") }
        let email = try Self.validEmail(ownerEmail)
        guard try connection.query("SELECT 1 FROM plans WHERE id = $1", [plan]).count == 1 else {
            let plans = try connection.query("SELECT id FROM plans ORDER BY monthly_price_cents").map { try $0.text(0) }
            throw OperatorError.invalid("unknown plan '\(plan)'; choose one of: \(plans.joined(separator: ", "))")
        }
        let password = ownerPassword ?? SecureRandom.password()
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        return try connection.transaction {
            guard try connection.query("SELECT 1 FROM tenants WHERE slug = $1", [slug]).isEmpty else {
                throw OperatorError.invalid("a tenant with slug '\(slug)' already exists")
            }
            let tenantID = try connection.query(
                "INSERT INTO tenants (slug, name, plan_id) VALUES ($1, $2, $3) RETURNING id",
                [slug, name, plan]
            ).firstText()
            try setTenant(tenantID)
            try insertUser(tenantID: tenantID, email: email, name: ownerName ?? "Owner", role: .owner, hash: hash)
            try audit(
                tenantID: tenantID,
                action: .tenantCreated,
                targetType: "tenant",
                targetID: tenantID,
                targetLabel: slug,
                details: ["name": name, "plan": plan, "owner_email": email]
            )
            return Created(tenantID: tenantID, ownerEmail: email, ownerPassword: password)
        }
    }

    /// Adds a user to an existing tenant with a password the operator hands over.
    @discardableResult
    public func createUser(slug: String, email: String, name: String, role: Role, password: String) throws -> String {
        let email = try Self.validEmail(email)
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        return try connection.transaction {
            let tenant = try find(slug)
            try setTenant(tenant.id)
            guard try connection.query("SELECT 1 FROM users WHERE tenant_id = $1 AND email = $2", [tenant.id, email]).isEmpty else {
                throw OperatorError.invalid("\(email) already belongs to \(slug)")
            }
            let userID = try insertUser(tenantID: tenant.id, email: email, name: name, role: role, hash: hash)
            try audit(
                tenantID: tenant.id,
                action: .userCreated,
                targetType: "user",
                targetID: userID,
                targetLabel: email,
                details: ["role": role.rawValue]
            )
            return userID
        }
    }

    /// One row of `tenant list`.
    public struct Summary: Sendable {
        public let slug: String
        public let name: String
        public let status: String
        public let plan: String
        public let users: Int
        public let createdAt: String
    }

    public func list() throws -> [Summary] {
        try connection.transaction {
            let tenants = try connection.query(
                """
                SELECT t.id, t.slug, t.name, t.status, t.plan_id, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
                  FROM tenants t ORDER BY t.slug
                """
            )
            // Row-level security binds the owner too: each tenant's people are counted with that tenant selected.
            return try tenants.map { row in
                try setTenant(try row.text(0))
                let users = try connection.query("SELECT count(*) FROM users WHERE tenant_id = $1 AND status <> 'deactivated'", [row[0]]).firstText()
                return Summary(
                    slug: try row.text(1),
                    name: try row.text(2),
                    status: try row.text(3),
                    plan: try row.text(4),
                    users: Int(users) ?? 0,
                    createdAt: try row.text(5)
                )
            }
        }
    }

    /// Every fact `tenant show` prints, as label and value pairs.
    public func show(slug: String) throws -> [(String, String)] {
        try connection.transaction {
            let tenant = try find(slug)
            try setTenant(tenant.id)
            let row = try connection.query(
                """
                SELECT t.id, t.slug, t.name, t.status, coalesce(t.status_reason, ''), p.name, p.max_users,
                       t.session_idle_minutes, t.session_absolute_minutes, t.lockout_threshold, t.lockout_minutes,
                       array_to_string(t.languages, ', '), to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
                       (SELECT count(*) FROM users u WHERE u.tenant_id = t.id),
                       (SELECT count(*) FROM sessions s WHERE s.tenant_id = t.id AND s.revoked_at IS NULL AND s.expires_at > now()),
                       (SELECT count(*) FROM audit_events a WHERE a.tenant_id = t.id)
                  FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1
                """,
                [tenant.id]
            )[0]
            let owners = try connection.query(
                "SELECT email FROM users WHERE tenant_id = $1 AND role = 'owner' ORDER BY email",
                [tenant.id]
            ).map { try $0.text(0) }
            try audit(tenantID: tenant.id, action: .tenantViewed, targetType: "tenant", targetID: tenant.id, targetLabel: slug)
            var facts: [(String, String)] = [
                ("id", try row.text(0)), ("slug", try row.text(1)), ("name", try row.text(2)), ("status", try row.text(3)),
            ]
            if !(row[4] ?? "").isEmpty { facts.append(("status reason", try row.text(4))) }
            facts += [
                ("plan", "\(try row.text(5)) (up to \(try row.text(6)) users)"), ("owners", owners.joined(separator: ", ")),
                ("users", try row.text(13)), ("live sessions", try row.text(14)), ("audit events", try row.text(15)),
                ("session idle / absolute", "\(try row.text(7)) min / \(try row.text(8)) min"),
                ("lockout", "after \(try row.text(9)) failures for \(try row.text(10)) min"), ("languages", try row.text(11)),
                ("created", try row.text(12)),
            ]
            return facts
        }
    }

    /// Suspends a tenant: nobody can sign in and every live session ends now.
    public func suspend(slug: String, reason: String) throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw OperatorError.invalid("--reason must say why the tenant is suspended") }
        try connection.transaction {
            let tenant = try find(slug)
            guard tenant.status == "active" else { throw OperatorError.invalid("tenant '\(slug)' is already \(tenant.status)") }
            try setTenant(tenant.id)
            try connection.query(
                "UPDATE tenants SET status = 'suspended', status_reason = $2, updated_at = now() WHERE id = $1",
                [tenant.id, reason]
            )
            let ended = try connection.query(
                "UPDATE sessions SET revoked_at = now() WHERE tenant_id = $1 AND revoked_at IS NULL RETURNING id",
                [tenant.id]
            ).count
            try audit(
                tenantID: tenant.id,
                action: .tenantSuspended,
                targetType: "tenant",
                targetID: tenant.id,
                targetLabel: slug,
                details: ["reason": reason, "sessions_ended": String(ended)],
                before: ["status": "active"],
                after: ["status": "suspended", "status_reason": reason]
            )
        }
    }

    /// Lets a suspended tenant sign in again.
    public func resume(slug: String) throws {
        try connection.transaction {
            let tenant = try find(slug)
            guard tenant.status == "suspended" else { throw OperatorError.invalid("tenant '\(slug)' is \(tenant.status), not suspended") }
            try setTenant(tenant.id)
            try connection.query("UPDATE tenants SET status = 'active', status_reason = NULL, updated_at = now() WHERE id = $1", [tenant.id])
            try audit(
                tenantID: tenant.id,
                action: .tenantResumed,
                targetType: "tenant",
                targetID: tenant.id,
                targetLabel: slug,
                before: ["status": "suspended"],
                after: ["status": "active"]
            )
        }
    }
}
