import Foundation

/// A date on the calendar (year, month, day) as a plain day count, so that "the next day" is always `+ 1`.
///
/// The candidate's calendar decides which date an instant falls on; after that, counting days between two dates
/// needs no time zone at all. Doing it in integers avoids stepping by 86,400 seconds, which is wrong on the
/// 23- and 25-hour days when clocks change, and avoids `startOfDay`, which is not midnight in zones that skip it.
struct CivilDay: Hashable, Sendable {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    let number: Int

    init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil: years start in March so that the leap day is the last day of a year.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = era * 146_097 + dayOfEra - 719_468
    }

    /// The date `date` falls on in `calendar` (which must be Gregorian, with the candidate's time zone).
    init(date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        // A Gregorian calendar always yields all three; the fallbacks only keep this total without force unwraps.
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
