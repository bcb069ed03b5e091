import Foundation
import IntakeCore

/// How long the hotline has to reply: clock hours by urgency (whatever the type), else working days by request type.
///
/// Defaults are Guangdong's 12345 rules: consultation 2 working days; help and suggestion 10; complaint and report
/// 15; urgency A 2 hours and B 24 hours of clock time. A working-day deadline ends on the Nth working day after the
/// day of receipt (the day of receipt does not count, as in 民法典 art. 201), at the end of that day or at
/// `officeHoursEnd` when set.
public struct DeadlineRules: Sendable, Equatable {
    public enum Limit: Sendable, Equatable, CustomStringConvertible {
        case hours(Int)
        case workingDays(Int)

        /// `2h`, `24h`, `10d` (working days).
        public init?(_ text: String) {
            let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard let unit = t.last, let n = Int(t.dropLast()), n >= 0, n <= 3650 else { return nil }
            switch unit {
            case "h": self = .hours(n)
            case "d": self = .workingDays(n)
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .hours(let h): return "\(h)h"
            case .workingDays(let d): return "\(d)d"
            }
        }
    }

    public var byUrgency: [Urgency: Limit] = [.A: .hours(2), .B: .hours(24)]
    public var byType: [RequestType: Limit] = [
        .consultation: .workingDays(2), .help: .workingDays(10), .suggestion: .workingDays(10),
        .complaint: .workingDays(15), .report: .workingDays(15), .praise: .workingDays(10), .unknown: .workingDays(10),
    ]
    /// Seconds after local midnight a working-day deadline ends (e.g. 17:30 -> 63000); nil: the end of the day.
    public var officeHoursEnd: Int?

    public init() {}

    /// Reads `A=2h,B=24h,consultation=2d,...,officeHoursEnd=17:30`; names not given keep their defaults.
    public init(parsing text: String) throws(RoutingFileError) {
        self.init()
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw RoutingFileError("\(item): expected name=value") }
            if kv[0] == "officeHoursEnd" {
                let hm = kv[1].split(separator: ":").compactMap { Int($0) }
                guard hm.count == 2, (0...23).contains(hm[0]), (0...59).contains(hm[1]) else {
                    throw RoutingFileError("officeHoursEnd must be HH:MM")
                }
                officeHoursEnd = hm[0] * 3600 + hm[1] * 60
                continue
            }
            guard let limit = Limit(kv[1]) else { throw RoutingFileError("\(kv[0])=\(kv[1]): the limit must be like 2h or 10d") }
            if let u = Urgency(rawValue: kv[0]) {
                byUrgency[u] = limit
            } else if let t = RequestType(rawValue: kv[0]) {
                byType[t] = limit
            } else {
                throw RoutingFileError("\(kv[0]) is neither an urgency (A, B, C) nor a request type")
            }
        }
    }

    /// The deadline for a ticket received at `receivedAt`, with the reason; nil when no rule applies.
    public func deadline(receivedAt: Date, type: RequestType, urgency: Urgency, calendar: WorkingCalendar,
                         utcOffsetSeconds: Int) -> (Date, String)? {
        let limit: Limit
        let because: String
        if let l = byUrgency[urgency] {
            limit = l
            because = "urgency \(urgency.rawValue)"
        } else if let l = byType[type] {
            limit = l
            because = type.rawValue
        } else {
            return nil
        }
        switch limit {
        case .hours(let h):
            return (receivedAt.addingTimeInterval(Double(h) * 3600), "deadline: \(because), \(h) hours")
        case .workingDays(let n):
            let received = Day(receivedAt, utcOffsetSeconds: utcOffsetSeconds)
            let day = calendar.workingDay(n, after: received)
            let end = officeHoursEnd ?? 86_399
            let at = day.instant(secondsIntoDay: end, utcOffsetSeconds: utcOffsetSeconds)
            let closes = officeHoursEnd == nil ? "end of day" : "end of office hours"
            return (at, "deadline: \(because), \(n) working days after \(received) -> \(day), \(closes)")
        }
    }
}
