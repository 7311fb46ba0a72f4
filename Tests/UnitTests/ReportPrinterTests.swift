import Foundation
import Testing

@testable import App

/// Real Chromium, no mocks: what matters is what this Chromium actually prints (a switch that silently writes no PDF
/// is exactly what a mock would hide). Tests that need Chromium are skipped where `ReportPrinter.locate()` finds none.
@Suite("Report printer: HTML reports to PDF with headless Chromium")
struct ReportPrinterTests {
    static let printer = ReportPrinter.locate()
    static let hasChromium = printer != nil
    /// `pdftotext` (Debian package `poppler-utils`) reads the text back out of a PDF; without it the text checks skip.
    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let canReadText = hasChromium && pdftotext != nil

    static let stylesheet = "h1 { color: #123456; font-family: sans-serif; } p { margin: 1em 0; }"

    static func report(body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Interview report</title>
        <link rel="stylesheet" href="app.css"></head>
        <body>\(body)</body></html>
        """
    }

    /// A directory of this test's own, so a check that nothing was left behind cannot see another test's render.
    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/report-printer-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    /// The text of `pdf` as pdftotext reads it.
    static func text(of pdf: [UInt8]) throws -> String {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(pdf).write(to: URL(fileURLWithPath: folder + "/report.pdf"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext ?? "/usr/bin/pdftotext")
        process.arguments = [folder + "/report.pdf", folder + "/report.txt"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try String(contentsOfFile: folder + "/report.txt", encoding: .utf8)
    }

    @Test("A report prints to a PDF that holds its text", .enabled(if: hasChromium, "no Chromium found: set COACH_CHROMIUM or install one"))
    func printsText() async throws {
        let printer = try #require(Self.printer)
        let html = Self.report(body: "<h1>Interview report</h1><p>The candidate mentioned quokkazanzibar twice.</p>")
        let pdf = try await printer.pdf(html: html, stylesheet: Self.stylesheet)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        // Without pdftotext (poppler-utils) the bytes are all we can check; the text check needs it.
        guard Self.pdftotext != nil else { return }
        let text = try Self.text(of: pdf)
        #expect(text.contains("quokkazanzibar"))
        #expect(text.contains("Interview report"))
    }

    @Test("Scripts in a report do not run", .enabled(if: canReadText, "needs Chromium and pdftotext (poppler-utils)"))
    func scriptsAreOff() async throws {
        let printer = try #require(Self.printer)
        let html = Self.report(body: "<p>Static answer text.</p><script>document.body.innerHTML='SCRIPTRAN'</script>")
        let text = try Self.text(of: try await printer.pdf(html: html, stylesheet: Self.stylesheet))
        #expect(!text.contains("SCRIPTRAN"))
        #expect(text.contains("Static answer text."))
    }

    /// A stand-in "browser" that never finishes: the timeout must stop it and remove its directory. (A real
    /// Chromium with a tiny timeout is not reliable: on a loaded machine the render can win the race.)
    @Test("A render past its timeout throws timedOut and leaves no directory behind")
    func timesOut() async throws {
        let root = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hanging = root + "-hang.sh"
        try "#!/bin/sh\nexec sleep 60\n".write(toFile: hanging, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: hanging)
        defer { try? FileManager.default.removeItem(atPath: hanging) }
        var printer = ReportPrinter(executable: hanging, timeout: .milliseconds(300))
        printer.temporaryRoot = root
        let start = ContinuousClock.now
        await #expect(throws: ReportPrinter.Failure.timedOut) {
            try await printer.pdf(html: Self.report(body: "<p>slow</p>"), stylesheet: Self.stylesheet)
        }
        #expect(ContinuousClock.now - start < .seconds(30), "stopped long before the stand-in's 60 s")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == [])
    }

    @Test("A program that exits without a PDF fails with its status, and its directory is removed")
    func failsWithoutPDF() async throws {
        let root = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (program, status) in [("/bin/true", Int32(0)), ("/bin/false", Int32(1))] {
            var printer = ReportPrinter(executable: program)
            printer.temporaryRoot = root
            let error = await #expect(throws: ReportPrinter.Failure.self) {
                try await printer.pdf(html: Self.report(body: "<p>x</p>"), stylesheet: "")
            }
            guard case .failed(let code, let reason) = error else {
                Issue.record("expected .failed from \(program), got \(String(describing: error))")
                continue
            }
            #expect(code == status)
            #expect(reason.contains("no PDF was written"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == [])
    }

    @Test("locate: nothing configured and nothing on PATH is nil")
    func locateNothing() {
        #expect(ReportPrinter.locate(environment: ["COACH_CHROMIUM": "/nonexistent", "PATH": ""]) == nil)
        #expect(ReportPrinter.locate(environment: [:]) == nil)
        // A directory is not a browser, though it has the execute (search) bit.
        #expect(ReportPrinter.locate(environment: ["COACH_CHROMIUM": "/usr/bin", "PATH": "/nonexistent"]) == nil)
    }

    @Test(
        "locate: finds chromium on PATH, and prefers COACH_CHROMIUM",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "no /usr/bin/chromium here")
    )
    func locateChromium() {
        let found = ReportPrinter.locate(environment: ["PATH": "/nonexistent:/usr/local/bin:/usr/bin:/bin"])
        #expect(found?.executable.hasSuffix("/chromium") == true)
        #expect(found?.timeout == .seconds(20))
        let configured = ReportPrinter.locate(environment: ["COACH_CHROMIUM": "/usr/bin/chromium", "PATH": ""])
        #expect(configured?.executable == "/usr/bin/chromium")
        // A wrong COACH_CHROMIUM falls back to PATH.
        let fallback = ReportPrinter.locate(environment: ["COACH_CHROMIUM": "/nonexistent", "PATH": "/usr/bin"])
        #expect(fallback?.executable == "/usr/bin/chromium")
    }

    @Test("The command line turns scripts and network off and prints to the private directory")
    func commandLine() {
        let arguments = ReportPrinter(executable: "/usr/bin/chromium").arguments(in: "/tmp/coach-report-abc")
        #expect(arguments.contains("--headless"))
        #expect(arguments.contains("--proxy-server=127.0.0.1:9"))
        #expect(arguments.contains("--user-data-dir=/tmp/coach-report-abc/profile"))
        #expect(arguments.contains("--print-to-pdf=/tmp/coach-report-abc/report.pdf"))
        #expect(arguments.last == "file:///tmp/coach-report-abc/report.html")
        #expect(arguments.contains("--no-sandbox") == (getuid() == 0))
    }
}
