import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The threads argon2id runs on: half the cores (at least one), at the lowest CPU priority (SCHED_IDLE, nice 19).
///
/// A sign-in spends about 40 ms of CPU hashing. On NIO's shared pool (one thread per core) a handful of sign-ins could
/// take every core, and the pages being served at the same moment waited behind them. Here at most half the cores
/// hash at once, and the scheduler runs any page work that is ready before them (SCHED_IDLE), so a burst of sign-ins
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

    /// Linux's SCHED_IDLE scheduling policy (`<sched.h>`, value 5).
    public static let idlePolicy: Int32 = 5

    /// The calling thread's scheduling policy (on Linux; elsewhere 0, SCHED_OTHER).
    public static func currentPolicy() -> Int32 {
        #if os(Linux)
        sched_getscheduler(0)
        #else
        return 0
        #endif
    }

    /// Gives the calling thread the lowest priority; a pool thread keeps it, so this is a no-op after its first hash.
    /// On Linux the nice value and the policy belong to a thread, and 0 names the calling thread, not the process.
    ///
    /// Nice 19 alone was not enough. With the kernel's autogroups (on by default), CPU time is first shared between
    /// sessions, a nice value ranks threads only within one, and PostgreSQL starts every backend in a session of its
    /// own. Under SCHED_IDLE an ordinary thread that wakes on the hashing thread's core takes it at once, whatever its
    /// session. Measured in BENCHMARKS run 14: with sign-ins beside the audit list at half its maximum, page p99 rose
    /// by 28 ms at nice 19 and by 4 ms under SCHED_IDLE, as much as at nice 19 with autogroups switched off.
    private static func lowerPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        if getpriority(which, 0) != niceness {
            _ = setpriority(which, 0, niceness)
        }
        if sched_getscheduler(0) != idlePolicy {
            var parameters = sched_param()
            parameters.sched_priority = 0
            _ = sched_setscheduler(0, idlePolicy, &parameters)
        }
        #endif
    }
}
