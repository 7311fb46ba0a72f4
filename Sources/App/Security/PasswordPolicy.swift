import Foundation

/// NIST SP 800-63B style password rules: length, a common-password list and the person's own details; no composition rules.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128
    private let common: Set<String>

    public init(commonPasswords: Set<String>) { self.common = commonPasswords }

    /// Loads one password per line (lowercased); refuses a list too short to be the real one.
    public static func load(path: String) throws -> PasswordPolicy {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("the common-password list \(path) is missing; `make run` creates it (COACH_COMMON_PASSWORDS)")
        }
        let words = Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() })
        guard words.count >= 10_000 else { throw ConfigurationError("the common-password list \(path) has only \(words.count) entries") }
        return PasswordPolicy(commonPasswords: words)
    }

    /// Length in Unicode code points after NFC normalisation, as NIST counts it.
    public static func length(_ password: String) -> Int { password.precomposedStringWithCanonicalMapping.unicodeScalars.count }

    /// Every rule the password breaks, each as a sentence a person can act on; empty when it is acceptable.
    public func problems(_ password: String, email: String, name: String) -> [String] {
        var problems: [String] = []
        let length = Self.length(password)
        if length < Self.minimumLength {
            problems.append(
                "Use at least \(Self.minimumLength) characters (this one has \(length)). A few unrelated words make a strong, memorable password."
            )
        }
        if length > Self.maximumLength {
            problems.append("Use at most \(Self.maximumLength) characters (this one has \(length)).")
        }
        let lowered = password.lowercased()
        if common.contains(lowered) {
            problems.append("This password is on a list of commonly used passwords that attackers try first. Choose another.")
        }
        let email = email.lowercased()
        let local = email.split(separator: "@").first.map(String.init) ?? email
        if lowered.contains(email) || (local.count >= 3 && lowered.contains(local)) {
            problems.append("Do not use your email address in your password.")
        }
        let nameParts = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 3 }
        if nameParts.contains(where: { lowered.contains($0) }) {
            problems.append("Do not use your name in your password.")
        }
        return problems
    }
}
