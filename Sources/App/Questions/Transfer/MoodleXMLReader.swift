import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a Moodle XML file with the line it starts on.
struct MoodleNode {
    var name: String
    var attributes: [String: String]
    var line: Int
    var children: [MoodleNode] = []
    var text = ""

    /// The first child element with this name.
    func child(_ name: String) -> MoodleNode? { children.first { $0.name == name } }

    /// Every child element with this name.
    func children(_ name: String) -> [MoodleNode] { children.filter { $0.name == name } }

    /// The content of the `<text>` child of the named child (Moodle's usual shape), or of the child itself.
    func value(_ name: String) -> String? {
        guard let node = child(name) else { return nil }
        return node.child("text")?.text ?? node.text
    }
}

/// Builds `MoodleNode`s with XMLParser and turns parser errors into sentences with line numbers.
final class MoodleXMLReader: NSObject, XMLParserDelegate {
    private var stack: [MoodleNode] = []
    private var root: MoodleNode?
    /// The first error libxml2 reported, with the line and the innermost open element at that moment (it recovers and
    /// closes elements itself afterwards).
    private var firstError: (code: Int, line: Int, open: MoodleNode?)?
    /// libxml2's codes for a document that ends early, an end tag that does not match, and an unfinished tag.
    private static let unclosedCodes: Set<Int> = [5, 76, 77]

    /// The document's root element, or a failure a person understands.
    static func read(_ bytes: [UInt8]) throws(TransferFailure) -> MoodleNode {
        if let doctype = findDoctype(bytes) {
            throw .onLine(doctype, "the file declares a DOCTYPE; Moodle exports never do, so it is not read.")
        }
        let reader = MoodleXMLReader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let finished = parser.parse()
        if let error = reader.firstError ?? parser.parserError.map({ ((($0 as NSError).code), parser.lineNumber, reader.stack.last) }) {
            if let open = error.open, unclosedCodes.contains(error.code) {
                throw .onLine(open.line, "the XML element <\(open.name)> is not closed.")
            }
            throw .onLine(max(error.line, 1), "this is not well-formed XML (parser error \(error.code)).")
        }
        if let open = reader.stack.last, !finished {
            throw .onLine(open.line, "the XML element <\(open.name)> is not closed.")
        }
        guard let root = reader.root else { throw TransferFailure(line: nil, message: "The file is empty: it has no XML in it.") }
        return root
    }

    private static func findDoctype(_ bytes: [UInt8]) -> Int? {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count else { return nil }
        for index in 0...(bytes.count - marker.count) where bytes[index] == marker[0] {
            if zip(marker.indices, marker).allSatisfy({ bytes[index + $0.0] == $0.1 || bytes[index + $0.0] | 0x20 == $0.1 | 0x20 }) {
                return TransferText.line(atByteOffset: index, in: bytes)
            }
        }
        return nil
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        stack.append(MoodleNode(name: elementName, attributes: attributeDict, line: parser.lineNumber))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstError == nil { firstError = ((parseError as NSError).code, parser.lineNumber, stack.last) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
    }
}
