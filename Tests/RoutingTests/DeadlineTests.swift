import Foundation
import IntakeCore
import Routing
import Testing

/// The deadline table, on a test calendar: a holiday week with 调休 workdays either side.
@Suite struct DeadlineTests {
    /// 2030: Thu 3 Oct to Tue 8 Oct off; Sat 28 Sep and Sat 12 Oct are working days (a made-up schedule).
    static let calendar = WorkingCalendar(
        holidays: Set(["2030-10-03", "2030-10-04", "2030-10-05", "2030-10-06", "2030-10-07", "2030-10-08"].compactMap(Day.init)),
        workdays: Set(["2030-09-28", "2030-10-12"].compactMap(Day.init)))
    static let beijing = 8 * 3600

    struct Row: Sendable, CustomStringConvertible {
        var label: String
        var from: String
        var type: RequestType
        var urgency: Urgency
        var officeHoursEnd: String?
        var expected: String
        var description: String { label }
    }

    static let table: [Row] = [
        Row(label: "consultation over a weekend", from: "2030-09-20T10:00:00+08:00", type: .consultation, urgency: .C,
            expected: "2030-09-24T23:59:59+08:00"),  // Fri -> Mon 23, Tue 24
        Row(label: "received on Saturday: Monday is the first working day", from: "2030-09-21T09:00:00+08:00", type: .consultation,
            urgency: .C, expected: "2030-09-24T23:59:59+08:00"),
        Row(label: "a 调休 Saturday counts", from: "2030-09-27T10:00:00+08:00", type: .consultation, urgency: .C,
            expected: "2030-09-30T23:59:59+08:00"),  // Fri 27 -> Sat 28 (workday), Mon 30
        Row(label: "across the holiday", from: "2030-10-02T10:00:00+08:00", type: .consultation, urgency: .C,
            expected: "2030-10-10T23:59:59+08:00"),  // Wed 2 -> Wed 9, Thu 10
        Row(label: "help: 10 working days across holiday and 调休", from: "2030-09-30T16:00:00+08:00", type: .help, urgency: .C,
            expected: "2030-10-17T23:59:59+08:00"),  // 1 Oct, 2, 9, 10, 11, 12 (Sat workday), 14, 15, 16, 17
        Row(label: "end of office hours", from: "2030-09-20T10:00:00+08:00", type: .consultation, urgency: .C, officeHoursEnd: "17:30",
            expected: "2030-09-24T17:30:00+08:00"),
        Row(label: "the local day, not the UTC day: 01:00 Beijing is the previous UTC day", from: "2030-09-24T01:00:00+08:00",
            type: .consultation, urgency: .C, expected: "2030-09-26T23:59:59+08:00"),
        Row(label: "urgency A: 2 clock hours across midnight", from: "2030-10-05T23:10:00+08:00", type: .complaint, urgency: .A,
            expected: "2030-10-06T01:10:00+08:00"),
        Row(label: "urgency B: 24 clock hours, holidays count", from: "2030-10-04T20:00:00+08:00", type: .help, urgency: .B,
            expected: "2030-10-05T20:00:00+08:00"),
        Row(label: "complaint: 15 working days", from: "2030-09-02T09:00:00+08:00", type: .complaint, urgency: .C,
            expected: "2030-09-23T23:59:59+08:00"),
    ]

    @Test(arguments: table)
    func deadline(_ row: Row) throws {
        var rules = DeadlineRules()
        if let end = row.officeHoursEnd { rules = try DeadlineRules(parsing: "officeHoursEnd=\(end)") }
        let from = try #require(Timestamp.parse(row.from))
        let (at, reason) = try #require(rules.deadline(receivedAt: from, type: row.type, urgency: row.urgency,
                                                       calendar: Self.calendar, utcOffsetSeconds: Self.beijing))
        #expect(at == Timestamp.parse(row.expected), "\(Timestamp.format(at)) (\(reason))")
    }

    @Test func rulesParseAndRefuse() throws {
        let r = try DeadlineRules(parsing: "A=1h, consultation=3d, officeHoursEnd=18:00")
        #expect(r.byUrgency[.A] == .hours(1))
        #expect(r.byUrgency[.B] == .hours(24))
        #expect(r.byType[.consultation] == .workingDays(3))
        #expect(r.officeHoursEnd == 18 * 3600)
        #expect(throws: RoutingFileError.self) { try DeadlineRules(parsing: "gripe=2d") }
        #expect(throws: RoutingFileError.self) { try DeadlineRules(parsing: "A=2weeks") }
        #expect(throws: RoutingFileError.self) { try DeadlineRules(parsing: "officeHoursEnd=25:00") }
    }

    @Test func theShippedCalendarKnowsTheNationalDayWeek() throws {
        // The issue's example: received 30 Sep 2026, consultation: 1-7 Oct off, so Thu 8 and Fri 9 are the two days.
        let from = try #require(Timestamp.parse("2026-09-30T10:00:00+08:00"))
        let (at, _) = try #require(DeadlineRules().deadline(receivedAt: from, type: .consultation, urgency: .C,
                                                            calendar: .default, utcOffsetSeconds: Self.beijing))
        #expect(at == Timestamp.parse("2026-10-09T23:59:59+08:00"))
        #expect(WorkingCalendar.default.missingYears(2025...2027) == [2027])
        #expect(WorkingCalendar.default.isWorkingDay(try #require(Day("2026-10-10"))))  // a 调休 Saturday
        #expect(!WorkingCalendar.default.isWorkingDay(try #require(Day("2026-02-17"))))  // Spring Festival
    }

    @Test func aCalendarFileIsChecked() throws {
        #expect(throws: RoutingFileError.self) { try WorkingCalendar(json: try JSON.parse(#"{"holidays": ["2026-02-30"]}"#)) }
        #expect(throws: RoutingFileError.self) {
            try WorkingCalendar(json: try JSON.parse(#"{"holidays": ["2026-10-10"], "workdays": ["2026-10-10"]}"#))
        }
        let c = try WorkingCalendar(json: try JSON.parse(#"{"holidays": ["2031-01-01"]}"#))
        #expect(c.years == [2031])
    }
}
