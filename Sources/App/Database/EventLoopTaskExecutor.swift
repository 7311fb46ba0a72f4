import NIOCore

/// Runs a task's jobs on one NIO event loop: the loop of the PostgreSQL connection a request is using.
///
/// postgres-nio 1.33 never answers a statement written after a connection's socket closed and its channel handlers were
/// removed: the write is dropped, and the request waits for good. NIO removes the handlers in a task it queues on the
/// connection's event loop when the socket closes. A request whose code runs on that same loop cannot slip a statement
/// in between: each statement is written before the loop gets to the removal, and the connection's handler fails it
/// properly, or the request sees that the connection has closed before it writes (`PostgresConnection.isClosed`).
/// ``Database/withConnection(_:)`` runs its body here. A statement written right after an await on something else
/// inside a transaction (none is, today; the audit export awaits its client between rows of one statement, and then
/// only COMMITs, which checks `isClosed` on this loop first) could still be caught out.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
