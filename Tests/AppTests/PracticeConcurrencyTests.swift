import App
import Foundation
import HummingbirdTesting
import NIOConcurrencyHelpers
import TestSupport
import Testing

@Suite("Many candidates practise at once without queueing on the tenant's audit chain")
struct PracticeConcurrencyTests {
    static let candidates = 30

    @Test("While another transaction holds acme's chain lock, 30 candidates practise and an audited change commits; sealing waits")
    func candidatesDoNotQueue() async throws {
        try await withApp(configure: sealingInBackground) { browser, database, tenants in
            _ = try await PracticeTests.prepare(browser)
            try await database.withOperator { admin in
                for index in 1...Self.candidates {
                    _ = try await admin.createUser(
                        slug: "acme",
                        email: "runner\(index)@acme.test",
                        name: "Runner \(index)",
                        role: .candidate,
                        password: TwoTenants.password
                    )
                }
            }
            var runners: [Browser] = []
            for index in 1...Self.candidates {
                let runner = Browser(browser.client)
                #expect(try await runner.signIn("acme", email: "runner\(index)@acme.test").status == .seeOther)
                runners.append(runner)
            }
            // The lock the sealer of acme's chain takes (audit_seal: the tenant row, FOR NO KEY UPDATE). Audited writes no
            // longer take it.
            let holder = try database.appConnection()
            try holder.query("BEGIN")
            try database.claim(tenants.acmeID, on: holder)
            try holder.query("SELECT 1 FROM tenants WHERE id = $1 FOR NO KEY UPDATE", [tenants.acmeID])

            let auditedDone = NIOLockedValueBox(false)
            let audited = Task {
                let response = try await browser.createTemplate(["name": "Written while locked"])
                auditedDone.withLockedValue { $0 = true }
                return response
            }
            let finished = NIOLockedValueBox(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for runner in runners {
                    group.addTask {
                        let interview = try await runner.startInterview()
                        #expect(try await runner.answerCurrent(interview, PracticeTests.story).status == .seeOther)
                        #expect(try await runner.answerCurrent(interview, "I listened to both sides.").status == .seeOther)
                        #expect(try await runner.get(interview).text.contains("Behavioural warm-up: result"))
                        finished.withLockedValue { $0 += 1 }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(90))
                    throw CancellationError()
                }
                // The first task to end is either the deadline or the last candidate; wait for all candidates only.
                while finished.withLockedValue({ $0 }) < Self.candidates { _ = try await group.next() }
                group.cancelAll()
            }
            let completed = try holder.query("SELECT count(*) FROM interviews WHERE tenant_id = $1 AND status = 'completed'", [tenants.acmeID])
            #expect(completed == [[String(Self.candidates)]], "every candidate finished while the chain lock was held")
            // The audited change did not wait for the lock: it committed, unsealed, and nothing could seal it meanwhile.
            let saved = try await audited.value
            #expect(saved.status == .seeOther, "the audited change completed while the chain lock was held")
            #expect(auditedDone.withLockedValue { $0 })
            let pending = "SELECT seq IS NULL FROM audit_events WHERE action = 'template.created' ORDER BY pos DESC LIMIT 1"
            #expect(try database.ownerQuery(tenant: tenants.acmeID, pending) == [["t"]])
            #expect(try database.sealAudit(tenant: tenants.acmeID) == 0, "the sealer skips a tenant whose chain is held")
            try holder.query("COMMIT")
            // The server's background sealer links it once the lock is gone.
            #expect(try await eventually { try database.ownerQuery(tenant: tenants.acmeID, pending) == [["f"]] })
        }
    }
}
