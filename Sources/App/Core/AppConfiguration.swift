import Foundation

/// Everything the server needs to start, filled from flags and the environment; tests build it directly.
public struct AppConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseConfiguration
    public var templatesDirectory: String
    public var publicDirectory: String
    public var migrationsDirectory: String
    /// Secret used to derive CSRF tokens; 32 bytes or more.
    public var secretKey: [UInt8]
    /// Adds `Secure` to cookies and sends HSTS; off only for plain-HTTP local use.
    public var secureCookies: Bool
    /// Lets tests and benchmarks trade hashing cost for speed; production uses the OWASP default.
    public var passwordHashing: PasswordHasher.Parameters
    /// AES-256-GCM keys for secrets at rest, `1=base64;2=base64` (the highest version encrypts).
    public var dataKeys: String
    /// One common password per line; passwords on it are refused.
    public var commonPasswordsPath: String
    /// The issuer name authenticator apps show.
    public var totpIssuer: String
    /// Take the client address from the last `X-Forwarded-For` hop; only behind a proxy that sets it.
    public var trustProxy: Bool
    /// Signs tenant claims (see ``TenantClaim``); the database holds the same key where the runtime role cannot read it.
    public var tenantClaimKey: [UInt8]
    /// Where links in mail point (`COACH_PUBLIC_URL`), never taken from a request's Host header.
    public var publicURL: String
    /// A sendmail-compatible command and its arguments (`COACH_SENDMAIL`, e.g. "/usr/sbin/sendmail -t"); without
    /// one, mail waits in the outbox and admins see invitation links to hand over.
    public var sendmail: [String]?
    /// An OpenAI-compatible chat model that scores practice answers (`COACH_LLM_*`); nil keeps the rubric.
    public var chatEvaluator: ChatEvaluatorSettings?
    /// The bearer token `/metrics` asks for (`COACH_METRICS_TOKEN`, 16 characters or more); without one there is no
    /// `/metrics`.
    public var metricsToken: String?
    /// How often the background ``AuditSealer`` looks for events to seal; nil runs none. The Swift tests turn it off
    /// unless they test it: their blocking libpq calls share the few cooperative threads with the app, and must not wait
    /// on a transaction of the sealer's that needs one of those threads to commit.
    public var auditSealInterval: Duration? = .milliseconds(200)
    /// How long a keep-alive connection may sit idle before the server closes it (``buildApplication``).
    public var idleConnectionTimeout: Duration = .seconds(75)

    public init(
        hostname: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseConfiguration,
        templatesDirectory: String,
        publicDirectory: String,
        migrationsDirectory: String,
        secretKey: [UInt8],
        secureCookies: Bool = true,
        passwordHashing: PasswordHasher.Parameters = .owasp,
        dataKeys: String,
        commonPasswordsPath: String,
        totpIssuer: String = "Interview Coach",
        trustProxy: Bool = false,
        tenantClaimKey: [UInt8],
        publicURL: String? = nil,
        sendmail: [String]? = nil,
        chatEvaluator: ChatEvaluatorSettings? = nil,
        metricsToken: String? = nil
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.templatesDirectory = templatesDirectory
        self.publicDirectory = publicDirectory
        self.migrationsDirectory = migrationsDirectory
        self.secretKey = secretKey
        self.secureCookies = secureCookies
        self.passwordHashing = passwordHashing
        self.dataKeys = dataKeys
        self.commonPasswordsPath = commonPasswordsPath
        self.totpIssuer = totpIssuer
        self.trustProxy = trustProxy
        self.tenantClaimKey = tenantClaimKey
        self.publicURL = publicURL ?? "http://\(hostname):\(port)"
        self.sendmail = sendmail
        self.chatEvaluator = chatEvaluator
        self.metricsToken = metricsToken
    }

    /// Reads `COACH_*` variables; the working directory supplies default folders.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        hostname: String = "127.0.0.1",
        port: Int = 8080
    ) throws -> AppConfiguration {
        let cwd = FileManager.default.currentDirectoryPath
        guard let secret = environment["COACH_SECRET_KEY"], let key = Data(base64Encoded: secret), key.count >= 32 else {
            throw ConfigurationError("COACH_SECRET_KEY must be set to at least 32 random bytes, base64-encoded (openssl rand -base64 32)")
        }
        var database = try DatabaseConfiguration.fromEnvironment(
            environment,
            userVariable: "COACH_APP_USER",
            defaultUser: "coach_app",
            passwordVariable: "COACH_APP_PASSWORD"
        )
        database.connectionWait = try DatabaseConfiguration.connectionWait(environment)
        database.idleTimeout = DatabaseConfiguration.serverIdleTimeout
        return AppConfiguration(
            hostname: hostname,
            port: port,
            database: database,
            templatesDirectory: environment["COACH_TEMPLATES_DIR"] ?? "\(cwd)/Templates",
            publicDirectory: environment["COACH_PUBLIC_DIR"] ?? "\(cwd)/Public",
            migrationsDirectory: environment["COACH_MIGRATIONS_DIR"] ?? "\(cwd)/migrations",
            secretKey: Array(key),
            secureCookies: environment["COACH_SECURE_COOKIES"].map { !["0", "false", "no"].contains($0.lowercased()) } ?? true,
            dataKeys: try required("COACH_DATA_KEYS", environment, hint: "1=$(openssl rand -base64 32)"),
            commonPasswordsPath: environment["COACH_COMMON_PASSWORDS"] ?? "\(cwd)/.data/common-passwords.txt",
            totpIssuer: environment["COACH_TOTP_ISSUER"] ?? "Interview Coach",
            trustProxy: environment["COACH_TRUST_PROXY"] == "true",
            tenantClaimKey: try tenantClaimKey(environment),
            publicURL: environment["COACH_PUBLIC_URL"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
            sendmail: environment["COACH_SENDMAIL"].map { $0.split(separator: " ").map(String.init) }.flatMap { $0.isEmpty ? nil : $0 },
            chatEvaluator: try chatEvaluator(environment),
            metricsToken: try metricsToken(environment)
        )
    }

    /// `COACH_METRICS_TOKEN`: nil when unset or empty; a shorter one than 16 characters is refused.
    static func metricsToken(_ environment: [String: String]) throws -> String? {
        guard let token = environment["COACH_METRICS_TOKEN"], !token.isEmpty else { return nil }
        guard token.count >= 16 else { throw ConfigurationError("COACH_METRICS_TOKEN must be at least 16 characters (openssl rand -hex 16)") }
        return token
    }

    /// `COACH_TENANT_CLAIM_KEY`: at least 32 random bytes, base64-encoded; the server and `tenantctl migrate` read it.
    public static func tenantClaimKey(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        guard let value = environment["COACH_TENANT_CLAIM_KEY"], let key = Data(base64Encoded: value), key.count >= 32 else {
            throw ConfigurationError(
                "COACH_TENANT_CLAIM_KEY must be set to at least 32 random bytes, base64-encoded (openssl rand -base64 32)"
            )
        }
        return Array(key)
    }

    /// `COACH_LLM_URL` (the full http or https URL of a `/v1/chat/completions` endpoint), `COACH_LLM_MODEL` (required
    /// with the URL), `COACH_LLM_API_KEY` (optional) and `COACH_LLM_TIMEOUT_SECONDS` (optional, 1 to 60, default 5).
    /// Without a URL the rubric scores answers and the other variables are ignored.
    public static func chatEvaluator(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ChatEvaluatorSettings? {
        guard let value = environment["COACH_LLM_URL"], !value.isEmpty else { return nil }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased()), url.host?.isEmpty == false else {
            throw ConfigurationError(
                "COACH_LLM_URL must be an http or https URL of a chat completions endpoint (for example https://api.openai.com/v1/chat/completions)"
            )
        }
        guard let model = environment["COACH_LLM_MODEL"], !model.isEmpty else {
            throw ConfigurationError("COACH_LLM_MODEL must be set when COACH_LLM_URL is set (for example gpt-4o-mini)")
        }
        return ChatEvaluatorSettings(
            endpoint: url,
            model: model,
            apiKey: environment["COACH_LLM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            timeout: try chatTimeout(environment)
        )
    }

    private static func chatTimeout(_ environment: [String: String]) throws -> Duration {
        guard let value = environment["COACH_LLM_TIMEOUT_SECONDS"], !value.isEmpty else { return .seconds(5) }
        guard let seconds = Double(value), (1...60).contains(seconds) else {
            throw ConfigurationError("COACH_LLM_TIMEOUT_SECONDS must be a number of seconds from 1 to 60 (got \"\(value)\")")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }
}

private func required(_ name: String, _ environment: [String: String], hint: String) throws -> String {
    guard let value = environment[name], !value.isEmpty else { throw ConfigurationError("\(name) must be set (for example \(hint))") }
    return value
}

/// Where and as whom to connect to PostgreSQL.
public struct DatabaseConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var name: String
    public var user: String
    public var password: String
    /// A request's wait for a pooled connection before a 503 page (``ConnectionWaitPolicy``); nil waits as long as the
    /// pool takes. coach-server sets it from `COACH_DB_WAIT_SECONDS` (0.1 to 30, default 1.5); tools and tests leave it nil.
    public var connectionWait: Duration?
    /// How long a pooled connection may stay idle before the pool closes it. The pool opens connections on demand and
    /// keeps none open for good (``Database/init(configuration:claims:maximumConnections:logger:)`` says why).
    public var idleTimeout = Duration.seconds(60)
    /// coach-server's ``idleTimeout``: long enough that a steady load keeps its connections, short enough that the
    /// idle timers the pool starts for every request it serves do not pile up.
    public static let serverIdleTimeout = Duration.seconds(10)
    /// Long enough for a busy pool to free a connection; short enough that the 503 page comes while PostgreSQL restarts.
    public static let defaultConnectionWait = Duration.milliseconds(1500)

    /// `COACH_DB_WAIT_SECONDS`, or the default when it is unset or empty.
    public static func connectionWait(_ environment: [String: String]) throws -> Duration {
        guard let text = environment["COACH_DB_WAIT_SECONDS"], !text.isEmpty else { return defaultConnectionWait }
        guard let seconds = Double(text), seconds >= 0.1, seconds <= 30 else {
            throw ConfigurationError("COACH_DB_WAIT_SECONDS must be a number of seconds from 0.1 to 30, such as 1.5")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    public init(host: String, port: Int, name: String, user: String, password: String) {
        self.host = host
        self.port = port
        self.name = name
        self.user = user
        self.password = password
    }

    public func with(database name: String) -> DatabaseConfiguration {
        var copy = self
        copy.name = name
        return copy
    }

    public func with(user: String, password: String) -> DatabaseConfiguration {
        var copy = self
        copy.user = user
        copy.password = password
        return copy
    }

    /// Reads `COACH_DB_HOST`, `COACH_DB_PORT`, `COACH_DB_NAME` and the given user and password variables.
    public static func fromEnvironment(
        _ environment: [String: String],
        userVariable: String,
        defaultUser: String,
        passwordVariable: String
    ) throws -> DatabaseConfiguration {
        guard let password = environment[passwordVariable], !password.isEmpty else {
            throw ConfigurationError("\(passwordVariable) must be set (make run and make test write it to .data/*.env)")
        }
        return DatabaseConfiguration(
            host: environment["COACH_DB_HOST"] ?? "127.0.0.1",
            port: environment["COACH_DB_PORT"].flatMap(Int.init) ?? 54320,
            name: environment["COACH_DB_NAME"] ?? "coach",
            user: environment[userVariable] ?? defaultUser,
            password: password
        )
    }
}

/// A configuration value is missing or malformed.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
