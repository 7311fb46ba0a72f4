import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// A keep-alive connection that sits idle is closed by the server after `idleConnectionTimeout`, so a client that once
/// opened many connections does not keep the server's memory for them.
@Suite("Idle keep-alive connections")
struct IdleConnectionTests {
    @Test("A connection idle past the timeout is closed; one in use stays open")
    func idleConnectionIsClosed() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            var configuration = database.appConfiguration()
            configuration.auditSealInterval = nil
            configuration.port = 0
            configuration.idleConnectionTimeout = .seconds(3)
            // The server's connections and this client on an event loop of their own: other suites, running in
            // parallel, make blocking calls on the shared loops, and a loop held past the timeout runs the idle timer
            // before it reads the request that was waiting.
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let app = try await buildApplication(configuration: configuration, logger: .test, eventLoopGroup: .shared(group))
            do {
                try await Self.useThenLeaveIdle(app)
            } catch {
                try await group.shutdownGracefully()
                throw error
            }
            try await group.shutdownGracefully()
        }
    }

    static func useThenLeaveIdle(_ app: some ApplicationProtocol) async throws {
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let channel = try await ClientBootstrap(group: app.eventLoopGroup).connect(host: "127.0.0.1", port: port).get()
            // A request every 250 ms for 4 s: each resets the idle clock, so the connection outlives the 3 s timeout.
            // Sent from the channel's event loop, not from a task: the suites run in parallel, and their blocking
            // calls can hold Swift's two cooperative threads for seconds, which would leave the connection idle for
            // real. The longest gap between two requests is measured, so a machine that stalled even the event
            // loop past the timeout is told apart from a server that closed a connection in use.
            let request = ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let sending = NIOLockedValueBox((sent: 0, last: NIODeadline.now(), longestGap: TimeAmount.zero, failed: false))
            let done = channel.eventLoop.makePromise(of: Void.self)
            channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(250)) { task in
                let now = NIODeadline.now()
                let sent = sending.withLockedValue { state in
                    state.longestGap = max(state.longestGap, now - state.last)
                    state.last = now
                    state.sent += 1
                    return state.sent
                }
                guard sent <= 16 else {
                    task.cancel()
                    return done.succeed()
                }
                channel.writeAndFlush(request).whenFailure { _ in sending.withLockedValue { $0.failed = true } }
            }
            try await done.futureResult.get()
            let (failed, longestGap) = sending.withLockedValue { ($0.failed, $0.longestGap) }
            #expect(
                (!failed && channel.isActive) || longestGap >= .seconds(3),
                "in use every 250 ms (the longest gap \(longestGap.nanoseconds / 1_000_000) ms), the connection stays open"
            )
            let closedByServer = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await channel.closeFuture.get()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(60))
                    return false
                }
                let first = try await group.next()!
                if !first { try? await channel.close() }
                group.cancelAll()
                return first
            }
            #expect(
                closedByServer,
                "idle, the connection is closed by the server (within 60 s of its last request: 3 s once its responses are written, and a busy machine may take long to write them)"
            )
        }
    }
}
