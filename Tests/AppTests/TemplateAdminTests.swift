import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("One template's page: completion, scores, audience and assigned candidates")
struct TemplateAdminTests {
    /// The owner signed in with two published questions and the "Behavioural warm-up" template, a second acme candidate
    /// (Olive Other), and the template page's path as linked from the list.
    static func prepare(_ browser: Browser, _ database: TestDatabase) async throws -> String {
        _ = try await PracticeTests.prepare(browser)
        try await database.withOperator { admin in
            try await admin.createUser(slug: "acme", email: "other@acme.test", name: "Olive Other", role: .candidate, password: TwoTenants.password)
        }
        let list = try await browser.get("/t/acme/admin/templates")
        let link = try #require(list.text.range(of: #"href="/t/acme/admin/templates/[0-9a-f-]{36}""#, options: .regularExpression))
        return String(list.text[link].dropFirst(6).dropLast())
    }

    static func assign(_ browser: Browser, _ page: String, _ emails: String) async throws -> TestResponse {
        try await browser.post(page + "/assign", form: ["_csrf": try await browser.csrfToken(from: page), "emails": emails])
    }

    static func candidate(_ browser: Browser, _ email: String) async throws -> Browser {
        let candidate = Browser(browser.client)
        try await candidate.signIn("acme", email: email)
        return candidate
    }

    static func userID(_ database: TestDatabase, _ tenant: String, _ email: String) throws -> String {
        try #require(try database.ownerQuery(tenant: tenant, "SELECT id FROM users WHERE email = $1", [email]).first?[0] ?? nil)
    }

    @Test("Assigned and set to assigned candidates only: the assigned candidate sees and starts it, another gets nothing and a 404")
    func assignAndRestrict() async throws {
        try await withApp { browser, database, _ in
            let page = try await Self.prepare(browser, database)
            let before = try await browser.get(page)
            #expect(before.status == .ok && before.text.contains("<h1>Behavioural warm-up</h1>"))
            #expect(before.text.contains("<dt>Audience</dt><dd>Open to every candidate</dd>"))
            #expect(before.text.contains("Nobody is assigned to this template.") && before.text.contains("Nobody has taken this template yet."))

            let assigned = try await Self.assign(browser, page, "Candidate@Acme.test\n")
            #expect(assigned.location == page + "?template_assigned=1")
            let listed = try await browser.get(assigned.location ?? page).text
            #expect(listed.contains("The candidates are assigned to this template."))
            #expect(listed.contains("<td>Casey Candidate</td><td class=\"wrap\">candidate@acme.test</td>"))
            #expect(listed.contains("Assignments only matter while the audience is “Assigned candidates only”."))

            let token = try await browser.csrfToken(from: page)
            let audience = try await browser.post(page + "/audience", form: ["_csrf": token, "audience": "assigned"])
            #expect(audience.location == page + "?template_audience_saved=1")
            let restricted = try await browser.get(page).text
            #expect(restricted.contains("<dt>Audience</dt><dd>Assigned candidates only</dd>"))
            #expect(restricted.contains("0 of 1 candidate in the audience completed it at least once."))
            let list = try await browser.get("/t/acme/admin/templates").text
            #expect(list.contains("<td>Assigned candidates only (1 assigned)</td>"))

            let casey = try await Self.candidate(browser, "candidate@acme.test")
            #expect(try await casey.get("/t/acme/").text.contains("Behavioural warm-up"))
            _ = try await casey.startInterview()
            let olive = try await Self.candidate(browser, "other@acme.test")
            let home = try await olive.get("/t/acme/").text
            #expect(!home.contains("Behavioural warm-up"), "not assigned, so not offered")
            let start = "/t/acme/practice/start/" + page.split(separator: "/").last!
            #expect(try await olive.post(start, form: ["_csrf": try #require(Browser.csrf(in: home))]).status == .notFound)

            let bad = try await browser.post(page + "/audience", form: ["_csrf": token, "audience": "everyone"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Audience: choose “Open to every candidate” or “Assigned candidates only”."))
        }
    }

    @Test("Unknown, staff, deactivated and other-tenant addresses are refused by name and nothing is assigned")
    func refusals() async throws {
        try await withApp { browser, database, tenants in
            let page = try await Self.prepare(browser, database)
            _ = try database.ownerQuery(tenant: tenants.acmeID, "UPDATE users SET status = 'deactivated' WHERE email = 'other@acme.test'")
            let typed = "candidate@acme.test, nobody@acme.test\nowner@acme.test; candidate@globex.test other@acme.test"
            let refused = try await Self.assign(browser, page, typed)
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains(
                    "Nothing was assigned: nobody@acme.test, owner@acme.test, candidate@globex.test, other@acme.test are not active candidates of Acme Corporation."
                ),
                "\(refused.text)"
            )
            #expect(refused.text.contains(">\(typed)</textarea>"), "what was typed stays")
            let notAddress = try await Self.assign(browser, page, "candidate@acme.test, casey")
            #expect(notAddress.status == .unprocessableContent && notAddress.text.contains("Email addresses: casey is not an address."))
            let many = (1...201).map { "c\($0)@acme.test" }.joined(separator: "\n")
            #expect(try await Self.assign(browser, page, many).text.contains("at most 200 at a time; you entered 201."))
            #expect(try await Self.assign(browser, page, " \n ").status == .unprocessableContent)
            let rows = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT (SELECT count(*) FROM template_assignments), (SELECT count(*) FROM audit_events WHERE action = 'template.assigned')"
            )
            #expect(rows == [["0", "0"]], "all or nothing")
        }
    }

    @Test("Removing an assignment takes the template away; an unassigned or foreign person is a 404")
    func remove() async throws {
        try await withApp { browser, database, tenants in
            let page = try await Self.prepare(browser, database)
            #expect(try await Self.assign(browser, page, "candidate@acme.test").status == .seeOther)
            let token = try await browser.csrfToken(from: page)
            _ = try await browser.post(page + "/audience", form: ["_csrf": token, "audience": "assigned"])
            let casey = try await Self.candidate(browser, "candidate@acme.test")
            #expect(try await casey.get("/t/acme/").text.contains("Behavioural warm-up"))
            let caseyID = try Self.userID(database, tenants.acmeID, "candidate@acme.test")
            #expect(try await browser.get(page).text.contains("name=\"user\" value=\"\(caseyID)\""))

            let removed = try await browser.post(page + "/unassign", form: ["_csrf": token, "user": caseyID])
            #expect(removed.location == page + "?template_unassigned=1")
            #expect(try await browser.get(page).text.contains("Nobody is assigned to this template."))
            #expect(!(try await casey.get("/t/acme/").text.contains("Behavioural warm-up")))

            #expect(try await browser.post(page + "/unassign", form: ["_csrf": token, "user": caseyID]).status == .notFound)
            let globexID = try Self.userID(database, tenants.globexID, "candidate@globex.test")
            #expect(try await browser.post(page + "/unassign", form: ["_csrf": token, "user": globexID]).status == .notFound)
            #expect(try await browser.post(page + "/unassign", form: ["_csrf": token, "user": "nonsense"]).status == .notFound)
        }
    }
}

extension TemplateAdminTests {
    @Test("After two candidates completed it, the page counts people, the rate, the buckets, the median and the average")
    func figures() async throws {
        try await withApp { browser, database, tenants in
            let page = try await Self.prepare(browser, database)
            try await database.withOperator { admin in
                try await admin.createUser(
                    slug: "acme",
                    email: "third@acme.test",
                    name: "Tara Third",
                    role: .candidate,
                    password: TwoTenants.password
                )
            }
            let casey = try await Self.candidate(browser, "candidate@acme.test")
            let first = try await casey.startInterview()
            _ = try await casey.answerCurrent(first, PracticeTests.story)
            _ = try await casey.answerCurrent(first, "I listened to both sides and we agreed.")
            let olive = try await Self.candidate(browser, "other@acme.test")
            let dropped = try await olive.startInterview()
            let home = try await olive.get("/t/acme/").text
            #expect(try await olive.post(dropped + "/abandon", form: ["_csrf": try #require(Browser.csrf(in: home))]).status == .seeOther)
            let second = try await olive.startInterview()
            _ = try await olive.answerCurrent(second, "")
            _ = try await olive.answerCurrent(second, "")
            _ = try await Self.candidate(browser, "third@acme.test").startInterview()

            let scores = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT overall_score FROM interviews WHERE status = 'completed' ORDER BY overall_score"
            ).compactMap { $0[0].flatMap(Int.init) }
            #expect(scores.count == 2)
            let text = try await browser.get(page).text
            #expect(text.contains("<p class=\"figure\">67%</p>") && text.contains("2 of 3 candidates in the audience completed it at least once."))
            #expect(text.contains("<dt>Candidates in the audience</dt><dd>3</dd>") && text.contains("<dt>Started</dt><dd>3</dd>"))
            #expect(text.contains("<dt>Completed at least once</dt><dd>2</dd>") && text.contains("<dt>In progress now</dt><dd>1</dd>"))
            #expect(text.contains("<dt>Abandoned one</dt><dd>1</dd>"))
            #expect(text.contains("<dt>Completed interviews</dt><dd>2</dd>"))
            let middle = Double(scores.reduce(0, +)) / 2
            let median = middle == middle.rounded() ? String(Int(middle)) : String(format: "%.1f", middle)
            #expect(
                text.contains("<dt>Median score</dt><dd>\(median)</dd>") && text.contains("<dt>Average score</dt><dd>\(Int(middle.rounded()))</dd>")
            )
            for (label, range) in [("0–19", 0...19), ("20–39", 20...39), ("40–59", 40...59), ("60–79", 60...79), ("80–100", 80...100)] {
                let count = scores.filter(range.contains).count
                #expect(text.contains("<tr><td>\(label)</td><td class=\"num\">\(count)</td></tr>"), "\(label): \(count)")
            }
            #expect(text.contains("<svg class=\"trend-svg\"") && text.contains("<rect class=\"score-bar\""))
        }
    }

    @Test("Another tenant's or an unknown template is a 404; archived ones are read-only; every change is audited once")
    func isolationArchiveAndAudit() async throws {
        try await withApp { browser, database, tenants in
            let page = try await Self.prepare(browser, database)
            let globex = try #require(
                try database.ownerQuery(
                    tenant: tenants.globexID,
                    """
                    INSERT INTO interview_templates (tenant_id, name, kind, question_count, seconds_per_question)
                    VALUES ($1::uuid, 'Globex screen', 'mixed', 2, 60) RETURNING id
                    """,
                    [tenants.globexID]
                ).first?[0] ?? nil
            )
            let token = try await browser.csrfToken(from: page)
            for id in [globex, UUID().uuidString.lowercased(), "nonsense"] {
                #expect(try await browser.get("/t/acme/admin/templates/\(id)").status == .notFound)
                let post = try await browser.post("/t/acme/admin/templates/\(id)/assign", form: ["_csrf": token, "emails": "candidate@acme.test"])
                #expect(post.status == .notFound)
            }

            _ = try await Self.assign(browser, page, "candidate@acme.test")
            _ = try await Self.assign(browser, page, "candidate@acme.test")
            _ = try await browser.post(page + "/audience", form: ["_csrf": token, "audience": "assigned"])
            _ = try await browser.post(page + "/audience", form: ["_csrf": token, "audience": "assigned"])
            let caseyID = try Self.userID(database, tenants.acmeID, "candidate@acme.test")
            _ = try await browser.post(page + "/unassign", form: ["_csrf": token, "user": caseyID])
            let templateID = String(page.split(separator: "/").last!)
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                SELECT action, lower(target_id) = $1, coalesce(after->>'emails', before->>'candidate', ''),
                       coalesce(before->>'audience', '') || '>' || coalesce(after->>'audience', ''), actor_email
                  FROM audit_events WHERE action IN ('template.assigned', 'template.unassigned', 'template.audience_changed') ORDER BY pos
                """,
                [templateID]
            )
            #expect(
                events == [
                    ["template.assigned", "t", "candidate@acme.test", ">", "owner@acme.test"],
                    ["template.audience_changed", "t", "", "all>assigned", "owner@acme.test"],
                    ["template.unassigned", "t", "candidate@acme.test", ">", "owner@acme.test"],
                ],
                "a repeated assignment or an unchanged audience writes nothing"
            )

            let due = try await browser.createTemplate(["name": "Graduate screen", "due": "2030-12-31"])
            #expect(due.status == .seeOther)
            let list = try await browser.get("/t/acme/admin/templates").text
            let link = try #require(list.range(of: #"/t/acme/admin/templates/[0-9a-f-]{36}(?=">Graduate screen)"#, options: .regularExpression))
            let graduate = String(list[link])
            _ = try await Self.assign(browser, graduate, "candidate@acme.test")
            _ = try await browser.post(graduate + "/audience", form: ["_csrf": token, "audience": "assigned"])
            #expect(try await browser.get(graduate).text.contains("<strong>1 not completed, due 2030-12-31</strong>"))

            #expect(try await browser.post(graduate + "/archive", form: ["_csrf": token]).status == .seeOther)
            let archived = try await browser.get(graduate)
            #expect(archived.status == .ok && archived.text.contains("Archived on ") && archived.text.contains("Casey Candidate"))
            #expect(!archived.text.contains("Assign candidates") && !archived.text.contains("Save audience") && !archived.text.contains(">Remove<"))
            #expect(try await Self.assign(browser, graduate, "other@acme.test").status == .conflict)
        }
    }
}
