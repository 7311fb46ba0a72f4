import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The threads argon2id runs on: half the cores (at least one), at the lowest CPU priority.
///
/// A sign-in spends about 40 ms of CPU hashing. On NIO's shared pool (one thread per core) a handful of sign-ins could
/// take every core, and the pages being served at the same moment waited behind them. Here at most half the cores
/// hash at once, and the scheduler runs any page work that is ready before them (nice 19), so a burst of sign-ins
/// makes sign-ins wait, not pages. On an idle machine a hash takes as long as before.
public enum HashingThreads {
    /// How many hashes may run at once.
    public static let count = max(1, System.coreCount / 2)

    /// The nice value hashing threads run at (the lowest priority Linux has).
    public static let niceness: Int32 = 19

    /// Started once, for the life of the process, like NIO's own singleton pool.
    public static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
        return pool
    }()

    /// Runs `work` on a hashing thread once one is free.
    /// A request gives its pooled connection back first (``RequestLease``): under a burst, hashes queue here.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        await RequestLease.releaseCurrent()
        return try await pool.runIfActive {
            lowerPriority()
            return try work()
        }
    }

    /// The calling thread's nice value (on Linux; elsewhere 0).
    public static func currentNiceness() -> Int32 {
        #if os(Linux)
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return 0
        #endif
    }

    /// Gives the calling thread the lowest priority; a pool thread keeps it, so this is a no-op after its first hash.
    /// On Linux the nice value belongs to a thread, and `who` 0 names the calling thread, not the whole process.
    private static func lowerPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        if getpriority(which, 0) != niceness {
            _ = setpriority(which, 0, niceness)
        }
        #endif
    }
}
