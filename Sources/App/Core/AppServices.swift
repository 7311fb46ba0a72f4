import Foundation

/// What the signed-in controllers share, built once by ``buildRouter(_:routeTable:)``.
struct AppServices: Sendable {
    let database: Database
    let views: Views
    let hasher: PasswordHasher
    let twoFactor: TwoFactorRepository
    let passwordPolicy: PasswordPolicy
    let totpIssuer: String
    let outbox: Outbox
    let publicURL: String
    /// Every signed-in route and the permission it requires, complete once the router is built.
    let routeTable: RouteTable
    /// Scores practice answers (``RubricEvaluator`` unless configured otherwise).
    let evaluator: any AnswerEvaluator
    /// Prints interview reports as PDF; nil where no Chromium is installed.
    let reports: ReportRendering?
    let now: @Sendable () -> Date
}

/// A controller that takes its dependencies from ``AppServices``; each reads them by their usual names.
protocol ServiceController {
    var services: AppServices { get }
}

extension ServiceController {
    var database: Database { services.database }
    var views: Views { services.views }
    var hasher: PasswordHasher { services.hasher }
    var twoFactor: TwoFactorRepository { services.twoFactor }
    var now: @Sendable () -> Date { services.now }
}
