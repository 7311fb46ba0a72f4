import Foundation

/// Asks `condition` every 50 ms until it holds or `timeout` has passed, and says whether it held. For what happens in
/// the background (the sealer, a pool opening connections): the suites run in parallel, and on a busy machine a pass
/// that takes milliseconds alone can start seconds late. A condition that holds returns at once, so the bound is
/// generous; a test that bounds a latency measures it on its own.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(50))
    }
}
