import Foundation
import Testing

@testable import App

@Suite("Progress: achievements are earned at their thresholds and not just below")
struct ProgressAchievementsTests {
    /// 1 June 2026 00:00 UTC; interview `n` is completed `n` days later.
    static let start = Date(timeIntervalSince1970: 1_780_272_000)

    static func interview(_ day: Int, overall: Int = 60, averageWords: Int = 80, answers: Int = 5) -> CompletedInterview {
        CompletedInterview(
            completedAt: start.addingTimeInterval(Double(day) * 86_400),
            overall: overall,
            averageWords: averageWords,
            answers: answers
        )
    }

    static func earned(_ history: [CompletedInterview], longestStreak: Int = 0) -> [Achievement] {
        Achievement.earned(from: history, longestStreak: longestStreak).map(\.achievement)
    }

    static func earning(_ achievement: Achievement, _ history: [CompletedInterview], longestStreak: Int = 0) -> EarnedAchievement? {
        Achievement.earned(from: history, longestStreak: longestStreak).first { $0.achievement == achievement }
    }

    @Test("No history earns nothing")
    func nothing() {
        #expect(Self.earned([]).isEmpty)
    }

    @Test("Any completed interview earns the first-interview achievement, on the earliest one")
    func firstInterview() {
        let later = Self.interview(3)
        let first = Self.interview(1, overall: 10, answers: 0)
        #expect(Self.earned([first]) == [.firstInterview])
        let earned = Self.earning(.firstInterview, [later, first])
        #expect(earned?.interview == first)
        #expect(earned?.earnedAt == first.completedAt)
    }

    @Test("Streaks: 7 and 30 days earn them, 6 and 29 do not; they carry no interview or date")
    func streaks() {
        let history = [Self.interview(1)]
        #expect(!Self.earned(history, longestStreak: 6).contains(.streak7))
        #expect(Self.earned(history, longestStreak: 7) == [.firstInterview, .streak7])
        #expect(Self.earned(history, longestStreak: 29) == [.firstInterview, .streak7])
        #expect(Self.earned(history, longestStreak: 30) == [.firstInterview, .streak7, .streak30])
        let streak = Self.earning(.streak30, history, longestStreak: 30)
        #expect(streak != nil)
        #expect(streak?.interview == nil)
        #expect(streak?.earnedAt == nil)
    }

    @Test("Perfect score: 95 overall earns it, 94 does not; the first interview at 95 or more is the one")
    func perfectScore() {
        #expect(!Self.earned([Self.interview(1, overall: 94)]).contains(.perfectScore))
        #expect(Self.earned([Self.interview(1, overall: 95)]).contains(.perfectScore))
        let first = Self.interview(2, overall: 96)
        let history = [Self.interview(5, overall: 100), first, Self.interview(1, overall: 94)]
        #expect(Self.earning(.perfectScore, history)?.interview == first)
    }

    @Test("Thoughtful responder: answers averaging 150 words earn it, 149 do not, and no answers never do")
    func thoughtfulResponder() {
        #expect(!Self.earned([Self.interview(1, averageWords: 149)]).contains(.thoughtfulResponder))
        #expect(Self.earned([Self.interview(1, averageWords: 150)]).contains(.thoughtfulResponder))
        #expect(!Self.earned([Self.interview(1, averageWords: 150, answers: 0)]).contains(.thoughtfulResponder))
        let thoughtful = Self.interview(4, averageWords: 151, answers: 1)
        #expect(Self.earning(.thoughtfulResponder, [thoughtful, Self.interview(2, averageWords: 20)])?.interview == thoughtful)
    }

    @Test("Consistent performer: five in a row at 70 earn it on the fifth; four, or a 69 in the run, do not")
    func consistentPerformer() {
        let five = (1...5).map { Self.interview($0, overall: 70) }
        #expect(Self.earned(five) == [.firstInterview, .consistentPerformer])
        #expect(Self.earning(.consistentPerformer, five)?.interview == five[4])
        #expect(!Self.earned(Array(five.prefix(4))).contains(.consistentPerformer))

        let belowInFifth = (1...4).map { Self.interview($0, overall: 70) } + [Self.interview(5, overall: 69)]
        #expect(!Self.earned(belowInFifth).contains(.consistentPerformer))

        // The 69 on day 3 breaks the run: days 4–7 are only four.
        let broken = [70, 70, 69, 70, 70, 70, 70].enumerated().map { Self.interview($0.offset + 1, overall: $0.element) }
        #expect(!Self.earned(broken).contains(.consistentPerformer))
        let resumed = broken + [Self.interview(8, overall: 99)]
        #expect(Self.earning(.consistentPerformer, resumed)?.interview == resumed[7])
    }

    @Test("Consistent performer goes by completion time, not by the order the history arrives in")
    func consistentPerformerByTime() {
        // By time: 80, 80, 50, 80, 80, 80; in the given order the five 80s would look consecutive.
        let history = [
            Self.interview(1, overall: 80), Self.interview(2, overall: 80), Self.interview(4, overall: 80),
            Self.interview(5, overall: 80), Self.interview(6, overall: 80), Self.interview(3, overall: 50),
        ]
        #expect(!Self.earned(history).contains(.consistentPerformer))
        let shuffled = (1...5).reversed().map { Self.interview($0, overall: 75) }
        #expect(Self.earning(.consistentPerformer, shuffled)?.interview == Self.interview(5, overall: 75))
    }

    @Test("Everything at once comes back in the order of allCases")
    func all() {
        let history = (1...5).map { Self.interview($0, overall: 95, averageWords: 200) }
        #expect(Self.earned(history, longestStreak: 30) == Achievement.allCases)
    }

    @Test("Every achievement has a title and a one-sentence description that states its threshold")
    func texts() {
        for achievement in Achievement.allCases {
            #expect(!achievement.title.isEmpty)
            #expect(achievement.description.hasSuffix("."))
            #expect(achievement.description.filter { $0 == "." }.count == 1, "\(achievement) should be one sentence")
        }
        #expect(Set(Achievement.allCases.map(\.title)).count == Achievement.allCases.count)
        #expect(Achievement.streak7.description.contains("7 days in a row"))
        #expect(Achievement.streak30.description.contains("30 days in a row"))
        #expect(Achievement.perfectScore.description.contains("95 or more"))
        #expect(Achievement.thoughtfulResponder.description.contains("150 words or more"))
        #expect(Achievement.consistentPerformer.description.contains("70 or more in 5 completed interviews in a row"))
        #expect(Achievement.consistentPerformer.rawValue == "consistentPerformer")
    }
}
