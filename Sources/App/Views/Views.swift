import Foundation
import Hummingbird
import Mustache

/// Renders Mustache templates from `Templates/` into HTML responses.
public struct Views: Sendable {
    let library: MustacheLibrary

    /// Loads every template under `directory`; fails fast on a parse error.
    public init(directory: String) async throws {
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
        self.library = try await MustacheLibrary(directory: directory)
    }

    /// The HTML of `template` rendered with `model`.
    func html(_ template: String, _ model: Any) throws -> String {
        guard let html = library.render(model, withTemplate: template) else { throw RenderError(template: template) }
        return html
    }

    /// Renders `template` with `model`; a missing template is a programming error reported as 500.
    public func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let html = try html(template, model)
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
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
