import Foundation

struct CategoryRowView: Encodable {
    let category: String
    let answers: Int
    let average: Int
    let readiness: String
}

struct AchievementView: Encodable {
    let title: String
    let description: String
    let earned: Bool
    /// "Earned 12 Nov 2026", or nil when not earned (or when earned for a streak, which has no single day).
    let when: String?
}

/// Totals, streaks, trend, categories and achievements: the same block on the candidate's dashboard and on the
/// page where an admin follows a candidate (`partials/progress`).
struct ProgressView: Encodable {
    let completed: Int
    let average: String
    let best: String
    let currentStreak: String
    let longestStreak: String
    let trend: TrendChart
    let categories: [CategoryRowView]
    let hasCategories: Bool
    let achievements: [AchievementView]
    let earnedCount: Int
    /// The time zone streaks and dates are counted in, named so the candidate can tell why a day counts.
    let timeZoneName: String

    /// How many recent interviews the chart and its table show.
    static let chartedInterviews = 50

    init(completed history: [CompletedInterview], categories: [CategoryScore], timeZone: TimeZone, now: Date) {
        let streaks = Streaks.compute(completions: history.map(\.completedAt), timeZone: timeZone, now: now)
        let scores = history.map(\.overall)
        completed = history.count
        average = scores.isEmpty ? "–" : String(Int((Double(scores.reduce(0, +)) / Double(scores.count)).rounded()))
        best = scores.max().map(String.init) ?? "–"
        currentStreak = streaks.current.counted("day")
        longestStreak = streaks.longest.counted("day")
        trend = TrendChart(
            points: history.suffix(Self.chartedInterviews).map { (date: $0.completedAt, score: $0.overall) },
            timeZone: timeZone
        )
        self.categories = categories.map {
            CategoryRowView(category: $0.category, answers: $0.answers, average: $0.average, readiness: Readiness.label($0.average))
        }
        hasCategories = !categories.isEmpty
        let earned = Achievement.earned(from: history, longestStreak: streaks.longest)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        achievements = Achievement.allCases.map { achievement in
            let found = earned.first { $0.achievement == achievement }
            return AchievementView(
                title: achievement.title,
                description: achievement.description,
                earned: found != nil,
                when: found?.earnedAt.map { "Earned \(TrendChart.day($0, calendar))" }
            )
        }
        earnedCount = earned.count
        timeZoneName = timeZone.identifier
    }
}

struct LeaderView: Encodable {
    let rank: Int
    let name: String
    let interviews: Int
    let average: Int
    let isYou: Bool
}

/// The tenant's leaderboard as a candidate sees it: pseudonyms unless both the tenant and the person allow names.
struct LeaderboardView: Encodable {
    let rows: [LeaderView]
    let hasRows: Bool
    let optedIn: Bool

    init(_ rows: [LeaderRow], setting: OrganisationRepository.Leaderboard, viewer: UUID, optedIn: Bool) {
        self.rows = rows.enumerated().map { index, row in
            LeaderView(
                rank: index + 1,
                name: setting == .names && row.showName ? row.name : Self.pseudonym(row.userID),
                interviews: row.interviews,
                average: row.average,
                isYou: row.userID == viewer
            )
        }
        hasRows = !rows.isEmpty
        self.optedIn = optedIn
    }

    /// A stable name that says nothing about the person: two words picked by their id.
    static func pseudonym(_ id: UUID) -> String {
        let adjectives = ["Amber", "Brisk", "Calm", "Deft", "Eager", "Frank", "Gentle", "Hardy", "Keen", "Lucid", "Mellow", "Nimble"]
        let animals = ["Otter", "Heron", "Lynx", "Falcon", "Badger", "Marten", "Ibex", "Puffin", "Wren", "Stoat", "Crane", "Hare"]
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        let suffix = String(format: "%02X", bytes[15])
        return "\(adjectives[Int(bytes[0]) % adjectives.count]) \(animals[Int(bytes[1]) % animals.count]) \(suffix)"
    }
}
