import App
import Foundation

extension Database {
    /// Starts `count` tenant transactions that each wait, inside the transaction, until all `count` have started; then
    /// runs `whileHeld` and lets them finish. So the pool holds `count` connections at one moment, however slowly the
    /// machine opens them: transactions that merely overlap in time would let a busy pool reuse a connection instead.
    public func holdingConnections<T>(
        _ count: Int,
        tenant: UUID,
        whileHeld: () async throws -> T
    ) async throws -> T {
        let gate = Gate(count: count)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await self.withTenant(tenant, logger: .test) { connection in
                        let one: Int? = try await connection.first("SELECT 1", as: Int.self)
                        guard one == 1 else { throw HeldConnectionsError.noRow }
                        try await gate.arriveAndWaitForRelease()
                    }
                }
            }
            let result: Result<T, any Error>
            do {
                try await gate.waitForAll()
                result = .success(try await whileHeld())
            } catch {
                result = .failure(error)
            }
            await gate.release()
            try await group.waitForAll()
            return try result.get()
        }
    }
}

enum HeldConnectionsError: Error {
    case noRow
    case timedOut(arrived: Int, of: Int)
}

/// Counts the transactions that hold a connection, and keeps them waiting until released.
private actor Gate {
    let count: Int
    var arrived = 0
    var released = false

    init(count: Int) { self.count = count }

    func arriveAndWaitForRelease() async throws {
        arrived += 1
        try await poll { self.released }
    }

    func waitForAll() async throws {
        try await poll { self.arrived >= self.count }
    }

    func release() { released = true }

    private func poll(_ done: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !done() {
            if ContinuousClock.now >= deadline { throw HeldConnectionsError.timedOut(arrived: arrived, of: count) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
