import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Prometheus

/// The services a router needs; tests build them around their own database.
public struct AppDependencies: Sendable {
    public let configuration: AppConfiguration
    public let database: Database
    public let views: Views
    public let secretBox: SecretBox
    public let passwordPolicy: PasswordPolicy
    public let now: @Sendable () -> Date

    public init(
        configuration: AppConfiguration,
        database: Database,
        views: Views,
        secretBox: SecretBox,
        passwordPolicy: PasswordPolicy,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.database = database
        self.views = views
        self.secretBox = secretBox
        self.passwordPolicy = passwordPolicy
        self.now = now
    }
}

/// Builds the whole application: checks migrations, then wires the database, templates and router. The server's
/// connections run on `eventLoopGroup` (NIO's shared group unless a test isolates them); the database pool's always do.
public func buildApplication(
    configuration: AppConfiguration,
    logger: Logger? = nil,
    now: @escaping @Sendable () -> Date = { Date() },
    eventLoopGroup: EventLoopGroupProvider = .singleton
) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "coach-server")
    let claims = try TenantClaim(key: configuration.tenantClaimKey)
    try await StartupChecks.run(configuration: configuration, claims: claims, logger: logger)
    let database = Database(configuration: configuration.database, claims: claims, logger: logger)
    let views = try await Views(directory: configuration.templatesDirectory)
    let dependencies = AppDependencies(
        configuration: configuration,
        database: database,
        views: views,
        secretBox: try SecretBox.parse(configuration.dataKeys),
        passwordPolicy: try PasswordPolicy.load(path: configuration.commonPasswordsPath),
        now: now
    )
    let router = try buildRouter(dependencies)
    var app = Application(
        responder: RequestTaskResponder(wrapped: router.buildResponder()),
        // A keep-alive connection idle for 75 s is closed, with what the server holds for it. Without a limit a
        // client that once opened many connections kept them, and their memory, for good (BENCHMARKS run 16). Longer
        // than nginx's upstream keep-alive (60 s), so nginx closes its idle connections first.
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleConnectionTimeout))),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "coach"),
        eventLoopGroupProvider: eventLoopGroup,
        logger: logger
    )
    app.addServices(database.client)
    // Services stop in reverse order: the sealer's last pass runs while the pool is still up.
    if let interval = configuration.auditSealInterval {
        app.addServices(AuditSealer(database: database, interval: interval, logger: logger))
    }
    app.addServices(SignInRecordPurger(database: database, logger: logger))
    return app
}

/// Wires middleware and routes in the order DESIGN.md describes.
/// `routeTable` collects each signed-in route's permission (the role × route test reads it).
public func buildRouter(_ dependencies: AppDependencies, routeTable: RouteTable = RouteTable()) throws -> Router<AppRequestContext> {
    let configuration = dependencies.configuration
    let database = dependencies.database
    let views = dependencies.views
    let cookies = CookieSettings(secure: configuration.secureCookies)
    let router = Router(context: AppRequestContext.self)

    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(hsts: configuration.secureCookies) { $0.requestID })
    router.add(middleware: LogRequestsMiddleware(.info))
    if configuration.trustProxy { router.add(middleware: ForwardedForMiddleware()) }
    router.add(middleware: ErrorPageMiddleware(views: views))
    router.add(middleware: InputSanityMiddleware(maximumFormSize: 512 * 1024))
    router.add(
        middleware: FileMiddleware(
            configuration.publicDirectory,
            cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]),
            searchForIndexHtml: false
        )
    )

    if let token = configuration.metricsToken {
        MetricsEndpoint(token: token, registry: PrometheusMetricsFactory.defaultRegistry).addRoutes(to: router)
    }
    try HealthChecks(database: database, migrationsDirectory: configuration.migrationsDirectory).addRoutes(to: router)
    router.get("") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "Interview Coach Enterprise. Sign in at /t/{your company}/login.\n"))
        )
    }

    let csrfTokens = CSRFTokens(secretKey: configuration.secretKey)
    let tenantGroup = router.group("t/:slug")
        .add(middleware: TenantMiddleware(database: database))
        .add(middleware: SessionMiddleware(database: database, cookies: cookies, now: dependencies.now))
        .add(middleware: ErrorPageMiddleware(views: views, tokens: csrfTokens))
        .add(middleware: RefusalAuditMiddleware(database: database))
        .add(middleware: CSRFMiddleware(tokens: csrfTokens, cookies: cookies))

    let hasher = PasswordHasher(parameters: configuration.passwordHashing)
    let twoFactor = TwoFactorRepository(box: dependencies.secretBox, recovery: RecoveryCodes(secretKey: configuration.secretKey))
    try AuthController(
        database: database,
        views: views,
        hasher: hasher,
        cookies: cookies,
        twoFactor: twoFactor,
        now: dependencies.now
    ).addRoutes(to: tenantGroup)
    PasswordResetController(
        database: database,
        views: views,
        hasher: hasher,
        policy: dependencies.passwordPolicy,
        outbox: Outbox(box: dependencies.secretBox, sendmail: configuration.sendmail),
        publicURL: configuration.publicURL,
        now: dependencies.now
    ).addRoutes(to: tenantGroup)
    InvitationController(
        database: database,
        views: views,
        hasher: hasher,
        policy: dependencies.passwordPolicy,
        cookies: cookies,
        signIn: try SignIn(database: database, hasher: hasher, twoFactor: twoFactor, now: dependencies.now),
        now: dependencies.now
    ).addRoutes(to: tenantGroup)

    let signedIn = PermittedRoutes(
        group: tenantGroup.group(context: SignedInContext.self)
            .add(middleware: PasswordChangeMiddleware())
            .add(middleware: TwoFactorEnrolmentMiddleware()),
        table: routeTable,
        now: dependencies.now
    )
    let services = AppServices(
        database: database,
        views: views,
        hasher: hasher,
        twoFactor: twoFactor,
        passwordPolicy: dependencies.passwordPolicy,
        totpIssuer: configuration.totpIssuer,
        outbox: Outbox(box: dependencies.secretBox, sendmail: configuration.sendmail),
        publicURL: configuration.publicURL,
        routeTable: routeTable,
        evaluator: ChatEvaluator.configured(configuration.chatEvaluator),
        reports: ReportRendering.locate(publicDirectory: configuration.publicDirectory),
        now: dependencies.now
    )
    addSignedInRoutes(services, to: signedIn)
    return router
}
