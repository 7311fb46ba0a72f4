import App
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// A request holds one pooled connection from its tenant lookup to its end; calls that cannot share it lease their own.
@Suite("One connection lease per request")
struct RequestLeaseTests {
    @Test("A signed-in page takes one lease for its tenant lookup, session check and page")
    func onePerPage() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            _ = try await TwoTenants.create(in: database)
            let pool = Database(configuration: database.appConfiguration, claims: cluster.claims, logger: .test)
            let dependencies = try await AppDependencies.loaded(database.appConfiguration(), database: pool)
            var app = Application(router: try buildRouter(dependencies), logger: .test)
            app.addServices(pool.client)
            try await app.test(.router) { client in
                let browser = Browser(client)
                try await browser.signIn("acme", email: "owner@acme.test")
                for path in ["/t/acme/admin/audit", "/t/acme/admin/people", "/t/acme/admin/questions"] {
                    let before = pool.leasesTaken
                    let page = try await browser.get(path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(pool.leasesTaken - before == 1, "\(path) took \(pool.leasesTaken - before) leases")
                }
            }
        }
    }

    @Test("Two calls at once get two connections; after a password hash or the request's end, calls lease their own")
    func sharingRules() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let acme = UUID(uuidString: try await TwoTenants.create(in: database).acmeID)!
            let pool = Database(configuration: database.appConfiguration, claims: cluster.claims, logger: .test)
            try await pool.running { db in
                @Sendable func backend(sleeping seconds: Double = 0) async throws -> Int32 {
                    try await db.withTenant(acme, logger: .test) { tenant in
                        try await tenant.first("SELECT pg_backend_pid() FROM pg_sleep(\(seconds))", as: Int32.self)!
                    }
                }
                let start = db.leasesTaken
                let (first, second, outlived) = try await db.withRequestLease(logger: .test) {
                    let first = try await backend()
                    #expect(try await backend() == first, "calls one after another share the request's connection")
                    async let slow = backend(sleeping: 0.3)
                    async let quick = backend()
                    let (a, b) = try await (slow, quick)
                    #expect(a != b, "calls at the same time never share a connection")
                    #expect(db.leasesTaken - start == 2, "the request's lease and one more for the second caller")
                    _ = try await PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1)).hash("x")
                    let second = try await backend()
                    #expect(db.leasesTaken - start == 3, "after a hash the request's connection went back; the next call leased")
                    let outlived = Task {
                        try await Task.sleep(for: .milliseconds(200))
                        return try await backend()
                    }
                    return (first, second, outlived)
                }
                #expect(first != 0 && second != 0)
                let leasesAtEnd = db.leasesTaken
                _ = try await outlived.value
                #expect(db.leasesTaken == leasesAtEnd + 1, "a task that outlives its request leases its own connection")
            }
        }
    }
}
