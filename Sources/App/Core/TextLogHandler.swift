import Foundation
import Logging

/// Writes log records as text lines on standard error (`COACH_LOG_FORMAT=text`, the default), in swift-log's
/// `StreamLogHandler` format: `2026-11-25T00:49:58+0000 info coach-server: hb.request.id=… [Hummingbird] Request`.
///
/// `StreamLogHandler` formats its whole metadata into text each time a key is set. Hummingbird sets three keys per
/// request and postgres-nio one per statement, on loggers that mostly never write a line at the info level: a profile
/// of the people list put 3% of the server's CPU there. This handler keeps the metadata as it is and formats it only
/// for a record it writes, through a `StreamLogHandler` that holds no metadata of its own.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private var stream: StreamLogHandler

    public init(label: String, stream: any TextOutputStream & Sendable) {
        self.stream = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    /// A handler writing to standard error.
    public static func standardError(label: String) -> TextLogHandler {
        var handler = TextLogHandler(label: label, stream: StandardError())
        handler.logLevel = .info
        return handler
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The record with the handler's metadata, the provider's and the record's own (later ones win a shared key).
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { $1 } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { $1 } }
        var record = event
        record.metadata = merged
        stream.log(event: record)
    }
}

/// Standard error as a text stream: one write per record, so lines from different threads never interleave.
private struct StandardError: TextOutputStream, Sendable {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
