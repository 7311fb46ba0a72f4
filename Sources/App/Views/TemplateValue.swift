/// A view model as a template reads it (``TemplateEncoder`` makes it, ``TemplateRenderer`` reads it): a closed set of
/// cases, so the renderer tells them apart with a switch instead of a dynamic cast.
enum TemplateValue {
    case text(String)
    case flag(Bool)
    case number(Int)
    case list([TemplateValue])
    case node(TemplateNode)
}

/// One view model's fields by name, in the order it encoded them.
///
/// swift-mustache, which rendered the templates at first, found a `{{name}}` in a plain struct with `Mirror`, field by
/// field, for every tag; a profile of the audit list put most of a page's CPU there. A dictionary of `Any` replaced it,
/// then this array: a view model has a dozen fields or so, and comparing a dozen 64-bit fingerprints (``fingerprint(_:)``)
/// costs less than hashing one name. Only a field whose fingerprint matches has its name compared.
final class TemplateNode {
    struct Field {
        let fingerprint: UInt64
        let name: String
        var value: TemplateValue
    }

    private(set) var fields: [Field] = []

    init(capacity: Int = 8) {
        fields.reserveCapacity(capacity)
    }

    /// The value named `name`, whose ``fingerprint(_:)`` is `fingerprint`; the last one set wins, as in a dictionary.
    func field(_ name: String, fingerprint: UInt64) -> TemplateValue? {
        var index = fields.count
        while index > 0 {
            index -= 1
            if fields[index].fingerprint == fingerprint, fields[index].name == name { return fields[index].value }
        }
        return nil
    }

    func field(_ name: String) -> TemplateValue? { field(name, fingerprint: Self.fingerprint(name)) }

    /// Adds a field. A name set again is found by ``field(_:)`` with its newer value; the compiler's conformances never
    /// set one twice.
    func append(_ name: String, _ value: TemplateValue) {
        fields.append(Field(fingerprint: Self.fingerprint(name), name: name, value: value))
    }

    /// Adds a text field, or nothing for nil (as an `Encodable` conformance leaves out a nil optional).
    func append(_ name: String, _ text: String?) {
        if let text { append(name, .text(text)) }
    }

    /// Sets a field in place if it exists, else adds it: for an array filled after its key was given.
    func set(_ name: String, _ value: TemplateValue) {
        if let index = fields.lastIndex(where: { $0.name == name }) {
            fields[index].value = value
        } else {
            append(name, value)
        }
    }

    /// The name's length in UTF-8 and its first seven bytes, in one word: two names that differ in either never reach
    /// a string comparison. Templates compute theirs once, when parsed (``TemplateName``).
    static func fingerprint(_ name: String) -> UInt64 {
        var name = name  // `withUTF8` reads a native or literal name in place, without the generic `prefix` walk
        return name.withUTF8 { bytes in
            var value = UInt64(truncatingIfNeeded: bytes.count) << 56
            for index in 0..<min(bytes.count, 7) {
                value |= UInt64(bytes[index]) << (8 * UInt64(index))
            }
            return value
        }
    }
}
