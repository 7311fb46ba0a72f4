import NIOConcurrencyHelpers
import NIOCore

/// Runs a task's jobs on one NIO event loop: the loop of the PostgreSQL connection a statement is sent on.
///
/// postgres-nio 1.33 never answers a statement written after a connection's socket closed and its channel handlers were
/// removed: the write is dropped, and the request waits for good. NIO removes the handlers in a task it queues on the
/// connection's event loop when the socket closes, after marking the channel inactive. A statement sent from that same
/// loop (``PostgresConnection/send(_:logger:)``) is either written while the handler is still there, which fails it
/// properly, or sees that the connection has closed before it writes. Only the sending runs here, never a handler's
/// own code. One executor per loop, kept for the life of the process.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    private init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    private static let executors = NIOLockedValueBox<[ObjectIdentifier: EventLoopTaskExecutor]>([:])

    static func of(_ eventLoop: any EventLoop) -> EventLoopTaskExecutor {
        executors.withLockedValue { executors in
            if let executor = executors[ObjectIdentifier(eventLoop)] { return executor }
            let executor = EventLoopTaskExecutor(eventLoop)
            executors[ObjectIdentifier(eventLoop)] = executor
            return executor
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
