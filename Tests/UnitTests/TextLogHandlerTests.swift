import Foundation
import Logging
import Testing

@testable import App

@Suite("Text log lines")
struct TextLogHandlerTests {
    final class Lines: TextOutputStream, @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        func write(_ string: String) { lock.withLock { lines.append(string) } }
    }

    /// A stream that appends to `lines`, as a value the handlers can hold.
    struct Into: TextOutputStream, Sendable {
        let lines: Lines
        mutating func write(_ string: String) { lines.write(string) }
    }

    /// The same records through swift-log's `StreamLogHandler` and through `TextLogHandler`, each line without its
    /// timestamp (the first word), which may fall in another second.
    func written(_ make: @escaping @Sendable (String, Into) -> any LogHandler) -> [String] {
        let lines = Lines()
        var logger = Logger(label: "coach-server") { make($0, Into(lines: lines)) }
        logger.info("before any metadata")
        logger[metadataKey: "hb.request.id"] = "4949b0a782a5a621"
        logger[metadataKey: "hb.request.method"] = "GET"
        logger.info("Request", metadata: ["hb.request.method": "POST", "attempts": .stringConvertible(3)], source: "Hummingbird")
        logger.debug("below the level")
        logger[metadataKey: "hb.request.method"] = nil
        logger.warning("Not ready", metadata: ["nested": ["a": ["1", "2"]]])
        logger.error("Failed", error: DatabaseUnavailable(.connectionLost))
        return lines.lines.map { String($0.drop { $0 != " " }) }
    }

    @Test("Each record reads as StreamLogHandler writes it: level, label, sorted metadata with the record's own winning")
    func sameAsStreamLogHandler() {
        let expected = written { label, stream in
            var handler = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
            handler.logLevel = .info
            return handler
        }
        let actual = written { label, stream in
            var handler = TextLogHandler(label: label, stream: stream)
            handler.logLevel = .info
            return handler
        }
        #expect(actual == expected)
        #expect(actual.count == 4, "nothing below info")
        #expect(actual[1] == " info coach-server: attempts=3 hb.request.id=4949b0a782a5a621 hb.request.method=POST [Hummingbird] Request\n")
        #expect(actual[0].hasPrefix(" info coach-server: [") && actual[3].contains("error.type="))
    }
}
