import Foundation
import SchemaTools
import TestSupport
import Testing

/// Audit events' ids start with the time they were written (migration 0016), so the primary key of a log with millions
/// of events grows at one end instead of writing to a random page for every event.
@Suite("Audit event ids follow time")
struct AuditEventIDTests {
    @Test("Events written a few milliseconds apart get increasing version-7 ids that carry the time they were written")
    func idsFollowTime() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let app = try database.appConnection()
            let started = Date()
            var ids: [String] = []
            for n in 0..<20 {
                try app.execute("BEGIN")
                try database.claim(tenants.acmeID, on: app)
                let id = try app.query(
                    """
                    INSERT INTO audit_events (tenant_id, actor_label, action, details, prev_hash, hash)
                    VALUES ($1, 'load@acme.test', 'audit.read', jsonb_build_object('n', $2::int), '', '') RETURNING id::text
                    """,
                    [tenants.acmeID, String(n)]
                ).firstText()
                try app.execute("COMMIT")
                ids.append(id)
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(ids == ids.sorted(), "ids in the order the events were written")
            #expect(Set(ids).count == ids.count)
            for id in ids {
                let hex = id.replacingOccurrences(of: "-", with: "")
                #expect(Array(hex)[12] == "7", "version 7: \(id)")
                #expect("89ab".contains(Array(hex)[16]), "RFC 9562 variant: \(id)")
                let milliseconds = Double(UInt64(hex.prefix(12), radix: 16) ?? 0)
                let written = Date(timeIntervalSince1970: milliseconds / 1000)
                #expect(abs(written.timeIntervalSince(started)) < 60, "\(id) carries the time it was written, not \(written)")
            }
        }
    }
}
