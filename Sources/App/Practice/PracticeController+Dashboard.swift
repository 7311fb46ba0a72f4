import Foundation
import Hummingbird

extension PracticeController {
    /// The candidate's start page: what they can start, what is open, and their progress.
    @Sendable func dashboard(_ request: Request, context: SignedInContext) async throws -> Response {
        let userID = context.user.id
        let now = now()
        let progress = ProgressRepository()
        let data = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let settings = try await OrganisationRepository().settings(in: db)
            return (
                templates: try await TemplateRepository().available(to: userID, in: db),
                open: try await practice.openInterview(userID: userID, in: db),
                recent: try await practice.recent(userID: userID, limit: 5, in: db),
                completed: try await progress.completed(userID: userID, in: db),
                categories: try await progress.categories(userID: userID, in: db),
                preferences: try await progress.preferences(userID: userID, in: db),
                leaderboard: settings.leaderboard,
                leaders: settings.leaderboard == .off
                    ? [] : try await progress.leaderboard(since: now.addingTimeInterval(-30 * 86_400), in: db)
            )
        }
        let slug = context.tenant.slug
        let timeZone = data.preferences.timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        let model = CandidateHomePage(
            chrome: Chrome(title: "Practice", context: context, section: "practice"),
            firstName: context.user.name.split(separator: " ").first.map(String.init) ?? context.user.name,
            tenantName: context.tenant.name,
            notice: request.notice(.abandoned, .preferencesSaved)?.message,
            open: data.open.map { row($0, slug) },
            abandonAction: data.open.map { TenantPage.interviewAction($0.id, .abandon).href(slug) },
            templates: data.templates.map { template in
                TemplateChoiceView(
                    name: template.name,
                    summary: template.summary,
                    position: template.position.isEmpty ? nil : template.position,
                    due: template.dueAt.map { "Due \(UTCFormat.day.string(from: $0))" },
                    startAction: TenantPage.startInterview(template.id).href(slug)
                )
            },
            hasTemplates: !data.templates.isEmpty,
            progress: ProgressView(completed: data.completed, categories: data.categories, timeZone: timeZone, now: now),
            leaderboard: data.leaderboard == .off
                ? nil
                : LeaderboardView(data.leaders, setting: data.leaderboard, viewer: userID, optedIn: data.preferences.leaderboardOptIn),
            recent: data.recent.map { row($0, slug) },
            hasRecent: !data.recent.isEmpty,
            historyHref: TenantPage.practiceHistory.href(slug),
            preferencesHref: TenantPage.preferences.href(slug),
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }
}
