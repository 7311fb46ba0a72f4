import Foundation
import Hummingbird

/// The organisation's own settings: its name and how long invitation links work. Languages live on the translations
/// page and sign-in rules on the security policy page; this page links to both.
public struct SettingsController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let settings = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await OrganisationRepository().settings(in: db)
        }
        return try render(
            context,
            name: context.tenant.name,
            days: String(settings.invitationDays),
            leaderboard: settings.leaderboard,
            problems: [],
            notice: request.notice(.settingsSaved)?.message
        )
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let daysText = (form["invitation_days"] ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [String] = []
        if !(1...200).contains(name.count) { problems.append("Name: 1 to 200 characters.") }
        let days = Int(daysText)
        if days == nil || !(1...30).contains(days ?? 0) { problems.append("Invitation links work for: a whole number of days from 1 to 30.") }
        let leaderboard = OrganisationRepository.Leaderboard(rawValue: form["leaderboard"] ?? "")
        if leaderboard == nil { problems.append("Leaderboard: choose one of the listed options.") }
        guard problems.isEmpty, let days, let leaderboard else {
            return try render(
                context,
                name: name,
                days: daysText,
                leaderboard: leaderboard ?? .pseudonyms,
                problems: problems,
                notice: nil,
                status: .unprocessableContent
            )
        }
        let source = context.auditSource(request)
        let tenant = context.tenant
        try await database.withTenant(tenant.id, logger: context.logger) { db in
            try await OrganisationRepository().saveSettings(name: name, invitationDays: days, leaderboard: leaderboard, source: source, in: db)
        }
        return .seeOther(.settings, tenant.slug, notice: .settingsSaved)
    }

    private func render(
        _ context: SignedInContext,
        name: String,
        days: String,
        leaderboard: OrganisationRepository.Leaderboard,
        problems: [String],
        notice: String?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let slug = context.tenant.slug
        let model = SettingsPage(
            chrome: Chrome(title: "Organisation settings", context: context, section: "people"),
            notice: notice,
            action: TenantPage.settings.href(slug),
            name: name,
            invitationDays: days,
            nameProblem: problems.first { $0.hasPrefix("Name:") },
            daysProblem: problems.first { $0.hasPrefix("Invitation") },
            leaderboardOptions: OrganisationRepository.Leaderboard.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0 == leaderboard)
            },
            leaderboardProblem: problems.first { $0.hasPrefix("Leaderboard") },
            problems: problems,
            hasProblems: !problems.isEmpty,
            languagesHref: TenantPage.translations.href(slug),
            securityHref: TenantPage.securityPolicy.href(slug),
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

struct SettingsPage: Page {
    static let template = "people/settings"
    let chrome: Chrome
    let notice: String?
    let action: String
    let name: String
    let invitationDays: String
    let nameProblem: String?
    let daysProblem: String?
    let leaderboardOptions: [Option]
    let leaderboardProblem: String?
    let problems: [String]
    let hasProblems: Bool
    let languagesHref: String
    let securityHref: String
    let csrfToken: String
}
