import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a self-contained HTML report to PDF with headless Chromium.
///
/// Reports carry candidate text, so Chromium runs with scripts off, a proxy that goes nowhere (nothing can be fetched
/// from the network) and a fresh profile in a private directory that is removed after every render, whatever happens.
/// A server without Chromium gets nil from ``locate(environment:)`` and offers no PDF.
public struct ReportPrinter: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        /// Chromium ran past ``ReportPrinter/timeout`` and was stopped.
        case timedOut
        /// Chromium exited with this status, or exited without writing a PDF; the last lines it wrote to stderr.
        case failed(Int32, String)
    }

    /// The Chromium (or Chrome) binary, or the distribution's wrapper script around it.
    public let executable: String
    /// How long one render may take; a hung Chromium must not hold a request (or a thread) forever.
    public var timeout: Duration
    /// Where each render's private directory is made; tests point this at a folder of their own to see it is cleaned up.
    public var temporaryRoot: String = FileManager.default.temporaryDirectory.path
    /// The name every render's directory starts with, so a leftover one is recognisable.
    public static let directoryPrefix = "coach-report-"

    public init(executable: String, timeout: Duration = .seconds(20)) {
        self.executable = executable
        self.timeout = timeout
    }

    /// `COACH_CHROMIUM` when it names an executable (for a browser outside `PATH`), else the first of `chromium`,
    /// `chromium-browser`, `google-chrome` on `PATH`; nil when there is none, and the product then offers no PDF.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportPrinter? {
        if let configured = environment["COACH_CHROMIUM"], isProgram(configured) {
            return ReportPrinter(executable: configured)
        }
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where isProgram(folder + "/" + name) {
                return ReportPrinter(executable: folder + "/" + name)
            }
        }
        return nil
    }

    /// An executable file, not a directory (whose search permission `isExecutableFile` also reports).
    private static func isProgram(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// The PDF of `html`, which links `stylesheet` as `<link rel="stylesheet" href="app.css">`.
    ///
    /// Throws ``Failure/timedOut`` past ``timeout`` and ``Failure/failed(_:_:)`` when Chromium fails or writes no PDF.
    public func pdf(html: String, stylesheet: String) async throws -> [UInt8] {
        await RequestLease.releaseCurrent()  // Chromium takes seconds; the request's connection serves others meanwhile
        let folder = try makePrivateDirectory()
        do {
            let bytes = try await render(html: html, stylesheet: stylesheet, in: folder)
            await Self.remove(folder)
            return bytes
        } catch {
            await Self.remove(folder)
            throw error
        }
    }

    /// The command line for a render in `folder`.
    ///
    /// Scripts are blocked by the profile's preferences (see ``render(html:stylesheet:in:)``), not by
    /// `--blink-settings=scriptEnabled=false`: with that switch Chromium 156 exits 0 without writing any PDF.
    func arguments(in folder: String) -> [String] {
        // Chromium refuses to start its sandbox as root; anyone else keeps it.
        let sandbox = getuid() == 0 ? ["--no-sandbox"] : []
        return ["--headless", "--disable-gpu"] + sandbox + [
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            // Port 9 (discard) on loopback: every http(s) fetch fails at once, so a report cannot call out or leak.
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--user-data-dir=\(folder)/profile", "--no-pdf-header-footer", "--print-to-pdf=\(folder)/report.pdf",
            URL(fileURLWithPath: folder + "/report.html").absoluteString,
        ]
    }

    private func render(html: String, stylesheet: String, in folder: String) async throws -> [UInt8] {
        try html.write(toFile: folder + "/report.html", atomically: false, encoding: .utf8)
        try stylesheet.write(toFile: folder + "/app.css", atomically: false, encoding: .utf8)
        // JavaScript blocked (content setting 2) in the fresh profile: reports hold candidate text and no script runs.
        try FileManager.default.createDirectory(atPath: folder + "/profile/Default", withIntermediateDirectories: true)
        try #"{"profile":{"default_content_setting_values":{"javascript":2}}}"#
            .write(toFile: folder + "/profile/Default/Preferences", atomically: false, encoding: .utf8)
        // stderr goes to a file rather than a pipe: a chatty Chromium can never block on a full pipe, and no thread reads.
        guard FileManager.default.createFile(atPath: folder + "/stderr.log", contents: nil),
            let log = FileHandle(forWritingAtPath: folder + "/stderr.log")
        else {
            throw Failure.failed(-1, "could not open \(folder)/stderr.log")
        }
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(in: folder)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        let status = try await run(process)

        let bytes = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/report.pdf")))) ?? []
        guard status == 0, bytes.starts(with: Array("%PDF-".utf8)) else {
            var reason = "no PDF was written"
            if !bytes.isEmpty { reason = status == 0 ? "the output is not a PDF" : "Chromium exited with status \(status)" }
            throw Failure.failed(status, reason + "\n" + Self.tail(of: folder + "/stderr.log"))
        }
        return bytes
    }

    private enum Outcome: Sendable {
        case exited(Int32)
        case timedOut
        case cancelled
    }

    /// Runs `process` and waits for it without blocking a thread of the cooperative pool: the termination handler
    /// feeds a stream that races a sleep. Past the timeout, or when the caller is cancelled, the process is stopped.
    private func run(_ process: Process) async throws -> Int32 {
        let (exits, exit) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { ended in
            exit.yield(ended.terminationStatus)
            exit.finish()
        }
        try process.run()
        let timeout = self.timeout
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                for await status in exits { return .exited(status) }
                return .cancelled
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
        switch outcome {
        case .exited(let status):
            return status
        case .timedOut:
            await Self.stop(process)
            throw Failure.timedOut
        case .cancelled:
            await Self.stop(process)
            throw CancellationError()
        }
    }

    /// SIGTERM first so Chromium shuts its helpers down, SIGKILL after a second for one that hangs. It runs in an
    /// unstructured task so that a cancelled caller still waits for the process to go before its directory is removed.
    private static func stop(_ process: Process) async {
        await Task {
            let pid = process.processIdentifier
            // Foundation may start the child in a process group of its own; then the helpers it forked go too.
            let target = getpgid(pid) == pid ? -pid : pid
            if process.isRunning { process.terminate() }
            for _ in 0..<20 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(target, SIGKILL) }
            for _ in 0..<20 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        }.value
    }

    /// A new directory only this user can enter (mkdtemp makes it 0700 and picks a name nobody else holds).
    private func makePrivateDirectory() throws -> String {
        var template = Array((temporaryRoot + "/" + Self.directoryPrefix + "XXXXXX").utf8CString)
        let path: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
            return String(cString: made)
        }
        guard let path else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return path
    }

    /// Removes `folder`, retrying briefly: a helper Chromium left behind can still be writing to the profile.
    private static func remove(_ folder: String) async {
        await Task {
            for _ in 0..<10 {
                try? FileManager.default.removeItem(atPath: folder)
                guard FileManager.default.fileExists(atPath: folder) else { return }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }.value
    }

    /// The last lines Chromium wrote to stderr, at most 2,000 characters, for the error message.
    private static func tail(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let lines = String(decoding: data.suffix(8_192), as: UTF8.self).split(separator: "\n").suffix(8)
        return String(lines.joined(separator: "\n").suffix(2_000))
    }
}
