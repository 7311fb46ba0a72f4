import Foundation

/// Turns an `Encodable` view model into a ``TemplateValue`` through the conformance the compiler writes for it: no
/// reflection. An optional that is nil leaves its key out, so the template looks further up the context stack, as it
/// did when swift-mustache read the struct itself. A ``TemplateDirect`` value (numbers other than `Int`, dates, ids,
/// the rows of list pages, the chrome, and arrays of these) gives its value itself instead.
enum TemplateEncoder {
    static func value<T: Encodable>(_ model: T) throws -> TemplateValue {
        // The common leaves, told by their type alone (a pointer comparison, where a cast searches conformances).
        let type = ObjectIdentifier(T.self)
        if type == ObjectIdentifier(String.self) { return .text(model as! String) }
        if type == ObjectIdentifier(Bool.self) { return .flag(model as! Bool) }
        if type == ObjectIdentifier(Int.self) { return .number(model as! Int) }
        if let direct = model as? any TemplateDirect { return direct.templateValue }
        return try encoded(model)
    }

    /// `model` through its `Encodable` conformance alone; `TemplateDirectTests` compares the two ways.
    static func encoded<T: Encodable>(_ model: T) throws -> TemplateValue {
        let encoder = NodeEncoder()
        try model.encode(to: encoder)
        return encoder.storage.result
    }
}

/// A value that gives its ``TemplateValue`` itself.
///
/// Numbers other than `Int`, dates and ids print as their description: their own `Encodable` conformance would hand
/// a number back to a single-value container, forever. A list page's rows write their fields by hand: through the
/// compiler's conformance each row cost a slot, a container box, a node and a lookup of generic metadata, and each of
/// the four role options on a people list row the same again, which was about a tenth of that page's CPU. A row's
/// value must be the one its `Encodable` conformance gives, field for field, in the same order (`TemplateDirectTests`).
protocol TemplateDirect {
    var templateValue: TemplateValue { get }
}

/// Values a template prints as their description.
protocol TemplateScalar: TemplateDirect, CustomStringConvertible {}
extension TemplateScalar {
    var templateValue: TemplateValue { .text(description) }
}
extension Int8: TemplateScalar {}
extension Int16: TemplateScalar {}
extension Int32: TemplateScalar {}
extension Int64: TemplateScalar {}
extension UInt: TemplateScalar {}
extension UInt8: TemplateScalar {}
extension UInt16: TemplateScalar {}
extension UInt32: TemplateScalar {}
extension UInt64: TemplateScalar {}
extension Double: TemplateScalar {}
extension Float: TemplateScalar {}
extension Decimal: TemplateScalar {}
extension Date: TemplateScalar {}
extension UUID: TemplateScalar {}

extension Array: TemplateDirect where Element: TemplateDirect {
    var templateValue: TemplateValue { .list(map { $0.templateValue }) }
}

/// Where one level of encoding leaves its result: a node, an array being filled, or a single value.
private final class Slot {
    enum Content {
        case empty
        case node(TemplateNode)
        case list(ListBox)
        case value(TemplateValue?)
    }
    var content = Content.empty

    /// An empty node for a view model that encoded nothing (or nil at the top).
    var result: TemplateValue {
        switch content {
        case .empty: .node(TemplateNode())
        case .node(let node): .node(node)
        case .list(let box): .list(box.items)
        case .value(let value): value ?? .node(TemplateNode())
        }
    }
}

private final class ListBox {
    var items: [TemplateValue] = []
}

private struct NodeEncoder: Encoder {
    let storage = Slot()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let node: TemplateNode
        if case .node(let existing) = storage.content {
            node = existing
        } else {
            node = TemplateNode()
            storage.content = .node(node)
        }
        return KeyedEncodingContainer(NodeKeyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box = ListBox()
        storage.content = .list(box)
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
    mutating func encode(_ value: String, forKey key: Key) throws { node.append(key.stringValue, .text(value)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.append(key.stringValue, .flag(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.append(key.stringValue, .number(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.append(key.stringValue, try TemplateEncoder.value(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateNode()
        node.set(key.stringValue, .node(nested))
        return KeyedEncodingContainer(NodeKeyed<NestedKey>(node: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let node = node
        let name = key.stringValue
        return NodeUnkeyed(box: ListBox(), codingPath: codingPath + [key]) { node.set(name, .list($0)) }
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(codingPath: codingPath + [key]) }
}

/// An array being filled. A top-level one is read from its box once encoding ends; one nested under a key (never
/// written by the compiler's conformances) hands the whole array on after every append, since Swift arrays are values.
private struct NodeUnkeyed: UnkeyedEncodingContainer {
    let box: ListBox
    var codingPath: [any CodingKey]
    let publish: (([TemplateValue]) -> Void)?
    var count: Int { box.items.count }

    init(box: ListBox, codingPath: [any CodingKey], publish: (([TemplateValue]) -> Void)?) {
        self.box = box
        self.codingPath = codingPath
        self.publish = publish
        publish?([])
    }

    mutating func encodeNil() throws {}
    mutating func encode(_ value: String) throws { append(.text(value)) }
    mutating func encode(_ value: Bool) throws { append(.flag(value)) }
    mutating func encode(_ value: Int) throws { append(.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try TemplateEncoder.value(value)) }

    private func append(_ value: TemplateValue) {
        box.items.append(value)
        publish?(box.items)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateNode()
        append(.node(nested))
        return KeyedEncodingContainer(NodeKeyed<NestedKey>(node: nested, codingPath: codingPath))
    }

    /// An array inside this one (the compiler's conformances never ask; a hand-written one might): it fills its slot
    /// here as it grows, so a view model can never stop the server.
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let outer = box
        let slot = outer.items.count
        let publishOuter = publish
        outer.items.append(.list([]))
        return NodeUnkeyed(box: ListBox(), codingPath: codingPath) { items in
            outer.items[slot] = .list(items)
            publishOuter?(outer.items)
        }
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(codingPath: codingPath) }
}

private struct NodeSingle: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .value(nil) }
    mutating func encode(_ value: String) throws { slot.content = .value(.text(value)) }
    mutating func encode(_ value: Bool) throws { slot.content = .value(.flag(value)) }
    mutating func encode(_ value: Int) throws { slot.content = .value(.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { slot.content = .value(try TemplateEncoder.value(value)) }
}
