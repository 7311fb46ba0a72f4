import Foundation

/// The result of walking a tenant's audit chain: the sealed events, and how many were not sealed yet.
public struct ChainVerification: Sendable, Equatable {
    public let intact: Bool
    public let checkedUpTo: Int64
    public let firstBroken: Int64?
    public let problem: String?
    /// Events committed but not yet linked into the chain; the sealer links them within a second or so.
    public let unsealed: Int64

    public init(intact: Bool, checkedUpTo: Int64, firstBroken: Int64?, problem: String?, unsealed: Int64 = 0) {
        self.intact = intact
        self.checkedUpTo = checkedUpTo
        self.firstBroken = firstBroken
        self.problem = problem
        self.unsealed = unsealed
    }

    /// "chain intact up to seq N" or where it breaks, and the unsealed tail when there is one.
    public var summary: String {
        let chain =
            intact ? "chain intact up to seq \(checkedUpTo)" : "chain broken at seq \(firstBroken ?? 0): \(problem ?? "unknown problem")"
        return unsealed == 0 ? chain : "\(chain); \(Int(unsealed).counted("newer event")) not sealed yet"
    }
}
