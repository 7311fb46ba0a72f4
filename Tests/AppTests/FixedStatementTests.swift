import Foundation
import TestSupport
import Testing

@testable import App

/// The statements a list page sends on every view are prepared once per connection (``FixedStatement``) and then run
/// for whichever tenant the connection serves next. They must keep tenants apart, return what the filtered query
/// returns, and accept a value where their first run had NULL.
@Suite("Prepared list statements")
struct FixedStatementTests {
    @Test("On one connection, past PostgreSQL's per-value plans, each tenant lists only its own events and people")
    func tenantsApartOnOneConnection() async throws {
        try await TestCluster.fromEnvironment().withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let (acme, globex) = (UUID(uuidString: tenants.acmeID)!, UUID(uuidString: tenants.globexID)!)
            try await database.appDatabase(maximumConnections: 1).running { db in
                for (tenant, label) in [(acme, "acme-only"), (globex, "globex-only")] {
                    try await db.withTenant(tenant, logger: .test) { conn in
                        try await AuditLog().record(AuditEvent(action: .tenantViewed, actor: AuditActor(label: label)), in: conn)
                    }
                }
                func listed(_ tenant: UUID, as named: UUID? = nil) async throws -> (events: Set<String>, people: [String], total: Int) {
                    try await db.withTenant(tenant, logger: .test) { conn in
                        let conn = TenantConnection(tenantID: named ?? tenant, connection: conn.connection, logger: .test)
                        let events = try await AuditRepository().page(filter: AuditFilter(), beforePos: nil, limit: ListPage.size, in: conn)
                        let people = try await PeopleRepository().page(PeopleFilter(), limit: ListPage.size, now: Date(), in: conn)
                        return (Set(events.rows.map(\.actorLabel)), people.page.rows.map(\.user.email), people.total)
                    }
                }
                // PostgreSQL plans the first five runs of a prepared statement for their values, then may keep one plan.
                for round in 1...12 {
                    let (acmeEvents, acmePeople, acmeTotal) = try await listed(acme)
                    let (globexEvents, globexPeople, _) = try await listed(globex)
                    #expect(acmeEvents.contains("acme-only") && !acmeEvents.contains("globex-only"), "round \(round)")
                    #expect(globexEvents.contains("globex-only") && !globexEvents.contains("acme-only"), "round \(round)")
                    #expect(!acmePeople.isEmpty && acmePeople.allSatisfy { $0.hasSuffix("@acme.test") }, "round \(round)")
                    #expect(!globexPeople.isEmpty && globexPeople.allSatisfy { $0.hasSuffix("@globex.test") }, "round \(round)")
                    #expect(acmeTotal == acmePeople.count, "round \(round)")
                }
                // acme's claim with globex's id as the statements' value: the policies still hide globex's rows.
                let crossed = try await listed(acme, as: globex)
                #expect(crossed.events.isEmpty && crossed.people.isEmpty && crossed.total == 0)
            }
        }
    }

    @Test("The first page of each list is the page the filtered query returns when its filter matches everything")
    func sameRowsAsTheFilteredQuery() async throws {
        try await TestCluster.fromEnvironment().withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let acme = UUID(uuidString: tenants.acmeID)!
            try await database.appDatabase(maximumConnections: 2).running { db in
                try await db.withTenant(acme, logger: .test) { conn in
                    for n in 1...(2 * ListPage.size + 5) {
                        try await AuditLog().record(AuditEvent(action: .tenantViewed, actor: AuditActor(label: "viewer \(n)")), in: conn)
                    }
                }
                try await db.withTenant(acme, logger: .test) { conn in
                    let audit = AuditRepository()
                    var everything = AuditFilter()
                    everything.from = Date(timeIntervalSince1970: 0)
                    let size = ListPage.size
                    let fixed = try await audit.page(filter: AuditFilter(), beforePos: nil, limit: size, in: conn)
                    let filtered = try await audit.page(filter: everything, beforePos: nil, limit: size, in: conn)
                    #expect(fixed.rows.map(\.id) == filtered.rows.map(\.id) && fixed.hasMore && filtered.hasMore)
                    let next = try #require(fixed.rows.last?.pos)
                    let fixedNext = try await audit.page(filter: AuditFilter(), beforePos: next, limit: size, in: conn)
                    let filteredNext = try await audit.page(filter: everything, beforePos: next, limit: size, in: conn)
                    #expect(fixedNext.rows.count == size && fixedNext.rows.map(\.id) == filteredNext.rows.map(\.id))

                    let people = PeopleRepository()
                    var everyone = PeopleFilter()
                    everyone.search = "@"  // every address has one
                    let first = try await people.page(PeopleFilter(), limit: size, now: Date(), in: conn)
                    let searched = try await people.page(everyone, limit: size, now: Date(), in: conn)
                    #expect(!first.page.rows.isEmpty && first.page.rows.map(\.user.email) == searched.page.rows.map(\.user.email))
                    #expect(first.page.rows.map(\.cursor) == searched.page.rows.map(\.cursor) && first.total == searched.total)
                }
            }
        }
    }

    @Test("An audit event with an address and JSON after one with neither, on one connection: both are stored")
    func nullsThenValues() async throws {
        try await TestCluster.fromEnvironment().withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let acme = UUID(uuidString: tenants.acmeID)!
            try await database.appDatabase(maximumConnections: 1).running { db in
                try await db.withTenant(acme, logger: .test) { conn in
                    let log = AuditLog()
                    try await log.record(AuditEvent(action: .tenantViewed, actor: AuditActor(label: "bare")), in: conn)
                    let full = AuditEvent(
                        action: .tenantViewed,
                        actor: AuditActor(label: "full", email: "full@acme.test"),
                        targetType: "tenant",
                        ip: "203.0.113.7",
                        userAgent: "Browser/1.0",
                        before: ["plan": "starter"],
                        after: ["plan": "team"]
                    )
                    try await log.record(full, in: conn)
                    let stored = try await conn.first(
                        """
                        SELECT host(ip), user_agent, before->>'plan', after->>'plan' FROM audit_events
                         WHERE tenant_id = \(acme) AND actor_label = 'full'
                        """,
                        as: (String, String, String, String).self
                    )
                    #expect(stored?.0 == "203.0.113.7" && stored?.1 == "Browser/1.0")
                    #expect(stored?.2 == "starter" && stored?.3 == "team")
                }
            }
        }
    }
}
