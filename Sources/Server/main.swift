import App
import ArgumentParser
import Foundation
import Hummingbird
import Logging

#if canImport(Glibc)
import CMalloc
#endif

/// `coach-server`: parses configuration and runs the application until it is told to stop.
@main
struct CoachServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach-server",
        abstract: "Serve Interview Coach Enterprise. Database settings come from COACH_* environment variables."
    )

    @Option(name: .shortAndLong, help: "Address to listen on.")
    var hostname = "127.0.0.1"

    @Option(name: .shortAndLong, help: "Port to listen on.")
    var port = 8080

    func run() async throws {
        #if canImport(Glibc)
        // glibc gives threads their own malloc arenas, up to eight per core, and each keeps the memory it once held;
        // NIO's and the concurrency pool's threads all allocate, so the peak grew with thread count, not with load.
        mallopt(M_ARENA_MAX, 2)
        // argon2id takes 19 MiB per hash. glibc raises its mmap threshold to the size of the first large block freed,
        // so from the second sign-in on those 19 MiB came from the heap and stayed resident (+40 MiB after a few
        // concurrent sign-ins). A fixed threshold keeps large blocks in their own mappings, returned when freed.
        mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
        switch ProcessInfo.processInfo.environment["COACH_LOG_FORMAT"] ?? "text" {
        case "json":
            LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        case "text":
            LoggingSystem.bootstrap { TextLogHandler.standardError(label: $0) }
        default:
            FileHandle.standardError.write(Data("coach-server: COACH_LOG_FORMAT must be text or json\n".utf8))
            throw ExitCode(78)
        }
        bootstrapMetrics()
        do {
            let configuration = try AppConfiguration.fromEnvironment(hostname: hostname, port: port)
            let app = try await buildApplication(configuration: configuration)
            #if canImport(Glibc)
            let trimming = Task.detached(priority: .background) { await returnFreedMemory() }
            defer { trimming.cancel() }
            #endif
            try await app.runService()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("coach-server: \(error.description)\n".utf8))
            throw ExitCode(78)
        } catch let error as DatabaseUnreachable {
            FileHandle.standardError.write(Data("coach-server: \(error.description)\n".utf8))
            throw ExitCode(69)
        }
    }
}

#if canImport(Glibc)
/// Every 30 s, hands the pages malloc holds free back to the kernel (`malloc_trim`). glibc keeps what a burst of
/// requests freed for reuse, so after a queue had formed and drained the resident size stayed at its high-water mark
/// (76 → 81 MiB in run 11's ten-minute soak, flat afterwards). A pass takes the arenas' locks briefly.
func returnFreedMemory() async {
    while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(30))
        malloc_trim(0)
    }
}
#endif
