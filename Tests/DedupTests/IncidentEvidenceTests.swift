import Dedup
import Foundation
import IntakeCore
import Testing

/// What an incident needs before a report joins it: where the reporter is, and evidence that grows with the time since
/// the incident's reports and with how coarse the shared place is.
@Suite struct IncidentEvidenceTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ caller: Caller, _ type: RequestType, _ text: String, address: String? = nil,
                id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: caller, requestType: type, text: text, location: address.map { Location(address: $0) }),
                     id: id, at: at)
    }

    /// The building in the address field is where the reporter is; another building the text names beside it is named
    /// as reference (`5幢前两天刚着过火`) and does not put the report at that building.
    @Test func theAddressBuildingIsWhereTheReporterIs() throws {
        let passing = MatterFeatures(text: "7幢2单元楼道电线在冒烟，5幢前两天刚着过火", requestType: .help,
                                     location: Location(address: "锦绣花园7幢2单元"))
        #expect(passing.structure.buildings.count == 1)
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000901"), .help, "锦绣花园5幢楼道电线着火了，烟很大", address: "锦绣花园5幢", id: "b5", at: t0)
        let b7 = try report(h, Caller(phone: "13700000902"), .help, "7幢2单元楼道电线在冒烟，5幢前两天刚着过火",
                            address: "锦绣花园7幢2单元", id: "b7", at: t0 + 1800)
        #expect(b7.clusterId == nil)
        // Without an address, a building the text names is where the report is.
        let b5 = try report(h, Caller(phone: "13700000903"), .help, "锦绣花园5幢楼道电线着火冒烟", id: "b5b", at: t0 + 2400)
        #expect(b5.clusterId != nil)
    }

    /// A day after a report, another caller at a place that holds many spots (a road) joins it no more: by then it is
    /// as likely another matter of the field there. Within the day, or at a pinned spot (a crossing), it still does.
    @Test func aDayLaterACoarsePlaceIsNotEnough() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000911"), .complaint, "长江路上的路灯全都不亮了，晚上黑漆漆的", id: "road1", at: t0)
        let sameDay = try report(h, Caller(phone: "13700000912"), .complaint, "长江路的路灯不亮了，晚上走路看不见",
                                 id: "road2", at: t0 + hours(5))
        #expect(sameDay.clusterId != nil)
        let nextDay = try report(h, Caller(phone: "13700000913"), .complaint, "长江路的路灯不亮了，晚上走路看不见",
                                 id: "road3", at: t0 + hours(5 + 30))
        #expect(nextDay.clusterId == nil)
        try report(h, Caller(phone: "13700000914"), .complaint, "黄河路和淮河路路口的路灯全都不亮了", id: "cross1", at: t0)
        let crossing = try report(h, Caller(phone: "13700000915"), .complaint, "黄河路淮河路交叉口路灯不亮了，晚上走路看不见",
                                  id: "cross2", at: t0 + hours(30))
        #expect(crossing.clusterId != nil)
    }

    /// A nuisance from one kind of source recurs night after night: the next night's caller at the estate is the same
    /// incident.
    @Test func aNuisanceFromOneSourceStaysOneIncidentNextNight() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000921"), .complaint, "沙湾新村门口那个KTV半夜还在唱歌，音响开得震天响", id: "ktv1", at: t0)
        let next = try report(h, Caller(phone: "13700000922"), .complaint, "沙湾新村楼下KTV每天唱到凌晨一两点，吵得睡不着",
                              id: "ktv2", at: t0 + hours(26))
        #expect(next.clusterId != nil)
    }

    /// A suggestion letter about a road's recurring flooding, hours after a caller reported the flood there now, is a
    /// letter on the matter in general, not a report of that flood; a suggestion naming the spot itself still joins.
    @Test func aSuggestionHoursLaterJoinsOnlyAtAPreciseSpot() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000931"), .help, "沿江大道铁路桥下面的下穿通道淹了，水到小腿肚子，赶紧派人来抽水",
                   address: "沿江大道铁路桥下穿通道", id: "flood", at: t0)
        let letter = try h.submit(Submission(channel: .email, caller: Caller(email: "retired@example.cn"), requestType: .suggestion,
                                             text: "每年梅雨季，中山路下穿、沿江大道铁路桥下穿都会积水断行。建议下穿通道入口加装水位标尺和自动报警，泵站提前预抽。"),
                                  id: "letter", at: t0 + hours(12))
        #expect(letter.clusterId == nil)
        try report(h, Caller(phone: "13700000932"), .report, "百货大楼门口人行道一层冰，光溜溜的，俩老太太摔了",
                   address: "胜利大街百货大楼", id: "ice", at: t0)
        let proposal = try report(h, Caller(phone: "13700000933"), .suggestion, "建议城管尽快对胜利大街百货大楼段人行道除冰撒沙，今天已有多人滑倒。",
                                  address: "胜利大街百货大楼", id: "proposal", at: t0 + hours(4))
        #expect(proposal.clusterId != nil)
    }

    /// A name read backwards from its place word stops at a door number's 号 and at a quantity (a measure word after a
    /// number or a demonstrative), and never begins inside a number: such readings made names like `号金桂苑` or
    /// `88号小区` that set one estate apart from itself, or two estates at two roads' 88号 together.
    @Test func thePlaceReaderReadsNoNumberOrQuantityIntoAName() {
        func names(_ text: String) -> Set<String> { PlaceNames.mentions(inNormalized: MatchText.normalize(text)) }
        #expect(names("人民路12号金桂苑3号楼") == ["人民路", "金桂苑"])
        #expect(names("人民路88号小区门口") == ["人民路"])
        #expect(!names("离这500米铁路新村门口").contains("米铁路新村"))
        #expect(!names("我们这片老家属院停水了").contains("片老家属院"))
        #expect(!names("110转河街和滨江路那个路口冒水").contains("0转河街"))
        // Digits inside a name still belong to it.
        #expect(names("天府5街").contains("天府5街") && names("9眼桥").contains("9眼桥"))
    }

    /// Two callers sharing only an area's two-character name (`沙湾`), hours apart, are one incident only when they name
    /// one matter proper or one building: the pavement both mention says where, not what happened.
    @Test func anAreasShortNameHoursLaterNeedsAMatterOrABuilding() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000941"), .report, "鲤鱼滩大桥人行道靠沙湾那头有一段栏杆松了，一摇就晃，下面是江。",
                   address: "鲤鱼滩大桥人行道", id: "rail", at: t0)
        let stalls = try report(h, Caller(phone: "13700000942"), .complaint, "沙湾夜市的摊位把人行道全部占满了，推轮椅根本过不去，只能走车行道，很危险。",
                                address: "沙湾区沙湾夜市", id: "stalls", at: t0 + hours(10))
        #expect(stalls.clusterId == nil)
        try report(h, Caller(phone: "13700000943"), .help, "江城壹号7栋1单元电梯又坏了，停在12楼不动，物业说等配件",
                   address: "楚江区江城壹号小区7栋1单元", id: "lift1", at: t0)
        let lift = try report(h, Caller(phone: "13700000944"), .help, "江城壹号7号楼1单元电梯坏了停在12楼，物业说等配件",
                              address: "江城壹号7号楼", id: "lift2", at: t0 + hours(5))
        #expect(lift.clusterId != nil)
    }
}
