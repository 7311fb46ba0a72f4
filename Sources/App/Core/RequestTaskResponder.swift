import Hummingbird

/// Answers each request in a child task that ends with it, instead of in the connection's own task.
///
/// A Swift task keeps the memory its async frames once needed: its stack allocator holds on to every slab it grew,
/// for reuse, until the task ends. Hummingbird serves a keep-alive connection in one long-lived task, so each open
/// connection kept about 50 KiB after its first signed-in page (the depth of middleware, router, handler and renderer),
/// on top of the 25–30 KiB that NIO and Hummingbird hold for it: 400 idle connections held 38 MiB (9 MiB now). In a child task the
/// frames go when the request's answer is ready; what stays is the connection's own state (BENCHMARKS run 17). The
/// child is structured: it inherits the connection task's cancellation and task-locals.
struct RequestTaskResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: Sendable {
    typealias Context = Wrapped.Context
    let wrapped: Wrapped

    @Sendable func respond(to request: Request, context: Context) async throws -> Response {
        async let response = wrapped.respond(to: request, context: context)
        return try await response
    }
}
