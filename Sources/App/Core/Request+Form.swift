import Hummingbird

extension Request {
    /// The query string read the way browsers write it: as a form (`+` is a space), first value of each name.
    public var formQuery: [String: String] { FormBody.parse(uri.query ?? "") }

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
