import Foundation
import Hummingbird

/// Renders the Mustache templates under `Templates/` into HTML responses.
///
/// Every template is read and parsed once, at start-up (``TemplateParser``); a page is then rendered into one byte
/// buffer (``TemplateRenderer``) that becomes the response body.
public struct Views: Sendable {
    let renderer: TemplateRenderer

    /// Loads every `.mustache` file under `directory`, named by its path without the extension (`audit/list`); fails
    /// fast, naming the file, on a template it cannot parse or a partial that does not exist.
    public init(directory: String) async throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".mustache") }
        var templates: [String: [TemplateToken]] = [:]
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            do {
                templates[String(file.dropLast(".mustache".count))] = try TemplateParser.parse(text)
            } catch let error as TemplateParseError {
                throw ConfigurationError("Templates/\(file): \(error.description)")
            }
        }
        self.renderer = TemplateRenderer(templates: templates)
        if let missing = renderer.missingPartials().first {
            throw ConfigurationError("Templates/\(missing.template).mustache includes \(missing.partial), which does not exist")
        }
    }

    /// The HTML of `template` rendered with `model`, as UTF-8.
    func bytes(_ template: String, _ model: TemplateValue) throws -> [UInt8] {
        guard let bytes = renderer.render(template, model) else { throw RenderError(template: template) }
        return bytes
    }

    /// The HTML of `template` rendered with `model`.
    func html(_ template: String, _ model: TemplateValue) throws -> String {
        String(decoding: try bytes(template, model), as: UTF8.self)
    }

    /// Renders `template` with `model`; a missing template is a programming error reported as 500.
    func render(_ template: String, _ model: TemplateValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let body = try bytes(template, model)
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// A page's view model, bound to the template that renders it. Its `Encodable` conformance, written by the compiler,
/// is how the template reads it (``TemplateEncoder``), so rendering does no reflection.
public protocol Page: Encodable {
    /// The template's path under `Templates/`, without `.mustache`.
    static var template: String { get }
}

extension Views {
    /// Renders `page` with its own template.
    public func render<P: Page>(_ page: P, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try render(P.template, try TemplateEncoder.value(page), status: status, headers: headers)
    }

    /// The HTML of `page` with its own template.
    func html<P: Page>(_ page: P) throws -> String {
        try html(P.template, try TemplateEncoder.value(page))
    }
}

/// A template named in code does not exist.
public struct RenderError: Error, CustomStringConvertible {
    public let template: String
    public var description: String { "template \(template) not found" }
}
