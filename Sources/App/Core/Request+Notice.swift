import Hummingbird

extension Request {
    /// The message for the first query flag present (`?saved=1` → "Saved."), for post/redirect/get confirmations.
    public func notice(from messages: [String: String]) -> String? {
        uri.queryParameters.first { messages[String($0.key)] != nil }.flatMap { messages[String($0.key)] }
    }
}
