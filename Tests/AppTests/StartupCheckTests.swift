import App
import Foundation
import NIOPosix
import TestSupport
import Testing

/// What an operator reads when coach-server cannot reach PostgreSQL at start-up (exit 69): the address and PostgreSQL's
/// or the socket's reason, never the password.
@Suite("Start-up checks against an unreachable database")
struct StartupCheckTests {
    @Test("A port nothing listens on: the address and the socket's reason")
    func nothingListens() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let socket = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
            let port = socket.localAddress!.port!
            try await socket.close()
            var target = database.appConfiguration
            target.port = port
            let error = await #expect(throws: DatabaseUnreachable.self) {
                _ = try await buildApplication(configuration: cluster.appConfiguration(database: target), logger: .test)
            }
            let message = error?.description ?? ""
            #expect(message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(port): "), "\(message)")
            #expect(message.lowercased().contains("refused"), "\(message)")
        }
    }

    @Test("A wrong password: PostgreSQL's refusal, without the password")
    func wrongPassword() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let target = database.appConfiguration.with(user: database.appConfiguration.user, password: "not-the-password-7Qx")
            let error = await #expect(throws: DatabaseUnreachable.self) {
                _ = try await buildApplication(configuration: cluster.appConfiguration(database: target), logger: .test)
            }
            let message = error?.description ?? ""
            #expect(message.contains("password authentication failed for user \"\(target.user)\""), "\(message)")
            #expect(!message.contains("not-the-password-7Qx"))
        }
    }
}
