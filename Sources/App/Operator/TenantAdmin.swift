import Foundation
import Logging
import PostgresNIO

/// Operator actions behind `tenantctl`, run as `coach_owner` through the server's own ``Database``: the same
/// `withTenant`, repositories and audit log as the pages, so each statement exists once. Each change and its audit
/// event share one transaction.
public struct TenantAdmin: Sendable {
    let database: Database
    let hashing: PasswordHasher.Parameters
    let actor: String
    let logger: Logger

    /// `database` must be the schema owner's (see `Database.running`), with the tenant-claim key the server uses.
    public init(database: Database, hashing: PasswordHasher.Parameters = .owasp, actor: String, logger: Logger) {
        self.database = database
        self.hashing = hashing
        self.actor = actor
        self.logger = logger
    }

    /// Who the operator is in audit events.
    var source: AuditSource { AuditSource(actor: AuditActor(label: actor, role: "operator")) }

    /// The result of creating a tenant.
    public struct Created: Sendable {
        public let tenantID: String
        public let ownerEmail: String
        public let ownerPassword: String
    }

    /// Creates a tenant and its owner; nothing is left behind if any step fails.
    public func create(
        slug: String,
        name: String,
        plan: String,
        ownerEmail: String,
        ownerName: String?,
        ownerPassword: String?
    ) async throws -> Created {
        guard TenantRef.isValidSlug(slug) else {
            throw OperatorError.invalid("slug '\(slug)' must be 1-40 lowercase letters, digits or inner hyphens")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else { throw OperatorError.invalid("name must be 1-200 characters") }
        let email = try Self.validEmail(ownerEmail)
        let plans = try await operatorRows("SELECT id FROM plans ORDER BY monthly_price_cents", as: String.self)
        guard plans.contains(plan) else {
            throw OperatorError.invalid("unknown plan '\(plan)'; choose one of: \(plans.joined(separator: ", "))")
        }
        let password = ownerPassword ?? SecureRandom.password()
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        let tenantID = UUID()
        try await database.withTenant(tenantID, logger: logger) { db in
            guard try await db.first("SELECT 1 FROM tenants WHERE slug = \(slug)", as: Int.self) == nil else {
                throw OperatorError.invalid("a tenant with slug '\(slug)' already exists")
            }
            try await db.run("INSERT INTO tenants (id, slug, name, plan_id) VALUES (\(tenantID), \(slug), \(name), \(plan))")
            try await SubscriptionRepository().appendHistory(changedBy: actor, in: db)
            // A password tenantctl generated is one-time: the owner chooses their own at first sign-in.
            let oneTime = ownerPassword == nil
            try await UserRepository().insert(
                email: email,
                name: ownerName ?? "Owner",
                role: .owner,
                passwordHash: hash,
                mustChangePassword: oneTime,
                in: db
            )
            let details = ["name": name, "plan": plan, "owner_email": email]
            try await record(.tenantCreated, targetType: "tenant", id: tenantID, label: slug, details: details, in: db)
        }
        return Created(tenantID: tenantID.lowercasedString, ownerEmail: email, ownerPassword: password)
    }

    /// Adds a user to an existing tenant with a password the operator hands over.
    @discardableResult
    /// `oneTime` makes the person choose their own password at first sign-in (tenantctl's generated passwords).
    public func createUser(slug: String, email: String, name: String, role: Role, password: String, oneTime: Bool = false) async throws -> UUID {
        let email = try Self.validEmail(email)
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        return try await withTenant(slug) { db, _ in
            guard try await db.first("SELECT 1 FROM users WHERE tenant_id = \(db.tenantID) AND email = \(email)", as: Int.self) == nil else {
                throw OperatorError.invalid("\(email) already belongs to \(slug)")
            }
            let userID = try await UserRepository().insert(
                email: email,
                name: name,
                role: role,
                passwordHash: hash,
                mustChangePassword: oneTime,
                in: db
            )
            try await record(.userCreated, targetType: "user", id: userID, label: email, details: ["role": role.rawValue], in: db)
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

    public func list() async throws -> [Summary] {
        let tenants = try await operatorRows(
            """
            SELECT id, slug, name, status, plan_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
              FROM tenants ORDER BY slug
            """,
            as: (UUID, String, String, String, String, String).self
        )
        var summaries: [Summary] = []
        // Row-level security binds the owner too: each tenant's people are counted with that tenant selected.
        for (id, slug, name, status, plan, created) in tenants {
            let users = try await database.withTenant(id, logger: logger) { db in
                try await db.first("SELECT count(*) FROM users WHERE tenant_id = \(db.tenantID) AND status <> 'deactivated'", as: Int.self)
            }
            summaries.append(Summary(slug: slug, name: name, status: status, plan: plan, users: users ?? 0, createdAt: created))
        }
        return summaries
    }

    /// Suspends a tenant: nobody can sign in and every live session ends now.
    public func suspend(slug: String, reason: String) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw OperatorError.invalid("--reason must say why the tenant is suspended") }
        try await withTenant(slug) { db, status in
            guard status == "active" else { throw OperatorError.invalid("tenant '\(slug)' is already \(status)") }
            try await setStatus("suspended", reason: reason, in: db)
            let ended = try await SessionRepository().revokeTenant(in: db)
            try await record(
                .tenantSuspended,
                targetType: "tenant",
                id: db.tenantID,
                label: slug,
                details: ["reason": reason, "sessions_ended": String(ended)],
                before: ["status": "active"],
                after: ["status": "suspended", "status_reason": reason],
                in: db
            )
        }
    }

    /// Lets a suspended tenant sign in again.
    public func resume(slug: String) async throws {
        try await withTenant(slug) { db, status in
            guard status == "suspended" else { throw OperatorError.invalid("tenant '\(slug)' is \(status), not suspended") }
            try await setStatus("active", reason: nil, in: db)
            let change = (before: ["status": "suspended"], after: ["status": "active"])
            try await record(.tenantResumed, targetType: "tenant", id: db.tenantID, label: slug, before: change.before, after: change.after, in: db)
        }
    }

    private func setStatus(_ status: String, reason: String?, in db: TenantConnection) async throws {
        try await db.run("UPDATE tenants SET status = \(status), status_reason = \(reason), updated_at = now() WHERE id = \(db.tenantID)")
    }
}
