import App
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import TestSupport
import Testing

/// Records what the exporter hands to the HTTP layer, and the process's resident memory while it does.
final class ChunkStats: Sendable {
    struct Numbers { var chunks = 0, bytes = 0, largest = 0, peakRSS = 0 }
    let numbers = NIOLockedValueBox(Numbers())

    func record(_ size: Int) {
        numbers.withLockedValue {
            $0.chunks += 1
            $0.bytes += size
            $0.largest = max($0.largest, size)
            if $0.chunks % 16 == 0 { $0.peakRSS = max($0.peakRSS, residentBytes()) }
        }
    }
}

struct CountingWriter: ResponseBodyWriter {
    let stats: ChunkStats
    mutating func write(_ buffer: ByteBuffer) async throws { stats.record(buffer.readableBytes) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Resident set size from /proc (Linux).
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite("Audit export streams")
struct AuditExportStreamingTests {
    @Test("Exporting 100,000 events streams in bounded chunks")
    func hundredThousandEvents() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                INSERT INTO audit_events (tenant_id, actor_label, action, outcome, details, prev_hash, hash)
                SELECT $1, 'load@acme.test', 'auth.sign_in_failed', 'failure',
                       jsonb_build_object('n', n::text, 'padding', repeat('x', 900)), '', ''
                  FROM generate_series(1, 100000) n
                """,
                [tenants.acmeID]
            )
            let db = database.appDatabase(maximumConnections: 2)
            let stats = ChunkStats()
            var count = 0
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                let before = residentBytes()
                var writer: any ResponseBodyWriter = CountingWriter(stats: stats)
                count = try await AuditExporter(database: db).export(
                    tenantID: UUID(uuidString: tenants.acmeID)!,
                    filter: AuditFilter(),
                    format: .csv,
                    to: &writer,
                    logger: .test
                )
                let numbers = stats.numbers.withLockedValue { $0 }
                let growth = max(0, numbers.peakRSS - before)
                print("export: \(numbers.bytes) bytes in \(numbers.chunks) chunks, largest \(numbers.largest), RSS growth \(growth)")
                #expect(numbers.bytes > 50_000_000, "the export is large enough to show buffering")
                #expect(numbers.chunks > 700)
                #expect(numbers.largest < 72 * 1024)
                // Memory is measured out of process, where no other test shares the heap: Tests/browser/test_export_memory.py.
                _ = growth
                group.cancelAll()
            }
            #expect(count == 100_002)
        }
    }
}
