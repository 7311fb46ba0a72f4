import Foundation

/// A `multipart/form-data` body split into its parts (RFC 7578), for file uploads.
public struct Multipart: Sendable {
    /// One part: its field name, the file name if it is a file, and its bytes.
    public struct Part: Sendable {
        public let name: String
        public let filename: String?
        public let data: [UInt8]
    }

    public let parts: [Part]

    /// The boundary of a `multipart/form-data; boundary=…` content type, or nil for any other type.
    public static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(value.count) ? value : nil
            }
        }
        return nil
    }

    /// Splits `body`; nil when it is not a well-formed multipart body with this boundary.
    public init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var start = Self.find(delimiter, in: body, from: 0) else { return nil }
        while true {
            var cursor = start + delimiter.count
            if body[cursor..<min(cursor + 2, body.count)].elementsEqual("--".utf8) { break }
            guard body[cursor..<min(cursor + 2, body.count)].elementsEqual("\r\n".utf8) else { return nil }
            cursor += 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: cursor),
                let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: headerEnd + 4)
            else { return nil }
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = Self.parameter("name", in: String(disposition))
            else { return nil }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: String(disposition)), data: Array(body[(headerEnd + 4)..<next])))
            start = next + 2
        }
        self.parts = parts
    }

    /// The first part called `name`.
    public subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The first part called `name` as text.
    public func text(_ name: String) -> String? { self[name].map { String(decoding: $0.data, as: UTF8.self) } }

    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
