import CArgon2
import Foundation

/// Hashes and verifies passwords with argon2id; the slow work runs on ``HashingThreads``, never on an event loop.
public struct PasswordHasher: Sendable {
    /// argon2id cost parameters; they are stored in every encoded hash.
    public struct Parameters: Sendable, Equatable {
        public var memoryKiB: UInt32
        public var iterations: UInt32
        public var parallelism: UInt32

        /// OWASP's recommended argon2id setting: m=19456 KiB, t=2, p=1.
        public static let owasp = Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1)

        public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.parallelism = parallelism
        }
    }

    public let parameters: Parameters

    public init(parameters: Parameters = .owasp) {
        self.parameters = parameters
    }

    /// An encoded `$argon2id$v=19$m=…,t=…,p=…$salt$hash` string.
    public func hash(_ password: String) async throws -> String {
        let parameters = self.parameters
        return try await HashingThreads.run { try Self.hashSync(password, parameters: parameters) }
    }

    /// Whether `password` matches `encoded`, in constant time for equal-length hashes.
    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await HashingThreads.run { Self.verifySync(password, against: encoded) }
    }

    /// Whether `encoded` was made with weaker or different parameters than today's.
    public func needsRehash(_ encoded: String) -> Bool {
        !encoded.hasPrefix("$argon2id$v=19$m=\(parameters.memoryKiB),t=\(parameters.iterations),p=\(parameters.parallelism)$")
    }

    /// Blocking variant for the CLI.
    public static func hashSync(_ password: String, parameters: Parameters = .owasp) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        SecureRandom.fill(&salt)
        let passwordBytes = Array(password.utf8)
        let hashLength = 32
        let encodedLength = argon2_encodedlen(
            parameters.iterations,
            parameters.memoryKiB,
            parameters.parallelism,
            UInt32(salt.count),
            UInt32(hashLength),
            Argon2_id
        )
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let status = argon2id_hash_encoded(
            parameters.iterations,
            parameters.memoryKiB,
            parameters.parallelism,
            passwordBytes,
            passwordBytes.count,
            salt,
            salt.count,
            hashLength,
            &encoded,
            encodedLength
        )
        guard status == ARGON2_OK.rawValue else {
            throw PasswordHashError(message: String(cString: argon2_error_message(status)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Blocking variant for the CLI and the thread pool.
    public static func verifySync(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { return false }
        let passwordBytes = Array(password.utf8)
        return argon2id_verify(encoded, passwordBytes, passwordBytes.count) == ARGON2_OK.rawValue
    }
}

/// libargon2 refused to hash.
public struct PasswordHashError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "argon2: \(message)" }
}
