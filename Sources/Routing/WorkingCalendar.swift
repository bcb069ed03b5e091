import Foundation
import IntakeCore

/// A calendar day, as days since 1970-01-01 on the hotline's local calendar.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: Int
    public init(number: Int) { self.number = number }

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        number = Timestamp.daysFromCivil(y, m, d)
        guard Timestamp.civil(fromDays: number) == (y, m, d) else { return nil }  // 2026-02-30 is not a day
    }

    /// The local day an instant falls on, at `utcOffsetSeconds` east of UTC.
    public init(_ date: Date, utcOffsetSeconds: Int) {
        number = Int((floor((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400)))
    }

    public var year: Int { Timestamp.civil(fromDays: number).0 }
    public var month: Int { Timestamp.civil(fromDays: number).1 }
    /// 1 Monday ... 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((number % 7 + 7) % 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    /// The instant `secondsIntoDay` after this day's local midnight.
    public func instant(secondsIntoDay: Int, utcOffsetSeconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(number * 86_400 + secondsIntoDay - utcOffsetSeconds))
    }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    public var description: String {
        let (y, m, d) = Timestamp.civil(fromDays: number)
        // What String(format: "%04d-%02d-%02d") gives, without Foundation's formatter (it ran for every day a
        // deadline counts).
        guard (0...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return String(format: "%04d-%02d-%02d", y, m, d) }
        func padded(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.utf8.count >= width ? s : String(repeating: "0", count: width - s.utf8.count) + s
        }
        return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2)
    }
}

/// Working days: Monday to Friday, less public holidays, plus the weekend days declared working days (调休).
/// Years the file does not cover fall back to plain weekends; `missingYears` says which, so the gateway can warn.
public struct WorkingCalendar: Sendable {
    public var holidays: Set<Day>
    public var workdays: Set<Day>
    /// Years the calendar claims to cover: the `years` member, else every year a listed day falls in.
    public var years: Set<Int>

    public init(holidays: Set<Day> = [], workdays: Set<Day> = [], years: Set<Int>? = nil) {
        self.holidays = holidays
        self.workdays = workdays
        self.years = years ?? Set((holidays.union(workdays)).map(\.year))
    }

    /// The shipped calendar (compiled in; see `DefaultCalendar.json`).
    public static let `default`: WorkingCalendar = {
        do { return try WorkingCalendar(json: try JSON.parse(EmbeddedDefaults.calendar)) } catch {
            fatalError("the shipped calendar does not load: \(error)")  // a test loads it on every run
        }
    }()

    /// `{"holidays": ["YYYY-MM-DD", ...], "workdays": [...], "years": [2026]}`; `years` is optional.
    public init(json: JSON) throws(RoutingFileError) {
        func days(_ key: String) throws(RoutingFileError) -> Set<Day> {
            guard let j = json[key], !j.isNull else { return [] }
            guard let items = j.arrayValue else { throw RoutingFileError("\(key) must be an array of YYYY-MM-DD dates") }
            var out: Set<Day> = []
            for (i, item) in items.enumerated() {
                guard let text = item.stringValue, let day = Day(text) else {
                    throw RoutingFileError("\(key)[\(i)] is not a YYYY-MM-DD date")
                }
                out.insert(day)
            }
            return out
        }
        let holidays = try days("holidays"), workdays = try days("workdays")
        if let both = holidays.intersection(workdays).min() { throw RoutingFileError("\(both) is listed as a holiday and a workday") }
        var years: Set<Int>?
        if let y = json["years"], !y.isNull {
            guard let list = y.arrayValue?.compactMap({ $0.intValue.map(Int.init) }), list.count == y.arrayValue?.count else {
                throw RoutingFileError("years must be an array of years")
            }
            years = Set(list)
        }
        self.init(holidays: holidays, workdays: workdays, years: years)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if holidays.contains(day) { return false }
        if workdays.contains(day) { return true }
        return !day.isWeekend
    }

    /// Years in `range` the calendar does not cover.
    public func missingYears(_ range: ClosedRange<Int>) -> [Int] { range.filter { !years.contains($0) } }

    /// The `n`th working day after `day` (the day itself does not count).
    public func workingDay(_ n: Int, after day: Day) -> Day {
        var d = day
        var left = max(0, n)
        // A calendar cannot hold years of holidays; the bound only guards a hand-written file against looping.
        var steps = 0
        while left > 0 && steps < 3660 {
            d = Day(number: d.number + 1)
            steps += 1
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }
}
