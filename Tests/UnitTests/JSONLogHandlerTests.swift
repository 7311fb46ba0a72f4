import Foundation
import Logging
import Testing

@testable import App

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
    }

    @Test("Each record is one line of valid JSON with time, level, message and the request id from the metadata")
    func oneObjectPerLine() throws {
        let lines = Lines()
        var logger = Logger(label: "coach-server") { JSONLogHandler(label: $0, write: lines.append) }
        logger[metadataKey: "hb.request.id"] = "4949b0a782a5a621"
        logger.info(
            "Request \"quoted\"\nsecond line \u{1} ünïcödé",
            metadata: ["path": "/t/acme/login", "attempts": .stringConvertible(3), "nested": ["a": ["1", "2"]]]
        )
        logger.debug("below the level")
        #expect(lines.lines.count == 1, "one record, and nothing below info")
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().contains("\n") == false, "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "Request \"quoted\"\nsecond line \u{1} ünïcödé")
        #expect(object["level"] as? String == "info" && object["label"] as? String == "coach-server")
        #expect(object["hb.request.id"] as? String == "4949b0a782a5a621")
        #expect(object["path"] as? String == "/t/acme/login" && object["attempts"] as? String == "3")
        #expect((object["nested"] as? [String: [String]])?["a"] == ["1", "2"])
        let time = try #require(object["time"] as? String)
        #expect(time.hasSuffix("Z") && time.contains("."), "UTC with milliseconds: \(time)")
    }

    @Test("An error logged with a record is in its line, as error.message and error.type")
    func errorFields() throws {
        let lines = Lines()
        let logger = Logger(label: "coach-server") { JSONLogHandler(label: $0, write: lines.append) }
        logger.error("Not ready", error: DatabaseUnavailable(.connectionLost))
        let line = try #require(lines.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["error.type"] as? String == "App.DatabaseUnavailable")
        #expect((object["error.message"] as? String)?.isEmpty == false)
    }

    @Test("Metadata cannot overwrite the fixed fields")
    func fixedFieldsWin() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 0),
            level: .warning,
            label: "l",
            message: "m",
            source: "s",
            metadata: ["level": "debug"]
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["time"] as? String == "1970-01-01T00:00:00.000Z")
    }
}
