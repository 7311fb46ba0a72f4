import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import TestSupport
import Testing

/// A database that cannot serve a request is a 503 page with `Retry-After`, quickly, never a hang or a 500. The system
/// test `Tests/browser/test_faults.py` restarts a real PostgreSQL and exhausts a real server's pool.
@Suite("An unavailable database is a quick 503")
struct DatabaseUnavailableTests {
    @Test("While PostgreSQL cannot be reached, a page is a 503 with Retry-After within the wait; /readyz is a 503 too")
    func unreachable() async throws {
        let cluster = try TestCluster.fromEnvironment()
        // Nothing listens on port 1: every connection attempt is refused, as while PostgreSQL restarts.
        var database = cluster.app
        database.port = 1
        database.connectionWait = .milliseconds(500)
        let configuration = cluster.appConfiguration(database: database)
        let pool = Database(configuration: database, claims: cluster.claims, logger: .test)
        let dependencies = try await AppDependencies.loaded(configuration, database: pool)
        var app = Application(router: try buildRouter(dependencies), logger: .test)
        app.addServices(pool.client)
        try await app.test(.router) { client in
            for path in ["/t/acme/login", "/t/acme/admin"] {
                let started = ContinuousClock.now
                let response = try await client.execute(uri: path, method: .get)
                let waited = ContinuousClock.now - started
                #expect(response.status == .serviceUnavailable, "\(path)")
                #expect(response.headers[.retryAfter] == "5", "\(path)")
                let html = String(buffer: response.body)
                #expect(html.contains("Back in a moment") && html.contains("cannot reach its database"), "\(path)")
                #expect(html.contains("<html") && html.contains("Reference:"), "a whole page like the other error pages")
                // Without the bound the pool keeps a lease waiting for a minute; 30 s leaves room for a machine busy with other tests.
                #expect(waited < .seconds(30), "\(path) answered after \(waited), not soon after the 0.5 s wait")
            }
            let started = ContinuousClock.now
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(String(buffer: ready.body) == "not ready: the database did not answer\n")
            #expect(ContinuousClock.now - started < .seconds(30))
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok, "the process itself is up")
        }
    }

    @Test("When every pooled connection stays busy past the wait, the next request gets DatabaseUnavailable, then works")
    func busyPool() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let acme = UUID(uuidString: tenants.acmeID)!
            var configuration: DatabaseConfiguration = database.appConfiguration
            configuration.connectionWait = .milliseconds(300)
            let db = Database(configuration: configuration, claims: cluster.claims, maximumConnections: 1, logger: .test)
            let holding = NIOLockedValueBox(false)
            let release = NIOLockedValueBox(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                group.addTask {
                    // Holds the only connection until the test has its answer (a minute at most): without the bound
                    // the request below would wait all that time and then succeed.
                    try await db.withConnection { _ in
                        holding.withLockedValue { $0 = true }
                        let until = ContinuousClock.now + .seconds(60)
                        while !release.withLockedValue({ $0 }), ContinuousClock.now < until { try await Task.sleep(for: .milliseconds(20)) }
                    }
                }
                while !holding.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                let started = ContinuousClock.now
                let error = await #expect(throws: DatabaseUnavailable.self) {
                    try await db.withTenant(acme, logger: .test) { _ in }
                }
                let waited = ContinuousClock.now - started
                #expect(error?.reason == .poolExhausted)
                #expect(waited >= .milliseconds(300) && waited < .seconds(30), "waited \(waited)")
                release.withLockedValue { $0 = true }
                try await group.next()  // the holder gives its connection back
                let name = try await db.withTenant(acme, logger: .test) { tenant in
                    try await tenant.first("SELECT name FROM tenants", as: String.self)
                }
                #expect(name == "Acme Corporation", "the pool serves again once the connection is free")
                group.cancelAll()
            }
        }
    }

    @Test(
        "A transaction whose connection PostgreSQL ends fails at once as unavailable: during a statement or between two",
        arguments: ["during a statement", "between statements"]
    )
    func connectionEndedMidTransaction(moment: String) async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let acme = UUID(uuidString: tenants.acmeID)!
            let db = Database(configuration: database.appConfiguration, claims: cluster.claims, maximumConnections: 2, logger: .test)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await db.client.run() }
                let outcome = NIOLockedValueBox<(any Error)??>(nil)
                let terminated = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
                let termination = NIOLockedValueBox<String>("not sent")
                // Unstructured, so that a request stuck for good fails this test instead of hanging the suite.
                _ = Task {
                    do {
                        try await db.withTenant(acme, logger: .test) { tenant in
                            let pid = try #require(try await tenant.first("SELECT pg_backend_pid()", as: Int32.self))
                            // The same role may end its own backends, as a restart ends them all. On a thread of its
                            // own: this body runs on the connection's event loop, and the blocking call would hold up
                            // the pool's other work there or on the two cooperative threads.
                            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
                                let answer: String
                                do {
                                    answer = try database.appConnection().query("SELECT pg_terminate_backend($1)", [String(pid)]).firstText()
                                } catch {
                                    answer = "\(error)"
                                }
                                termination.withLockedValue { $0 = answer }
                                terminated.withLockedValue { $0 = .now }
                            }
                            if moment == "during a statement" {
                                // Far longer than the 15 s allowed after the termination, so a statement that merely
                                // finished is not taken for one that failed at once.
                                try await tenant.run("SELECT pg_sleep(30)")
                            } else {
                                // Work between two statements, until the backend has been ended and a little longer.
                                let until = ContinuousClock.now + .seconds(20)
                                while ContinuousClock.now < until {
                                    if let at = terminated.withLockedValue({ $0 }), ContinuousClock.now - at > .milliseconds(300) { break }
                                }
                                try await tenant.run("SELECT 1")
                            }
                        }
                        outcome.withLockedValue { $0 = .some(nil) }
                    } catch {
                        outcome.withLockedValue { $0 = .some(error) }
                    }
                }
                // Up to 15 s from the moment the backend ended. Unhurt, the request fails within milliseconds; a request that
                // missed the end would wait out the 30 s statement, or for good. The margin is for a busy machine: the
                // suites run in parallel, and their blocking libpq calls can hold Swift's two cooperative threads for
                // seconds, and with them the task that reports the outcome.
                let giveUp = ContinuousClock.now + .seconds(60)
                while outcome.withLockedValue({ $0 }) == nil, ContinuousClock.now < giveUp {
                    if let at = terminated.withLockedValue({ $0 }), ContinuousClock.now - at > .seconds(15) { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let ended = outcome.withLockedValue { $0 }
                #expect(termination.withLockedValue { $0 } == "t", "pg_terminate_backend's answer")
                #expect(ended != nil, "the request still waits 15 s after its connection ended")
                let error = ended.flatMap { $0 }
                #expect(error.flatMap { DatabaseUnavailable($0) } != nil, "\(String(describing: error))")
                let name = try await db.withTenant(acme, logger: .test) { tenant in
                    try await tenant.first("SELECT name FROM tenants", as: String.self)
                }
                #expect(name == "Acme Corporation", "the pool serves the next request on a new connection")
                group.cancelAll()
            }
        }
    }

    @Test("COACH_DB_WAIT_SECONDS sets the server's wait; a value outside 0.1 to 30 seconds is refused with a sentence")
    func waitSetting() throws {
        func wait(_ value: String?) throws -> Duration {
            try DatabaseConfiguration.connectionWait(value.map { ["COACH_DB_WAIT_SECONDS": $0] } ?? [:])
        }
        #expect(try wait(nil) == .milliseconds(1500))
        #expect(try wait("0.25") == .milliseconds(250))
        for bad in ["0", "31", "soon"] {
            let error = #expect(throws: ConfigurationError.self) { try wait(bad) }
            #expect(error?.description.contains("COACH_DB_WAIT_SECONDS must be a number of seconds from 0.1 to 30") == true)
        }
        let tools = try DatabaseConfiguration.fromEnvironment(
            ["COACH_APP_PASSWORD": "x", "COACH_DB_WAIT_SECONDS": "2"],
            userVariable: "COACH_APP_USER",
            defaultUser: "coach_app",
            passwordVariable: "COACH_APP_PASSWORD"
        )
        #expect(tools.connectionWait == nil, "tenantctl and the tests wait as long as the pool takes")
    }
}
