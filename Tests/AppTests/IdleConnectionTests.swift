import App
import Foundation
import Hummingbird
import HummingbirdTesting
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
            let app = try await buildApplication(configuration: configuration, logger: .test)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
                // A request every 250 ms for 4 s: each resets the idle clock, so the connection outlives the 3 s timeout.
                var closedWhileInUse = false
                for _ in 0..<16 where !closedWhileInUse {
                    do {
                        try await channel.writeAndFlush(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                        try await Task.sleep(for: .milliseconds(250))
                    } catch {
                        closedWhileInUse = true
                    }
                }
                #expect(!closedWhileInUse && channel.isActive, "in use every 250 ms, the connection stays open")
                let closedByServer = try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        try await channel.closeFuture.get()
                        return true
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(13))
                        return false
                    }
                    let first = try await group.next()!
                    if !first { try? await channel.close() }
                    group.cancelAll()
                    return first
                }
                #expect(closedByServer, "idle, the connection is closed by the server (within 13 s of its last request)")
            }
        }
    }
}
