import App
import Foundation
import TestSupport
import Testing

@Suite("tenantctl as an operator runs it")
struct TenantCtlTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    /// Runs the built `tenantctl` against `database`; returns exit status and combined output.
    func run(_ arguments: [String], database: TestDatabase, extra: [String: String] = [:]) throws -> (Int32, String) {
        try TenantCtlRunner(cluster: cluster, database: database).run(arguments, extra: extra)
    }

    @Test("Create, list, show, suspend and resume a tenant")
    func lifecycle() async throws {
        try await cluster.withFreshDatabase { database in
            let (created, createOutput) = try run(
                ["tenant", "create", "--slug", "initech", "--name", "Initech", "--plan", "team", "--owner-email", "Boss@Initech.test"],
                database: database
            )
            #expect(created == 0)
            #expect(createOutput.contains("created tenant initech"))
            #expect(createOutput.contains("owner: boss@initech.test"))
            let password = try #require(
                createOutput.split(separator: "\n").first { $0.hasPrefix("one-time password: ") }?.dropFirst("one-time password: ".count)
            )
            #expect(password.count == 20)
            let tenantID = try #require(try database.ownerConnection().query("SELECT id FROM tenants WHERE slug = 'initech'").first?[0] ?? nil)
            let oneTime = try database.ownerQuery(tenant: tenantID, "SELECT must_change_password FROM users")
            #expect(oneTime == [["t"]], "the generated password must be replaced at first sign-in")

            let (_, list) = try run(["tenant", "list"], database: database)
            #expect(list.contains("SLUG"))
            #expect(list.contains("initech  Initech  active  team  1"))
            let (_, show) = try run(["tenant", "show", "initech"], database: database)
            #expect(show.contains("owners"))
            #expect(show.contains("boss@initech.test"))
            #expect(try run(["tenant", "suspend", "initech", "--reason", "trial over"], database: database).0 == 0)
            #expect(try run(["tenant", "show", "initech"], database: database).1.contains("trial over"))
            #expect(try run(["tenant", "resume", "initech"], database: database).0 == 0)
            let (planStatus, planOutput) = try run(["tenant", "set-plan", "initech", "--plan", "free"], database: database)
            #expect(planStatus == 0, "\(planOutput)")
            #expect(planOutput.contains("initech: plan team → free"))
            #expect(try run(["plan", "list"], database: database).1.contains("free        Free"))
            #expect(try run(["tenant", "set-plan", "initech", "--plan", "gold"], database: database).1.contains("unknown plan 'gold'"))
            let newPlan = try run(
                [
                    "plan", "create", "startup", "--name", "Startup", "--staff-seats", "10", "--candidates", "40", "--questions", "200",
                    "--languages", "2", "--retention-days", "90", "--features", "exports",
                ],
                database: database
            )
            #expect(
                newPlan.0 == 0 && newPlan.1.contains("created plan startup (Startup): 10 staff seats, 40 candidates, 200 questions"),
                "\(newPlan.1)"
            )
            #expect(try run(["plan", "update", "startup", "--staff-seats", "12"], database: database).1.contains("12 staff seats, 40 candidates"))
            #expect(try run(["plan", "list"], database: database).1.contains("exports"))
            #expect(
                try run(
                    [
                        "plan", "create", "startup", "--name", "X", "--staff-seats", "1", "--candidates", "1", "--questions", "1", "--languages", "1",
                        "--retention-days", "1",
                    ],
                    database: database
                ).0 == 2
            )
            #expect(try run(["plan", "update", "startup", "--staff-seats", "0"], database: database).1.contains("--staff-seats must be from 1"))
            #expect(try run(["plan", "update", "startup", "--features", "sso"], database: database).1.contains("unknown feature 'sso'"))
            #expect(try run(["tenant", "set-plan", "initech", "--plan", "startup"], database: database).0 == 0)
            let trial = try run(["tenant", "set-subscription", "initech", "--state", "trialing", "--until", "2099-01-31"], database: database)
            #expect(trial.0 == 0 && trial.1.contains("initech: subscription active → trialing until 2099-01-31"), "\(trial.1)")
            #expect(try run(["tenant", "show", "initech"], database: database).1.contains("trialing until 2099-01-31"))
            #expect(try run(["tenant", "set-subscription", "initech", "--state", "past_due"], database: database).1.contains("--until is required"))
            #expect(try run(["tenant", "set-subscription", "initech", "--state", "paused"], database: database).1.contains("--state must be one of"))
            let (verified, verifyOutput) = try run(["audit", "verify", "--tenant", "initech"], database: database)
            #expect(verified == 0)
            #expect(verifyOutput.contains("initech: chain intact up to seq"))
        }
    }

    @Test("demo is idempotent: a second run resets the demo passwords and audits the reset")
    func demoTwice() async throws {
        try await cluster.withFreshDatabase { database in
            #expect(try run(["demo"], database: database, extra: ["DEMO_PASSWORD": "first demo password"]).0 == 0)
            #expect(try run(["demo"], database: database, extra: ["DEMO_PASSWORD": "second demo password"]).0 == 0)
            let acme = try database.ownerConnection().query("SELECT id FROM tenants WHERE slug = 'acme'")[0][0]!
            let hash = try database.ownerQuery(tenant: acme, "SELECT password_hash FROM users WHERE email = 'owner@acme.test'")[0][0]!
            #expect(PasswordHasher.verifySync("second demo password", against: hash))
            let resets = try database.ownerQuery(tenant: acme, "SELECT count(*) FROM audit_events WHERE action = 'user.password_reset'")
            #expect(resets == [["4"]], "owner, editor, translator and candidate")
            let bank = try database.ownerQuery(
                tenant: acme,
                """
                SELECT count(*), count(*) FILTER (WHERE latest_version = 2), count(*) FILTER (WHERE status = 'draft'),
                       count(*) FILTER (WHERE status = 'archived') FROM questions
                """
            )
            #expect(bank == [["44", "8", "2", "1"]], "44 questions, 8 with a second version, 2 drafts and 1 archived")
            let translations = try database.ownerQuery(
                tenant: acme,
                """
                SELECT language, count(DISTINCT question_id), count(DISTINCT question_id) FILTER (WHERE state = 'needs_review')
                  FROM question_translation_states GROUP BY language ORDER BY language
                """
            )
            let (outboxStatus, outbox) = try run(["outbox", "--tenant", "acme"], database: database)
            #expect(outboxStatus == 0)
            #expect(outbox.contains("acme · invitation · to new.hire@acme.test"), "\(outbox)")
            #expect(outbox.contains("/t/acme/invitation/"), "the operator can hand the link over")
            #expect(translations == [["de", "8", "3"], ["fr", "5", "3"]], "German and French, some needing review after version 2")
            let globex = try database.ownerConnection().query("SELECT subscription, trial_ends_at > now() FROM tenants WHERE slug = 'globex'")
            #expect(globex == [["trialing", "t"]], "globex is a running trial")
            let practice = try database.ownerQuery(
                tenant: acme,
                """
                SELECT (SELECT count(*) || ' ' || count(*) FILTER (WHERE audience = 'assigned') FROM interview_templates),
                       (SELECT string_agg(u.email, ',') FROM template_assignments a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id),
                       count(*), count(*) FILTER (WHERE overall_score > 0),
                       (SELECT count(*) FROM answers WHERE interview_id IS NOT NULL), count(DISTINCT finished_at::date),
                       bool_and(started_at < finished_at),
                       (SELECT time_zone || ' ' || leaderboard_opt_in FROM users WHERE email = 'candidate@acme.test')
                  FROM interviews WHERE status = 'completed'
                """
            )
            #expect(
                practice == [["4 1", "candidate@acme.test", "6", "6", "21", "6", "t", "Europe/London true"]],
                "4 templates, one assigned to the candidate only; the candidate completed 6 interviews on 6 days with 21 scored answers, and is on the leaderboard"
            )
            let drawsFrom = try database.ownerQuery(
                tenant: acme,
                """
                SELECT string_agg(c.name, ',' ORDER BY c.name) FROM interview_templates t
                  JOIN question_categories c ON c.id = ANY(t.category_ids) WHERE t.name = 'Graduate programme screen'
                """
            )
            #expect(drawsFrom == [["Data science,Software engineering"]], "the assigned template draws from two categories")
            #expect(try run(["demo"], database: database, extra: ["DEMO_PASSWORD": "short"]).0 == 2)
        }
    }

    @Test("Mistakes exit with status 2, say what is wrong and create nothing")
    func mistakes() async throws {
        try await cluster.withFreshDatabase { database in
            _ = try await TwoTenants.create(in: database)
            let cases: [([String], String)] = [
                (["tenant", "create", "--slug", "Bad Slug", "--name", "X", "--owner-email", "a@b.test"], "slug 'Bad Slug' must be"),
                (
                    ["tenant", "create", "--slug", "newco", "--name", "X", "--plan", "platinum", "--owner-email", "a@b.test"],
                    "unknown plan 'platinum'"
                ),
                (["tenant", "create", "--slug", "acme", "--name", "X", "--owner-email", "a@b.test"], "already exists"),
                (["tenant", "create", "--slug", "newco", "--name", "X", "--owner-email", "not-an-email"], "is not an email address"),
                (["tenant", "create", "--slug", "newco", "--name", "X"], "--owner-email"),
                (["tenant", "suspend", "nowhere", "--reason", "x"], "no tenant has slug 'nowhere'"),
                (["tenant", "suspend", "acme", "--reason", "  "], "--reason must say why"),
                (["tenant", "resume", "acme"], "is active, not suspended"),
                (["tenant", "frobnicate"], "frobnicate"),
            ]
            for (arguments, message) in cases {
                let (status, output) = try run(arguments, database: database)
                #expect(status == 2, "\(arguments): \(output)")
                #expect(output.contains(message), "\(arguments): \(output)")
            }
            let count = try database.ownerConnection().query("SELECT count(*) FROM tenants")
            #expect(count == [["2"]])
        }
    }
}
