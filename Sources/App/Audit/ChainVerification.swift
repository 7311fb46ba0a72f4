import Foundation

/// The result of walking a tenant's audit chain.
public struct ChainVerification: Sendable, Equatable {
    public let intact: Bool
    public let checkedUpTo: Int64
    public let firstBroken: Int64?
    public let problem: String?

    public init(intact: Bool, checkedUpTo: Int64, firstBroken: Int64?, problem: String?) {
        self.intact = intact
        self.checkedUpTo = checkedUpTo
        self.firstBroken = firstBroken
        self.problem = problem
    }

    /// "chain intact up to seq N" or where it breaks.
    public var summary: String {
        intact ? "chain intact up to seq \(checkedUpTo)" : "chain broken at seq \(firstBroken ?? 0): \(problem ?? "unknown problem")"
    }
}
