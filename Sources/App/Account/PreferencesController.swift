import Foundation
import Hummingbird

/// A person's own preferences: the time zone their practice days are counted in and, for candidates, whether
/// they appear on the organisation's leaderboard and under which name. Only the person's own row changes, and
/// only how their progress is shown, so it is not audited.
public struct PreferencesController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let userID = context.user.id
        let (preferences, leaderboard) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (try await ProgressRepository().preferences(userID: userID, in: db), try await OrganisationRepository().settings(in: db).leaderboard)
        }
        return try render(context, preferences, leaderboard: leaderboard, problem: nil, notice: request.notice(.preferencesSaved)?.message)
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let zone = (form["time_zone"] ?? "").trimmingCharacters(in: .whitespaces)
        let candidate = context.user.role == .candidate
        let preferences = ProgressPreferences(
            timeZone: zone.isEmpty ? nil : zone,
            leaderboardOptIn: candidate && form["leaderboard"] == "on",
            showName: candidate && form["leaderboard"] == "on" && form["show_name"] == "on"
        )
        let userID = context.user.id
        let tenant = context.tenant
        guard zone.isEmpty || TimeZone.knownTimeZoneIdentifiers.contains(zone) else {
            let leaderboard = try await database.withTenant(tenant.id, logger: context.logger) { db in
                try await OrganisationRepository().settings(in: db).leaderboard
            }
            let problem = "Time zone: choose one of the listed time zones."
            return try render(context, preferences, leaderboard: leaderboard, problem: problem, notice: nil, status: .unprocessableContent)
        }
        try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await ProgressRepository().save(preferences, userID: userID, in: db)
        }
        return .seeOther(.preferences, tenant.slug, notice: .preferencesSaved)
    }

    private func render(
        _ context: SignedInContext,
        _ preferences: ProgressPreferences,
        leaderboard: OrganisationRepository.Leaderboard,
        problem: String?,
        notice: String?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let slug = context.tenant.slug
        let candidate = context.user.role == .candidate
        let model = PreferencesPage(
            chrome: Chrome(title: "Preferences", context: context, section: candidate ? "practice" : "account"),
            notice: notice,
            action: TenantPage.preferences.href(slug),
            zones: TimeZone.knownTimeZoneIdentifiers.sorted().map { Option(value: $0, label: $0, selected: $0 == preferences.timeZone) },
            noZone: preferences.timeZone == nil,
            problem: problem,
            problems: problem.map { [$0] } ?? [],
            hasProblems: problem != nil,
            leaderboard: candidate && leaderboard != .off,
            optedIn: preferences.leaderboardOptIn,
            namesAllowed: leaderboard == .names,
            showName: preferences.showName,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

/// The person's own time zone and leaderboard choices.
struct PreferencesPage: Page {
    static let template = "account/preferences"
    let chrome: Chrome
    let notice: String?
    let action: String
    let zones: [Option]
    /// No time zone chosen yet: days are counted in UTC.
    let noZone: Bool
    let problem: String?
    let problems: [String]
    let hasProblems: Bool
    /// Only candidates of an organisation with a leaderboard see its choices.
    let leaderboard: Bool
    let optedIn: Bool
    let namesAllowed: Bool
    let showName: Bool
    let csrfToken: String
}
