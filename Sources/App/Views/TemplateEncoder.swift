import Foundation

/// One view model as a template reads it: its fields by name, found by a dictionary lookup (``TemplateRenderer``).
///
/// swift-mustache, which rendered the templates at first, found a `{{name}}` in a plain struct with `Mirror`, field by
/// field, for every tag; a profile of the audit list put most of a page's CPU there.
final class TemplateNode {
    fileprivate(set) var fields: [String: Any] = [:]
}

/// Turns an `Encodable` view model into ``TemplateNode``s, arrays and plain values, through the conformance the
/// compiler writes for it: no reflection. An optional that is nil leaves its key out, so the template looks further up
/// the context stack, as it did when it read the struct itself.
enum TemplateEncoder {
    static func value<T: Encodable>(_ model: T) throws -> Any {
        switch model {
        case let string as String: return string
        case let bool as Bool: return bool
        case let int as Int: return int
        case let double as Double: return double
        case let date as Date: return date
        case let uuid as UUID: return uuid
        // Every other number too: its own conformance would hand itself back to a single-value container, forever.
        case let integer as any BinaryInteger: return integer
        case let float as any BinaryFloatingPoint: return float
        case let decimal as Decimal: return decimal
        default:
            let encoder = NodeEncoder()
            try model.encode(to: encoder)
            if let list = encoder.storage.value as? ArrayBox { return list.items }
            return encoder.storage.value ?? TemplateNode()
        }
    }
}

/// Where one level of encoding leaves its result: a node, an array, or a single value.
private final class Slot {
    var value: Any?
}

private final class ArrayBox {
    var items: [Any] = []
}

private struct NodeEncoder: Encoder {
    let storage = Slot()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let node = (storage.value as? TemplateNode) ?? TemplateNode()
        storage.value = node
        return KeyedEncodingContainer(NodeKeyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box = ArrayBox()
        storage.value = box
        return NodeUnkeyed(box: box, codingPath: codingPath, publish: nil)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        NodeSingle(slot: storage, codingPath: codingPath)
    }
}

private struct NodeKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: TemplateNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode(_ value: String, forKey key: Key) throws { node.fields[key.stringValue] = value }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.fields[key.stringValue] = value }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.fields[key.stringValue] = value }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.fields[key.stringValue] = value }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.fields[key.stringValue] = try TemplateEncoder.value(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateNode()
        node.fields[key.stringValue] = nested
        return KeyedEncodingContainer(NodeKeyed<NestedKey>(node: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let node = node
        let name = key.stringValue
        return NodeUnkeyed(box: ArrayBox(), codingPath: codingPath + [key]) { node.fields[name] = $0 }
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(codingPath: codingPath + [key]) }
}

/// An array being filled. A top-level one is read from its box once encoding ends; one nested under a key (never
/// written by the compiler's conformances) hands the whole array on after every append, since Swift arrays are values.
private struct NodeUnkeyed: UnkeyedEncodingContainer {
    let box: ArrayBox
    var codingPath: [any CodingKey]
    let publish: (([Any]) -> Void)?
    var count: Int { box.items.count }

    init(box: ArrayBox, codingPath: [any CodingKey], publish: (([Any]) -> Void)?) {
        self.box = box
        self.codingPath = codingPath
        self.publish = publish
        publish?([])
    }

    mutating func encodeNil() throws {}
    mutating func encode(_ value: String) throws { append(value) }
    mutating func encode(_ value: Bool) throws { append(value) }
    mutating func encode(_ value: Int) throws { append(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try TemplateEncoder.value(value)) }

    private func append(_ value: Any) {
        box.items.append(value)
        publish?(box.items)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateNode()
        append(nested)
        return KeyedEncodingContainer(NodeKeyed<NestedKey>(node: nested, codingPath: codingPath))
    }

    /// An array inside this one (the compiler's conformances never ask; a hand-written one might): it fills its slot
    /// here as it grows, so a view model can never stop the server.
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let outer = box
        let slot = outer.items.count
        let publishOuter = publish
        outer.items.append([Any]())
        return NodeUnkeyed(box: ArrayBox(), codingPath: codingPath) { items in
            outer.items[slot] = items
            publishOuter?(outer.items)
        }
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(codingPath: codingPath) }
}

private struct NodeSingle: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.value = nil }
    mutating func encode(_ value: String) throws { slot.value = value }
    mutating func encode(_ value: Bool) throws { slot.value = value }
    mutating func encode(_ value: Int) throws { slot.value = value }
    mutating func encode<T: Encodable>(_ value: T) throws { slot.value = try TemplateEncoder.value(value) }
}
