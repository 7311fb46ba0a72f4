import Foundation

extension TenantAdmin {
    /// Creates the demo tenants if missing and sets every demo account's password to `password`.
    public func seedDemo(password: String) throws {
        let people: [(slug: String, name: String, plan: String, users: [(String, String, Role)])] = [
            (
                "acme", "Acme Corporation", "team",
                [("owner@acme.test", "Olivia Owner", .owner), ("candidate@acme.test", "Casey Candidate", .candidate)]
            ),
            ("globex", "Globex", "free", [("owner@globex.test", "Gina Globex", .owner), ("candidate@globex.test", "Gus Candidate", .candidate)]),
        ]
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        for tenant in people {
            var users = tenant.users
            if try connection.query("SELECT 1 FROM tenants WHERE slug = $1", [tenant.slug]).isEmpty {
                _ = try create(
                    slug: tenant.slug,
                    name: tenant.name,
                    plan: tenant.plan,
                    ownerEmail: tenant.users[0].0,
                    ownerName: tenant.users[0].1,
                    ownerPassword: password
                )
                users.removeFirst()  // the owner was just created with this password
            }
            for (email, name, role) in users {
                try connection.transaction {
                    let found = try find(tenant.slug)
                    try setTenant(found.id)
                    if try connection.query("SELECT 1 FROM users WHERE tenant_id = $1 AND email = $2", [found.id, email]).isEmpty {
                        let id = try insertUser(tenantID: found.id, email: email, name: name, role: role, hash: hash)
                        try audit(
                            tenantID: found.id,
                            action: .userCreated,
                            targetType: "user",
                            targetID: id,
                            targetLabel: email,
                            details: ["role": role.rawValue]
                        )
                    } else {
                        let id = try connection.query(
                            """
                            UPDATE users SET password_hash = $3, failed_logins = 0, locked_until = NULL, lock_count = 0, status = 'active'
                             WHERE tenant_id = $1 AND email = $2 RETURNING id
                            """,
                            [found.id, email, hash]
                        ).firstText()
                        try audit(
                            tenantID: found.id,
                            action: .userPasswordReset,
                            targetType: "user",
                            targetID: id,
                            targetLabel: email,
                            details: ["by": "tenantctl demo"]
                        )
                    }
                }
            }
        }
    }
}
