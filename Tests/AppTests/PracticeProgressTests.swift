import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Practice progress: dashboard, history, preferences, leaderboard, report and PDF")
struct PracticeProgressTests {
    /// Signs the candidate in and completes one two-question interview; returns the candidate and the interview path.
    static func completedInterview(_ browser: Browser) async throws -> (Browser, String) {
        _ = try await PracticeTests.prepare(browser)
        let candidate = Browser(browser.client)
        try await candidate.signIn("acme", email: "candidate@acme.test")
        let interview = try await candidate.startInterview()
        #expect(try await candidate.answerCurrent(interview, PracticeTests.story).status == .seeOther)
        #expect(try await candidate.answerCurrent(interview, "I listened to both sides and we agreed.").status == .seeOther)
        return (candidate, interview)
    }

    @Test("The dashboard shows the streak, the chart with its table, categories and the first achievement")
    func dashboard() async throws {
        try await withApp { browser, _, _ in
            let (candidate, _) = try await Self.completedInterview(browser)
            let home = try await candidate.get("/t/acme/").text
            #expect(home.contains("<h2>Current streak</h2><p class=\"figure\">1 day</p>"))
            #expect(home.contains("<svg class=\"trend-svg\"") && home.contains("<caption>Scores over time</caption>"))
            #expect(home.contains("Scores by category") && home.contains("No category"))
            #expect(home.contains("Achievements (1 of 6)"), "the first interview is an achievement")
            #expect(home.contains("Days are counted in GMT"), "no time zone chosen yet")
        }
    }

    @Test("Preferences: an unknown time zone is refused with the choice kept; a saved one counts the days")
    func preferences() async throws {
        try await withApp { browser, _, _ in
            let (candidate, _) = try await Self.completedInterview(browser)
            let token = try await candidate.csrfToken(from: "/t/acme/account/preferences")
            let bad = try await candidate.post("/t/acme/account/preferences", form: ["_csrf": token, "time_zone": "Mars/Olympus"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Time zone: choose one of the listed time zones."))
            let good = try await candidate.post(
                "/t/acme/account/preferences",
                form: ["_csrf": token, "time_zone": "Asia/Tokyo", "leaderboard": "on"]
            )
            #expect(good.location == "/t/acme/account/preferences?preferences_saved=1")
            let home = try await candidate.get("/t/acme/").text
            #expect(home.contains("Days are counted in Asia/Tokyo"))
            #expect(home.contains("(you)") && !home.contains("Casey Candidate (you)"), "on the board under a pseudonym")
            #expect(home.contains("You appear on the leaderboard."))
        }
    }

    @Test("History pages hold 25 interviews each, newest first; a bad cursor is a 400")
    func history() async throws {
        try await withApp { browser, database, tenants in
            let (candidate, _) = try await Self.completedInterview(browser)
            // 30 more finished interviews, written directly so the test stays quick.
            _ = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                INSERT INTO interviews (tenant_id, template_id, user_id, status, started_at, finished_at, overall_score)
                SELECT i.tenant_id, i.template_id, i.user_id, 'abandoned', now() - n * interval '1 day', now() - n * interval '1 day', NULL
                  FROM interviews i, generate_series(1, 30) n
                """
            )
            let first = try await candidate.get("/t/acme/practice/history")
            #expect(first.text.components(separatedBy: "<tr><td><a href=").count - 1 == 25)
            let next = try #require(first.text.range(of: #"/t/acme/practice/history\?after=[0-9a-f-]{36}"#, options: .regularExpression))
            let second = try await candidate.get(String(first.text[next]))
            #expect(second.text.components(separatedBy: "<tr><td><a href=").count - 1 == 6)
            #expect(!second.text.contains("rel=\"next\""))
            #expect(try await candidate.get("/t/acme/practice/history?after=nonsense").status == .badRequest)
        }
    }

    @Test("The printable report and its PDF, rendered once and kept with the interview; another candidate gets 404")
    func report() async throws {
        try await withApp { browser, database, tenants in
            let (candidate, interview) = try await Self.completedInterview(browser)
            let report = try await candidate.get(interview + "/report")
            #expect(report.status == .ok && report.text.contains("<body class=\"report\">") && report.text.contains("Casey Candidate"))
            #expect(report.text.contains("<details open>"), "sample answers are open on paper")
            let owner = try await browser.get(interview + "/report.pdf")
            #expect(owner.status == .forbidden || owner.status == .notFound, "only the candidate's own")
            guard ReportPrinter.locate() != nil else { return }
            let pdf = try await candidate.get(interview + "/report.pdf")
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.text.hasPrefix("%PDF-"))
            let stored = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*), min(length(pdf)) > 1000 FROM interview_reports")
            #expect(stored == [["1", "t"]])
            #expect(try await candidate.get(interview + "/report.pdf").text.hasPrefix("%PDF-"), "served again from the database")
        }
    }
}

@Suite("Admins follow a candidate's progress")
struct CandidateProgressTests {
    @Test("The owner sees the candidate's scores, not their answers; staff ids and other tenants' ids are 404")
    func progressPage() async throws {
        try await withApp { browser, database, tenants in
            _ = try await PracticeProgressTests.completedInterview(browser)
            let ids = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT (SELECT id FROM users WHERE email = 'candidate@acme.test'), (SELECT id FROM users WHERE email = 'owner@acme.test')"
            )
            let candidate = try #require(ids.first?[0] ?? nil)
            let owner = try #require(ids.first?[1] ?? nil)
            let people = try await browser.get("/t/acme/admin/people")
            #expect(people.text.contains("/t/acme/admin/people/\(candidate)/progress"))
            let page = try await browser.get("/t/acme/admin/people/\(candidate)/progress")
            #expect(page.status == .ok && page.text.contains("Progress: Casey Candidate"))
            #expect(page.text.contains("<h2>Interviews completed</h2><p class=\"figure\">1</p>") && page.text.contains("Behavioural warm-up"))
            #expect(!page.text.contains("canary releases"), "what the candidate wrote stays theirs")
            #expect(try await browser.get("/t/acme/admin/people/\(owner)/progress").status == .notFound)
            let globexCandidate = try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM users WHERE role = 'candidate' LIMIT 1")
            let other = try #require(globexCandidate.first?[0] ?? nil)
            #expect(try await browser.get("/t/acme/admin/people/\(other)/progress").status == .notFound)
        }
    }
}
