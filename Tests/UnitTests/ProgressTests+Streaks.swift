import Foundation
import Testing

@testable import App

/// Helpers shared by the progress tests: instants written as wall-clock times in a named zone, so each test reads
/// the way a candidate would see it.
enum ProgressFixtures {
    /// The instant `text` ("2026-03-08 23:30") shows on clocks in `zone`.
    static func at(_ text: String, _ zone: String) throws -> Date {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let numbers = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        try #require(numbers.count == 5, "write times as yyyy-MM-dd HH:mm")
        let parts = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4])
        return try #require(calendar.date(from: parts))
    }

    static func zone(_ identifier: String) throws -> TimeZone { try #require(TimeZone(identifier: identifier)) }

    static let utc = TimeZone(secondsFromGMT: 0) ?? .current
}

@Suite("Progress: practice streaks count calendar days in the candidate's time zone")
struct ProgressStreaksTests {
    typealias F = ProgressFixtures

    static func streaks(_ times: [String], zone: String, now: String) throws -> Streaks {
        Streaks.compute(completions: try times.map { try F.at($0, zone) }, timeZone: try F.zone(zone), now: try F.at(now, zone))
    }

    @Test("Three days in a row, practised today, is a current and longest streak of 3")
    func basicRun() throws {
        let result = try Self.streaks(["2026-06-01 09:00", "2026-06-02 18:00", "2026-06-03 07:15"], zone: "UTC", now: "2026-06-03 20:00")
        #expect(result == Streaks(current: 3, longest: 3))
    }

    @Test("Practising yesterday but not yet today keeps the current streak; two days ago loses it")
    func yesterdayStillCounts() throws {
        let days = ["2026-06-01 09:00", "2026-06-02 09:00", "2026-06-03 09:00"]
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-04 23:59") == Streaks(current: 3, longest: 3))
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-05 00:00") == Streaks(current: 0, longest: 3))
    }

    @Test("A missed day ends a run: the current streak is the latest run, the longest is the best")
    func gaps() throws {
        let days = ["2026-06-01 09:00", "2026-06-02 09:00", "2026-06-03 09:00", "2026-06-05 09:00", "2026-06-06 09:00"]
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-06 12:00") == Streaks(current: 2, longest: 3))
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-09 12:00") == Streaks(current: 0, longest: 3))
        let single = ["2026-06-01 09:00", "2026-06-03 09:00", "2026-06-05 09:00"]
        #expect(try Self.streaks(single, zone: "UTC", now: "2026-06-05 12:00") == Streaks(current: 1, longest: 1))
    }

    @Test("Several interviews on one day count as one day, in any input order")
    func severalPerDay() throws {
        let days = ["2026-06-02 21:00", "2026-06-01 08:00", "2026-06-01 12:00", "2026-06-01 23:59", "2026-06-02 00:00"]
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-02 22:00") == Streaks(current: 2, longest: 2))
    }

    @Test("No completions: no streaks")
    func empty() throws {
        #expect(Streaks.compute(completions: [], timeZone: F.utc, now: Date()) == Streaks(current: 0, longest: 0))
    }

    @Test("The same two instants are two days in Los Angeles (23:30, 00:30) and one day in Tokyo, and vice versa")
    func zonesDecideTheDay() throws {
        let la = try F.zone("America/Los_Angeles")
        let tokyo = try F.zone("Asia/Tokyo")
        // 23:30 and 00:30 in Los Angeles are 16:30 and 17:30 on 12 Nov in Tokyo.
        let acrossLAMidnight = [try F.at("2026-11-11 23:30", "America/Los_Angeles"), try F.at("2026-11-12 00:30", "America/Los_Angeles")]
        let now = try F.at("2026-11-12 12:00", "UTC")
        #expect(Streaks.compute(completions: acrossLAMidnight, timeZone: la, now: now) == Streaks(current: 2, longest: 2))
        #expect(Streaks.compute(completions: acrossLAMidnight, timeZone: tokyo, now: now) == Streaks(current: 1, longest: 1))
        // 23:30 and 00:30 in Tokyo are 06:30 and 07:30 on 11 Nov in Los Angeles.
        let acrossTokyoMidnight = [try F.at("2026-11-11 23:30", "Asia/Tokyo"), try F.at("2026-11-12 00:30", "Asia/Tokyo")]
        #expect(Streaks.compute(completions: acrossTokyoMidnight, timeZone: tokyo, now: now) == Streaks(current: 2, longest: 2))
        #expect(Streaks.compute(completions: acrossTokyoMidnight, timeZone: la, now: now).longest == 1)
    }

    @Test("New York spring-forward (8 Mar 2026, a 23-hour day): late and early practice still make a run")
    func newYorkSpringForward() throws {
        let zone = "America/New_York"
        let days = ["2026-03-07 23:30", "2026-03-08 23:30", "2026-03-09 00:15", "2026-03-10 06:00"]
        #expect(try Self.streaks(days, zone: zone, now: "2026-03-10 12:00") == Streaks(current: 4, longest: 4))
        // Exactly 24 hours after 23:30 on 7 Mar is 00:30 on 9 Mar: 8 Mar was missed.
        let start = try F.at("2026-03-07 23:30", zone)
        let skipped = [start, start.addingTimeInterval(86_400)]
        #expect(try F.at("2026-03-09 00:30", zone) == skipped[1])
        #expect(Streaks.compute(completions: skipped, timeZone: try F.zone(zone), now: skipped[1]) == Streaks(current: 1, longest: 1))
    }

    @Test("New York fall-back (1 Nov 2026, a 25-hour day): two interviews 24 hours apart can be on one day")
    func newYorkFallBack() throws {
        let zone = "America/New_York"
        let days = ["2026-10-31 00:30", "2026-11-01 00:30", "2026-11-01 23:30", "2026-11-02 23:59"]
        #expect(try Self.streaks(days, zone: zone, now: "2026-11-03 08:00") == Streaks(current: 3, longest: 3))
        let start = try F.at("2026-11-01 00:30", zone)
        let sameDay = [start, start.addingTimeInterval(86_400)]
        #expect(try F.at("2026-11-01 23:30", zone) == sameDay[1])
        #expect(Streaks.compute(completions: sameDay, timeZone: try F.zone(zone), now: sameDay[1]) == Streaks(current: 1, longest: 1))
    }

    @Test("London's clock changes (29 Mar and 25 Oct 2026) neither break nor invent a day")
    func londonClockChanges() throws {
        let zone = "Europe/London"
        let spring = ["2026-03-28 23:30", "2026-03-29 23:30", "2026-03-30 00:30"]
        #expect(try Self.streaks(spring, zone: zone, now: "2026-03-30 09:00") == Streaks(current: 3, longest: 3))
        let autumn = ["2026-10-24 23:30", "2026-10-25 00:30", "2026-10-25 23:30", "2026-10-26 00:30"]
        #expect(try Self.streaks(autumn, zone: zone, now: "2026-10-27 22:00") == Streaks(current: 3, longest: 3))
        let springStart = try F.at("2026-03-28 23:30", zone)
        let skipped = [springStart, springStart.addingTimeInterval(86_400)]
        #expect(Streaks.compute(completions: skipped, timeZone: try F.zone(zone), now: skipped[1]).longest == 1)
        let autumnStart = try F.at("2026-10-25 00:30", zone)
        let sameDay = [autumnStart, autumnStart.addingTimeInterval(86_400)]
        #expect(Streaks.compute(completions: sameDay, timeZone: try F.zone(zone), now: sameDay[1]).longest == 1)
    }

    @Test("Auckland, a day ahead of UTC and with its own clock change (27 Sep 2026), uses its own days")
    func auckland() throws {
        let zone = "Pacific/Auckland"
        // 23:30 and 00:30 in Auckland summer are 10:30 and 11:30 on the same UTC day.
        let summer = [try F.at("2026-01-10 23:30", zone), try F.at("2026-01-11 00:30", zone)]
        let nz = try F.zone(zone)
        #expect(Streaks.compute(completions: summer, timeZone: nz, now: try F.at("2026-01-12 08:00", zone)) == Streaks(current: 2, longest: 2))
        #expect(Streaks.compute(completions: summer, timeZone: F.utc, now: try F.at("2026-01-12 08:00", zone)).longest == 1)
        let spring = ["2026-09-26 23:30", "2026-09-27 23:30", "2026-09-28 00:30"]
        #expect(try Self.streaks(spring, zone: zone, now: "2026-09-28 10:00") == Streaks(current: 3, longest: 3))
    }

    @Test("Month, year and leap-day boundaries are consecutive days")
    func calendarBoundaries() throws {
        let days = ["2027-12-31 12:00", "2028-01-01 12:00", "2028-02-28 12:00", "2028-02-29 12:00", "2028-03-01 12:00"]
        #expect(try Self.streaks(days, zone: "UTC", now: "2028-03-01 13:00") == Streaks(current: 3, longest: 3))
        #expect(CivilDay(year: 1970, month: 1, day: 1).number == 0)
        #expect(CivilDay(year: 2000, month: 3, day: 1).number - CivilDay(year: 2000, month: 2, day: 28).number == 2)
        #expect(CivilDay(year: 2100, month: 3, day: 1).number - CivilDay(year: 2100, month: 2, day: 28).number == 1)
    }

    @Test("A completion after now on the same day counts; days after today count only in the longest streak")
    func nowBeforeLastCompletion() throws {
        let days = ["2026-06-01 09:00", "2026-06-02 09:00", "2026-06-03 18:00"]
        #expect(try Self.streaks(days, zone: "UTC", now: "2026-06-03 17:59") == Streaks(current: 3, longest: 3))
        let future = ["2026-06-01 09:00", "2026-06-02 09:00", "2026-06-03 09:00", "2026-06-04 09:00"]
        #expect(try Self.streaks(future, zone: "UTC", now: "2026-06-02 10:00") == Streaks(current: 2, longest: 4))
        #expect(try Self.streaks(["2026-06-05 09:00"], zone: "UTC", now: "2026-06-02 10:00") == Streaks(current: 0, longest: 1))
    }
}
