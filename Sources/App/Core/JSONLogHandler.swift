import Foundation
import Logging

/// Writes each log record as one JSON object on one line (`COACH_LOG_FORMAT=json`), for a log shipper: `time` (UTC,
/// milliseconds), `level`, `label`, `message`, `source`, then the metadata under its own keys. Hummingbird puts each
/// request's id in the metadata as `hb.request.id`, the same id the 500 page shows.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The record with the handler's metadata, the provider's and the record's own (later ones win a shared key), and
    /// an error passed with it as `error.message` and `error.type`, as swift-log's text handler writes them.
    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        write(Self.line(time: Date(), level: event.level, label: label, message: "\(event.message)", source: event.source, metadata: merged))
    }

    /// One record as a JSON line (ending in a newline); fixed fields first, metadata keys in sorted order.
    static func line(time: Date, level: Logger.Level, label: String, message: String, source: String, metadata: Logger.Metadata) -> String {
        var fields = [
            (
                "time",
                JSONText.quoted(time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
            ),
            ("level", JSONText.quoted(level.rawValue)), ("label", JSONText.quoted(label)), ("message", JSONText.quoted(message)),
            ("source", JSONText.quoted(source)),
        ]
        let fixed = Set(fields.map(\.0))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !fixed.contains(key) {
            fields.append((key, json(value)))
        }
        return "{" + fields.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}\n"
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): JSONText.quoted(string)
        case .stringConvertible(let convertible): JSONText.quoted(convertible.description)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\(JSONText.quoted($0.key)):\(json($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// Whole lines to standard error, one write each, so lines from different threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        line.utf8CString.withUnsafeBufferPointer { buffer in
            _ = Foundation.write(2, buffer.baseAddress, buffer.count - 1)
        }
    }
}
