import Foundation

/// One finished interview, reduced to the facts achievements are decided on.
public struct CompletedInterview: Equatable, Sendable {
    /// When the candidate finished it; achievements that depend on order ("in a row") go by this.
    public let completedAt: Date
    /// The overall score, 0–100.
    public let overall: Int
    /// The mean length of the candidate's answers in words.
    public let averageWords: Int
    /// How many questions were answered; an average over no answers says nothing.
    public let answers: Int

    public init(completedAt: Date, overall: Int, averageWords: Int, answers: Int) {
        self.completedAt = completedAt
        self.overall = overall
        self.averageWords = averageWords
        self.answers = answers
    }
}

/// An achievement a candidate has earned, with the interview that earned it when one interview did.
public struct EarnedAchievement: Equatable, Sendable {
    public let achievement: Achievement
    /// The interview that first met the rule; `nil` for streaks, which are earned by days, not by one interview.
    public let interview: CompletedInterview?

    public init(achievement: Achievement, interview: CompletedInterview?) {
        self.achievement = achievement
        self.interview = interview
    }

    /// When it was earned, where that is known (the earning interview's completion).
    public var earnedAt: Date? { interview?.completedAt }
}

/// Milestones shown on a candidate's progress dashboard, to reward the habits that make practice work:
/// showing up regularly, answering fully and scoring well repeatedly, not just once.
///
/// The thresholds are constants used both by the rules and by the descriptions, so what a candidate
/// reads is always what the code checks.
public enum Achievement: String, CaseIterable, Sendable {
    case firstInterview
    case streak7
    case streak30
    case perfectScore
    case thoughtfulResponder
    case consistentPerformer

    /// Days in a row for the shorter streak.
    public static let shortStreakDays = 7
    /// Days in a row for the longer streak.
    public static let longStreakDays = 30
    /// The overall score an interview needs for `perfectScore`: 95, not 100, so it stays within reach.
    public static let perfectScoreMinimum = 95
    /// The average answer length, in words, for `thoughtfulResponder`.
    public static let thoughtfulAverageWords = 150
    /// How many interviews in a row must each score at least `consistentScoreMinimum`.
    public static let consistentRun = 5
    /// The overall score each interview in the run needs for `consistentPerformer`.
    public static let consistentScoreMinimum = 70

    /// A short name for a badge.
    public var title: String {
        switch self {
        case .firstInterview: "First interview"
        case .streak7: "Seven-day streak"
        case .streak30: "Thirty-day streak"
        case .perfectScore: "Perfect score"
        case .thoughtfulResponder: "Thoughtful responder"
        case .consistentPerformer: "Consistent performer"
        }
    }

    /// One sentence saying exactly how it is earned.
    public var description: String {
        switch self {
        case .firstInterview: "Complete your first practice interview."
        case .streak7: "Practise on \(Self.shortStreakDays) days in a row."
        case .streak30: "Practise on \(Self.longStreakDays) days in a row."
        case .perfectScore: "Score \(Self.perfectScoreMinimum) or more overall in one interview."
        case .thoughtfulResponder: "Average \(Self.thoughtfulAverageWords) words or more per answer in one interview."
        case .consistentPerformer:
            "Score \(Self.consistentScoreMinimum) or more in \(Self.consistentRun) completed interviews in a row."
        }
    }

    /// The achievements `history` has earned, in `allCases` order, each with the first interview that met its rule.
    ///
    /// - `history`: the candidate's completed interviews, in any order (abandoned ones are not completed
    ///   and must not be passed, or they would break or make a run).
    /// - `longestStreak`: from `Streaks.compute`, which knows the candidate's time zone; streak achievements
    ///   therefore carry no interview.
    public static func earned(from history: [CompletedInterview], longestStreak: Int) -> [EarnedAchievement] {
        // By time, ties kept in input order, so "first" and "in a row" are the same on every run.
        let ordered = history.enumerated()
            .sorted { ($0.element.completedAt, $0.offset) < ($1.element.completedAt, $1.offset) }
            .map(\.element)
        return allCases.compactMap { achievement in
            switch achievement.rule(ordered, longestStreak: longestStreak) {
            case .notEarned: nil
            case .earned(let interview): EarnedAchievement(achievement: achievement, interview: interview)
            }
        }
    }

    /// Whether a rule is met, and by which interview.
    private enum Outcome {
        case notEarned
        case earned(CompletedInterview?)
    }

    /// This achievement's rule applied to interviews sorted by completion.
    private func rule(_ ordered: [CompletedInterview], longestStreak: Int) -> Outcome {
        let interview: CompletedInterview?
        switch self {
        case .firstInterview:
            interview = ordered.first
        case .streak7:
            return longestStreak >= Self.shortStreakDays ? .earned(nil) : .notEarned
        case .streak30:
            return longestStreak >= Self.longStreakDays ? .earned(nil) : .notEarned
        case .perfectScore:
            interview = ordered.first { $0.overall >= Self.perfectScoreMinimum }
        case .thoughtfulResponder:
            interview = ordered.first { $0.answers > 0 && $0.averageWords >= Self.thoughtfulAverageWords }
        case .consistentPerformer:
            interview = Self.endOfFirstConsistentRun(ordered)
        }
        return interview.map { .earned($0) } ?? .notEarned
    }

    /// The interview that completes the first run of `consistentRun` interviews in a row scoring enough.
    private static func endOfFirstConsistentRun(_ ordered: [CompletedInterview]) -> CompletedInterview? {
        var run = 0
        for interview in ordered {
            run = interview.overall >= consistentScoreMinimum ? run + 1 : 0
            if run == consistentRun { return interview }
        }
        return nil
    }
}
