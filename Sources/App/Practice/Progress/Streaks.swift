import Foundation

/// How many calendar days in a row a candidate has practised: the run they are on now and their best run.
///
/// Days are the candidate's own calendar days (their time zone), because "I practised every day" means
/// every day where they live, not every UTC day: an interview at 23:30 in Los Angeles is already tomorrow in UTC.
public struct Streaks: Equatable, Sendable {
    /// The run of consecutive days that ends today or yesterday; 0 when the last practice day is older.
    public let current: Int
    /// The longest run of consecutive days in the whole history.
    public let longest: Int

    public init(current: Int, longest: Int) {
        self.current = current
        self.longest = longest
    }

    /// The streaks of `completions` (the instants interviews were completed, in any order) as of `now`.
    ///
    /// - Several interviews on the same day count once: a streak is about showing up, not volume.
    /// - A candidate who practised yesterday but not yet today keeps their current streak, so the dashboard
    ///   does not show 0 every morning before they have had a chance to practise.
    /// - Completions on days after today (a clock ahead of `now`, or data written after `now` was taken)
    ///   count in `longest`, since they happened, but not in `current`, which by definition ends today.
    public static func compute(completions: [Date], timeZone: TimeZone, now: Date) -> Streaks {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let days = Set(completions.map { CivilDay(date: $0, calendar: calendar).number }).sorted()
        guard !days.isEmpty else { return Streaks(current: 0, longest: 0) }

        let today = CivilDay(date: now, calendar: calendar).number
        var longest = 0
        var current = 0
        var runStart = 0
        for index in days.indices {
            if index > 0, days[index] != days[index - 1] + 1 { runStart = index }
            let length = index - runStart + 1
            longest = max(longest, length)
            // The last practice day on or before today decides the current streak, if it is today or yesterday.
            if days[index] <= today { current = days[index] >= today - 1 ? length : 0 }
        }
        return Streaks(current: current, longest: longest)
    }
}
