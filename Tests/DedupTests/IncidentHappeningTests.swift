import Dedup
import Foundation
import IntakeCore
import Testing

/// An incident is one physical happening that several people report: at one spot, told as the same happening, close
/// in time. A field in common (教育 at a school, 道路设施 on a road) is where the reports were sorted, not what happened.
@Suite struct IncidentHappeningTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ phone: String, _ type: RequestType, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: Caller(phone: phone), requestType: type, text: text), id: id, at: at)
    }

    /// Hours after a report at a school, another caller's matter of the school (motorbikes at its gate after a leaning
    /// wall) shares the field and the school's name, not the happening: no incident. A caller who tells of the wall in
    /// words of their own joins it.
    @Test func aFieldInCommonHoursLaterIsNoHappeningInCommon() throws {
        try expectOneIncident(first: (.report, "育才学校东边的围墙歪了，墙根开裂，学生上学天天从下面走"),
                              another: (.complaint, "育才学校门口放学时摩托车乱停一片，接孩子的车都进不去", hours(6)),
                              same: (.help, "育才学校东侧围墙倾斜开裂，怕倒下来砸到上学的孩子", hours(7)))
    }

    /// Three callers: the first report, another caller's at `another`'s time that stays out of its incident, and a
    /// third at `same`'s time that joins it.
    func expectOneIncident(first: (RequestType, String), another: (RequestType, String, TimeInterval),
                           same: (RequestType, String, TimeInterval)) throws {
        let h = try StoreHarness()
        try report(h, "13700001701", first.0, first.1, id: "first", at: t0)
        let apart = try report(h, "13700001702", another.0, another.1, id: "another", at: t0 + another.2)
        #expect(apart.clusterId == nil)
        let joined = try report(h, "13700001703", same.0, same.1, id: "same", at: t0 + same.2)
        #expect(joined.clusterId != nil)
        #expect(try #require(try h.ticket("first")).ticket.dedup.clusterId == joined.clusterId)
        #expect(try #require(try h.ticket("another")).ticket.dedup.clusterId == nil)
    }
}

extension IncidentHappeningTests {
    /// `刺激性气体` / `刺激性气味` is how a letter names a smell from a source, like 刺鼻: the same sub-matter.
    @Test func anIrritatingGasIsASmell() {
        let read = MatterLexicon.read(normalized: MatchText.normalize("工业园里的工厂夜里排放刺激性气体，嗓子难受"))
        #expect(read.subMatters.contains("pollution.odour"))
    }
}

extension IncidentHappeningTests {
    /// A question tells of an incident only by naming it: within the hour of a missing manhole cover at a school, a
    /// parent asking whether the school closes for tomorrow's storm asks about the school, and reports nothing there.
    /// A parent asking when the cover will be replaced is another caller of the incident.
    @Test func aQuestionNamingNoHappeningReportsNothing() throws {
        let h = try StoreHarness()
        try report(h, "13700001711", .report, "育才学校门口人行道的井盖丢了，一个大黑洞", id: "cover", at: t0)
        let closing = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700001712"), requestType: .consultation,
                                              text: "请问明天暴雨育才学校停不停课"), id: "closing", at: t0 + minutes(30))
        #expect(closing.clusterId == nil)
        let when = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700001713"), requestType: .consultation,
                                           text: "育才学校门口那个井盖什么时候能补上？孩子天天走"), id: "when", at: t0 + minutes(50))
        #expect(when.clusterId != nil)
        #expect(try #require(try h.ticket("cover")).ticket.dedup.clusterId == when.clusterId)
        #expect(try #require(try h.ticket("closing")).ticket.dedup.clusterId == nil)
    }
}

extension IncidentHappeningTests {
    /// A caller who names the mouth of another road (`煤机路口…北塬路那边`) is where the two meet, however the pair is
    /// written: beside a report of a place elsewhere on the one road (`北塬路人民医院门口`), only the road is in
    /// common, and a road is long. A caller naming the same two roads is at that crossing.
    @Test func theMouthOfAnotherRoadIsASpotOnTheRoad() throws {
        let mouth = MatterFeatures(text: "煤机路口那个红绿灯黑了，北塬路那边车一个劲往里冲", requestType: .help, location: nil)
        let hospital = MatterFeatures(text: "北塬路人民医院门口的红绿灯坏了，车乱开", requestType: .help, location: nil)
        #expect(MatterComparison(hospital, mouth, nearMeters: 300, farMeters: 1500).place == .unknown("only the road 北塬路 in common"))
        try expectOneIncident(first: (.help, "煤机路口那个红绿灯黑了，北塬路那边车一个劲往里冲"),
                              another: (.help, "北塬路人民医院门口的红绿灯坏了，车乱开", hours(3)),
                              same: (.help, "北塬路煤机路路口信号灯还是坏的，堵死了", hours(4)))
    }
}

extension IncidentHappeningTests {
    /// A day after an estate's water went off, another caller's low pressure there is the same kind of trouble, which
    /// recurs at a place, not known to be the same happening: the sub-matter alone does not join them. A caller who
    /// tells of the same outage (`从昨天停水到现在`) does join it.
    @Test func aDayLaterTheSameKindOfTroubleIsNotTheSameHappening() throws {
        try expectOneIncident(first: (.help, "翠湖花园停水了，一滴水都没有，做不了饭"),
                              another: (.complaint, "翠湖花园这两天晚上水压特别低，楼上根本上不去水", hours(30)),
                              same: (.help, "翠湖花园从昨天停水到现在，还是一滴水都没有", hours(31)))
    }
}
