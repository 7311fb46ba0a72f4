import Hummingbird

extension Request {
    /// The query string read the way browsers write it: as a form (`+` is a space), first value of each name.
    public var formQuery: [String: String] { FormBody.parse(uri.query ?? "") }

    /// The posted form's fields, first value of each name (bodies are capped at 512 KB, as `InputSanityMiddleware`
    /// caps forms).
    public func postedForm() async throws -> [String: String] {
        var request = self
        let buffer = try await request.collectBody(upTo: 512 * 1024)
        return FormBody.parse(String(buffer: buffer))
    }

    /// Decodes a form body; a malformed one (a repeated field, `name[]=…`) is a 400 page, not a 500.
    public func decodeForm<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        do {
            return try await decode(as: type, context: context)
        } catch is DecodingError {
            throw AppError.badRequest
        } catch is URLEncodedFormError {
            throw AppError.badRequest
        }
    }
}
