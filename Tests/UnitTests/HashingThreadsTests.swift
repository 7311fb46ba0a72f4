import App
import Foundation
import Synchronization
import Testing

/// argon2id runs where a burst of sign-ins cannot take the cores pages need: few threads, lowest priority.
struct HashingThreadsTests {
    @Test func aHashRunsAtTheLowestPriorityAndLeavesTheCallerAlone() async throws {
        let caller = HashingThreads.currentNiceness()
        let callerPolicy = HashingThreads.currentPolicy()
        let hasher = PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1))
        let encoded = try await hasher.hash("correct horse battery staple")
        #expect(try await hasher.verify("correct horse battery staple", against: encoded))
        #if os(Linux)
        let inPool = try await HashingThreads.run { HashingThreads.currentNiceness() }
        #expect(inPool == HashingThreads.niceness)
        #expect(HashingThreads.niceness == 19)
        #expect(try await HashingThreads.run { HashingThreads.currentPolicy() } == HashingThreads.idlePolicy)
        #endif
        #expect(HashingThreads.currentNiceness() == caller)
        #expect(HashingThreads.currentPolicy() == callerPolicy)
    }

    @Test func aHashWaitsWhileEveryHashingThreadIsBusy() async throws {
        #expect(HashingThreads.count == max(1, ProcessInfo.processInfo.activeProcessorCount / 2))
        let release = DispatchSemaphore(value: 0)
        let busy = (0..<HashingThreads.count).map { _ in
            Task { try await HashingThreads.pool.runIfActive { release.wait() } }
        }
        let hasher = PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1))
        let finished = Mutex(false)
        let hash = Task {
            let encoded = try await hasher.hash("correct horse battery staple")
            finished.withLock { $0 = true }
            return encoded
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!finished.withLock { $0 }, "a hash started although every hashing thread was taken")
        for _ in busy { release.signal() }
        for task in busy { try await task.value }
        #expect(try await hash.value.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
    }
}
