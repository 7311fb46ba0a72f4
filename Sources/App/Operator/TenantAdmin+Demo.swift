import Foundation

extension TenantAdmin {
    /// The demo tenants, their people and their roles; the first person of each is the owner.
    static let demoTenants: [(slug: String, name: String, plan: String, people: [(email: String, name: String, role: Role)])] = [
        (
            "acme", "Acme Corporation", "team",
            [
                ("owner@acme.test", "Olivia Owner", .owner), ("editor@acme.test", "Eddie Editor", .editor),
                ("translator@acme.test", "Tomás Translator", .translator), ("candidate@acme.test", "Casey Candidate", .candidate),
            ]
        ),
        ("globex", "Globex", "free", [("owner@globex.test", "Gina Globex", .owner), ("candidate@globex.test", "Gus Candidate", .candidate)]),
    ]

    /// Creates the demo tenants and people if missing, sets every demo account's password to `password`, and gives
    /// acme its question bank from the files in `content` (see ``seedDemoBank(from:slug:)``). Safe to run again.
    /// With `box` (the server's data keys), acme also gets an open invitation waiting in its outbox. Globex starts as a
    /// free-plan trial with two weeks to go.
    public func seedDemo(password: String, content: URL, box: SecretBox? = nil, publicURL: String = "http://127.0.0.1:8080") async throws {
        let hash = try PasswordHasher.hashSync(password, parameters: hashing)
        for tenant in Self.demoTenants {
            let owner = tenant.people[0]
            var people = tenant.people
            if try await operatorRows("SELECT 1 FROM tenants WHERE slug = \(tenant.slug)", as: Int.self).isEmpty {
                _ = try await create(
                    slug: tenant.slug,
                    name: tenant.name,
                    plan: tenant.plan,
                    ownerEmail: owner.email,
                    ownerName: owner.name,
                    ownerPassword: password
                )
                people.removeFirst()  // the owner was just created with this password
                if tenant.slug == "globex" {  // a trial with two weeks to go, so the plan page and its reminder have something to show
                    _ = try await setSubscription(slug: "globex", state: .trialing, until: Date().addingTimeInterval(14 * 86_400))
                }
            }
            try await withTenant(tenant.slug) { [people] db, _ in
                for person in people {
                    try await seedPerson(person, hash: hash, in: db)
                }
            }
        }
        try await seedDemoBank(from: content, slug: "acme")
        try await seedDemoPractice()
        if let box { try await seedDemoInvitation(box: box, publicURL: publicURL) }
    }

    /// An invitation nobody has accepted yet, so the people page and `tenantctl outbox` have something to show.
    private func seedDemoInvitation(box: SecretBox, publicURL: String) async throws {
        try await withTenant("acme") { db, _ in
            guard try await db.first("SELECT 1 FROM invitations WHERE tenant_id = \(db.tenantID)", as: Int.self) == nil else { return }
            let tenant = TenantRef(id: db.tenantID, slug: "acme", name: "Acme Corporation", status: .active)
            let invitations = Invitations(
                outbox: Outbox(box: box, sendmail: nil),
                publicURL: publicURL,
                source: source,
                inviterRole: .owner,
                now: Date()
            )
            _ = try await invitations.invite(email: "new.hire@acme.test", name: "Nia Newhire", role: .candidate, tenant: tenant, in: db)
        }
    }

    /// Adds a demo person, or resets their password and lockout so the demo always signs in.
    private func seedPerson(_ person: (email: String, name: String, role: Role), hash: String, in db: TenantConnection) async throws {
        let existing = try await db.first(
            """
            UPDATE users SET password_hash = \(hash), failed_logins = 0, locked_until = NULL, lock_count = 0, status = 'active'
             WHERE tenant_id = \(db.tenantID) AND email = \(person.email) RETURNING id
            """,
            as: UUID.self
        )
        if let existing {
            try await record(.userPasswordReset, targetType: "user", id: existing, label: person.email, details: ["by": "tenantctl demo"], in: db)
        } else {
            let id = try await UserRepository().insert(email: person.email, name: person.name, role: person.role, passwordHash: hash, in: db)
            try await record(.userCreated, targetType: "user", id: id, label: person.email, details: ["role": person.role.rawValue], in: db)
        }
    }
}
