import Foundation

/// A mistake in what the operator asked for; tenantctl exits with status 2.
public enum OperatorError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
