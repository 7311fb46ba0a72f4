import App
import Foundation
import TestSupport
import Testing

/// Sessions and sign-in attempts keep an IP address and a user agent; after 90 days the purger deletes them.
@Suite("Old sessions and sign-in attempts are deleted")
struct SignInRecordPurgerTests {
    @Test("Records past 90 days go in every tenant, each tenant's counts in its own audit log; newer ones stay")
    func purgesOldRecords() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let owners = [(tenants.acmeID, "owner@acme.test"), (tenants.globexID, "owner@globex.test")]
            for (tenant, email) in owners {
                try database.ownerQuery(
                    tenant: tenant,
                    """
                    INSERT INTO sessions (tenant_id, user_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
                    SELECT tenant_id, id, sha256(convert_to(email || age, 'UTF8')), now() - make_interval(days => age),
                           now() - make_interval(days => age), now() - make_interval(days => age) + interval '12 hours',
                           '203.0.113.9', 'Browser ' || age
                      FROM users, unnest(ARRAY[91, 89]) age WHERE email = $1
                    """,
                    [email]
                )
                try database.ownerQuery(
                    tenant: tenant,
                    """
                    INSERT INTO sign_in_attempts (tenant_id, user_id, email, ip, user_agent, succeeded, attempted_at)
                    SELECT tenant_id, id, email, '203.0.113.9', 'Browser ' || age, false, now() - make_interval(days => age)
                      FROM users, unnest(ARRAY[120, 91, 89, 0]) age WHERE email = $1
                    """,
                    [email]
                )
            }
            let pool = Database(configuration: database.appConfiguration, claims: cluster.claims, logger: .test)
            try await pool.running { db in
                let purger = SignInRecordPurger(database: db, logger: .test)
                let first = await purger.purgeEveryTenant()
                #expect(first.sessions == 2 && first.attempts == 4, "one session and two attempts in each of two tenants")
                let second = await purger.purgeEveryTenant()
                #expect(second.sessions == 0 && second.attempts == 0, "nothing left to delete")
            }
            for (tenant, _) in owners {
                let left = try database.ownerQuery(
                    tenant: tenant,
                    """
                    SELECT (SELECT string_agg(user_agent, ',' ORDER BY user_agent) FROM sessions),
                           (SELECT string_agg(user_agent, ',' ORDER BY user_agent) FROM sign_in_attempts)
                    """
                )
                #expect(left == [["Browser 89", "Browser 0,Browser 89"]])
                let events = try database.ownerQuery(
                    tenant: tenant,
                    """
                    SELECT actor_label, details->>'sessions', details->>'attempts', details->>'older_than_days' FROM audit_events
                     WHERE action = 'auth.sign_in_records_purged'
                    """
                )
                #expect(events == [["retention", "1", "2", "90"]], "one event, with the counts of its own tenant")
            }
        }
    }
}
