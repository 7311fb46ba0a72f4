import App
import Foundation
import TestSupport
import Testing

@Suite("Audit chain verification and retention")
struct AuditVerificationTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    /// Acme with ten extra events (seq 1..12 in all).
    func seeded(_ admin: TenantAdmin) async throws -> TwoTenants {
        let tenants = try await TwoTenants.create(with: admin)
        for _ in 0..<5 {
            try await admin.suspend(slug: "acme", reason: "test")
            try await admin.resume(slug: "acme")
        }
        #expect(try await admin.sealAudit(slug: "acme") == 12)
        return tenants
    }

    /// Runs `sql` as the cluster's superuser, which bypasses row-level security and may switch the append-only
    /// triggers off: the strongest insider the chain must still expose.
    func tamper(_ database: TestDatabase, tenantID: String, _ sql: String) throws {
        let socket = try #require(ProcessInfo.processInfo.environment["PGSOCKDIR"], "make test exports the cluster's socket folder")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = [
            "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socket, "-p", String(database.ownerConfiguration.port),
            "-d", database.name, "-c",
            "BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; \(sql); ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;",
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the superuser's edit ran")
        _ = tenantID
    }

    @Test("An untouched chain verifies up to its last event")
    func intactChain() async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                _ = try await seeded(admin)
                let result = try await admin.verifyAudit(slug: "acme")
                #expect(result == ChainVerification(intact: true, checkedUpTo: 12, firstBroken: nil, problem: nil))
                #expect(result.summary == "chain intact up to seq 12")
            }
        }
    }

    /// One way an insider could tamper with acme's chain (`{acme}` stands for acme's tenant condition), and what
    /// verification must report.
    struct Tampering: Sendable, CustomTestStringConvertible {
        let name: String
        let sql: String
        let firstBroken: Int64
        let problem: String?
        var testDescription: String { name }
    }

    static let tamperings = [
        Tampering(
            name: "an edited row is found at its seq",
            sql: "UPDATE audit_events SET details = '{\"reason\": \"nothing to see\"}' WHERE seq = 7 AND {acme}",
            firstBroken: 7,
            problem: "event 7 was changed after it was written"
        ),
        Tampering(
            name: "an edit that also recomputes the row's own hash is found at the next seq",
            sql: """
                UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 5 AND {acme};
                UPDATE audit_events a SET hash = sha256(a.prev_hash || audit_event_canonical(a)) WHERE seq = 5 AND {acme}
                """,
            firstBroken: 6,
            problem: "event 6 does not link to the event before it"
        ),
        Tampering(
            name: "a deleted row is found",
            sql: "DELETE FROM audit_events WHERE seq = 4 AND {acme}",
            firstBroken: 4,
            problem: "event 4 is missing or out of order (found 5)"
        ),
        Tampering(
            name: "reordered rows are found",
            sql: """
                UPDATE audit_events SET seq = -1 WHERE seq = 8 AND {acme};
                UPDATE audit_events SET seq = 8 WHERE seq = 9 AND {acme};
                UPDATE audit_events SET seq = 9 WHERE seq = -1 AND {acme}
                """,
            firstBroken: 8,
            problem: nil
        ),
    ]

    @Test("Tampering by the superuser is found at the right seq", arguments: tamperings)
    func tamperingDetected(_ tampering: Tampering) async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                let tenants = try await seeded(admin)
                try tamper(
                    database,
                    tenantID: tenants.acmeID,
                    tampering.sql.replacingOccurrences(of: "{acme}", with: "tenant_id = '\(tenants.acmeID)'")
                )
                let result = try await admin.verifyAudit(slug: "acme")
                #expect(!result.intact)
                #expect(result.firstBroken == tampering.firstBroken)
                #expect(result.checkedUpTo == tampering.firstBroken - 1)
                if let problem = tampering.problem { #expect(result.problem == problem) }
            }
        }
    }

    @Test("Verification results are stored for the admin badge and the check is audited")
    func verificationRecorded() async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                let tenants = try await seeded(admin)
                _ = try await admin.verifyAudit(slug: "acme")
                let rows = try database.ownerQuery(
                    tenant: tenants.acmeID,
                    "SELECT intact, checked_up_to, (SELECT action FROM audit_events ORDER BY pos DESC LIMIT 1) FROM audit_verifications"
                )
                #expect(rows == [["t", "12", "audit.verified"]])
            }
        }
    }

    @Test("Pruning past the plan's retention leaves a checkpoint, and the rest of the chain still verifies")
    func pruneKeepsChainVerifiable() async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                let tenants = try await seeded(admin)
                try await Task.sleep(for: .milliseconds(50))
                let boundary = Date()
                try await Task.sleep(for: .milliseconds(50))
                try await admin.suspend(slug: "acme", reason: "after the boundary")
                try await admin.resume(slug: "acme")
                // The team plan keeps 365 days; a year after `boundary`, everything before it is due.
                let results = try await admin.pruneAudit(slug: "acme", now: boundary.addingTimeInterval(365 * 86_400))
                #expect(results.first?.removed == 12)
                #expect(results.first?.checkpointSeq == 12)
                let result = try await admin.verifyAudit(slug: "acme")
                #expect(result.intact, "\(result.summary)")
                // 13, 14 survive; 15 is the prune event itself, 16 this verification's own event comes after the check.
                #expect(result.checkedUpTo == 15)

                let remaining = try database.ownerQuery(tenant: tenants.acmeID, "SELECT min(seq), count(*) FROM audit_events")
                #expect(remaining == [["13", "4"]])
                // Globex was not touched.
                #expect(try await admin.verifyAudit(slug: "globex").checkedUpTo == 2)
            }
        }
    }

    @Test("Pruning everything continues the chain from the checkpoint")
    func pruneAll() async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                _ = try await seeded(admin)
                let results = try await admin.pruneAudit(slug: "acme", now: Date().addingTimeInterval(400 * 86_400))
                #expect(results.first?.removed == 12)
                try await admin.suspend(slug: "acme", reason: "after pruning")
                let result = try await admin.verifyAudit(slug: "acme")
                #expect(result.intact, "\(result.summary)")
                #expect(result.checkedUpTo == 14)
            }
        }
    }

    @Test("Nothing is pruned inside the retention period")
    func pruneNothing() async throws {
        try await cluster.withFreshDatabase { database in
            try await database.withOperator { admin in
                _ = try await seeded(admin)
                let results = try await admin.pruneAudit(slug: "acme")
                #expect(results.first?.removed == 0)
                #expect(results.first?.checkpointSeq == nil)
            }
        }
    }
}
