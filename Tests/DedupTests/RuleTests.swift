import Dedup
import Foundation
import IntakeCore
import SQLite
import Store
import Testing

/// Each rule through a real SQLite store with the dedup index, across channels.
@Suite struct RuleTests {
    let t0 = StoreHarness.base
    static let smokeText = "阳光花园楼下烧烤店每天晚上油烟很大，熏得窗户都不敢开。"
    static let smokeParaphrase = "嗯，那个，阳光花园楼下那家烧烤店啊，油烟特别大，一直熏到半夜，窗户都不能开。"

    @Test func phoneThenSMSBySameNumberIsARepeat() throws {
        let h = try StoreHarness()
        let first = try h.submit(Submission(channel: .phone, channelRef: "call-1", caller: Caller(phone: "13812345678"),
                                            requestType: .complaint, text: Self.smokeParaphrase), id: "t1", at: t0)
        #expect(first.status == .created)
        let second = try h.submit(Submission(channel: .sms, channelRef: "sms-1", caller: Caller(phone: "+86 138-1234-5678"),
                                             requestType: .complaint, text: Self.smokeText), id: "t2", at: t0 + hours(5))
        #expect(second.status == .repeat)
        #expect(second.repeatOf == "t1")
        let stored = try #require(try h.ticket("t2"))
        #expect(stored.ticket.dedup.status == .repeat)
        #expect(stored.ticket.dedup.reasons.first == "same caller +86138****5678 via sms and phone")
        #expect(stored.ticket.dedup.reasons.contains { $0.hasPrefix("text similarity 0.") })
        #expect((stored.ticket.dedup.score ?? 0) >= h.configuration.repeatThreshold)
        // Forwarded as ticket.repeat, after the original's event.
        let events = try h.store.read { db in
            try db.query("SELECT id, event_type, depends_on FROM outbox WHERE ticket_id = ?", [.text("t2")])
        }
        #expect(events.first?.string("event_type") == "ticket.repeat")
        #expect(events.first?.string("depends_on") == "evt_t1")
    }

    @Test func police110AndWebAndEmailRepeats() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .police110, channelRef: "JJ-1", caller: Caller(phone: "13900001111"), requestType: .complaint,
                                text: "报警人称翠竹苑附近工地夜间施工打桩，噪音扰民，已多次反映。",
                                location: Location(address: "罗湖区翠竹苑", lat: 22.5602, lng: 114.1301, crs: .wgs84)),
                     id: "p1", at: t0)
        let web = try h.submit(Submission(channel: .web, caller: Caller(phone: "13900001111"), requestType: .complaint,
                                          text: "翠竹苑旁边工地凌晨还在打桩施工，噪音太大睡不着。",
                                          location: Location(address: "翠竹苑12栋", lat: 22.5662, lng: 114.1366, crs: .bd09)),
                               id: "p2", at: t0 + days(1))
        #expect(web.status == .repeat && web.repeatOf == "p1")
        let reasons = try #require(try h.ticket("p2")).ticket.dedup.reasons
        #expect(reasons.contains { $0.hasSuffix(" m apart") || $0.hasPrefix("same place") }, "\(reasons)")

        try h.submit(Submission(channel: .email, caller: Caller(email: "Li.Ming@Example.cn"), requestType: .complaint,
                                subject: "碧海湾小区垃圾清运问题", text: "碧海湾小区物业长期不清运垃圾，垃圾桶满溢，臭味很大。"),
                     id: "e1", at: t0)
        let again = try h.submit(Submission(channel: .email, caller: Caller(email: "li.ming@example.cn"), requestType: .complaint,
                                            subject: "再次反映", text: "碧海湾小区的垃圾还是没人清运，恶臭严重，请督促物业。"),
                                 id: "e2", at: t0 + days(4))
        #expect(again.status == .repeat && again.repeatOf == "e1")
    }

    @Test func linkedIdentitiesMakeOneCaller() throws {
        let h = try StoreHarness()
        // The mini-program report carries openid and phone: the two are linked from now on.
        try h.submit(Submission(channel: .miniprogram, channelRef: "mp-1", caller: Caller(phone: "13700002222", openId: "oWx_linked"),
                                requestType: .complaint, text: "龙华大道3009号门口的路灯坏了好几天，晚上很黑。",
                                location: Location(address: "龙华大道3009号", lat: 22.6551, lng: 114.0301, crs: .gcj02)),
                     id: "l1", at: t0)
        let sms = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13700002222"), requestType: .complaint,
                                          text: "龙华大道3009号路灯一直不亮，还没修。"), id: "l2", at: t0 + days(2))
        #expect(sms.status == .repeat && sms.repeatOf == "l1")
        // Later the openid alone is enough, and a web form by the phone links to the first ticket too.
        let mp = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oWx_linked"), requestType: .complaint,
                                         text: "龙华大道3009号的路灯还是坏的。"), id: "l3", at: t0 + days(3))
        #expect(mp.status == .repeat && mp.repeatOf == "l1", "a repeat of a repeat points at the original")
        let reasons = try #require(try h.ticket("l2")).ticket.dedup.reasons
        #expect(reasons.first == "same caller +86137****2222 via sms and miniprogram")
    }

    @Test func sameCallerNewMatterIsNew() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13812345678"), requestType: .complaint,
                                text: Self.smokeText), id: "a", at: t0)
        let other = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812345678"), requestType: .consultation,
                                            text: "请问社保卡丢了要去哪里补办？需要带什么材料？"), id: "b", at: t0 + hours(2))
        #expect(other.status == .created)
        #expect(other.repeatOf == nil)
        let reasons = try #require(try h.ticket("b")).ticket.dedup.reasons
        #expect(reasons.first?.contains("none about this matter") == true, "\(reasons)")
    }

    @Test func repeatWindowEdges() throws {
        let h = try StoreHarness()
        let window = h.configuration.repeatWindow
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13812340000"), text: Self.smokeText), id: "w0", at: t0)
        let inside = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812340000"), text: Self.smokeParaphrase),
                                  id: "w1", at: t0 + window - 60)
        #expect(inside.status == .repeat)
        // The window runs from the latest ticket of the matter: the next is 59 s after w1, inside.
        let h2 = try StoreHarness()
        try h2.submit(Submission(channel: .phone, caller: Caller(phone: "13812340000"), text: Self.smokeText), id: "x0", at: t0)
        let outside = try h2.submit(Submission(channel: .sms, caller: Caller(phone: "13812340000"), text: Self.smokeParaphrase),
                                    id: "x1", at: t0 + window + 60)
        #expect(outside.status == .created)
    }

    @Test func configuredWindowIsHonoured() throws {
        let h = try StoreHarness(DedupConfiguration(repeatWindow: days(7)))
        try h.submit(Submission(channel: .web, caller: Caller(phone: "13812340000"), text: Self.smokeText), id: "c0", at: t0)
        let late = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812340000"), text: Self.smokeParaphrase),
                                id: "c1", at: t0 + days(8))
        #expect(late.status == .created)
    }

    @Test func closedOriginalTakesNoRepeats() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13812345678"), text: Self.smokeText), id: "o1", at: t0)
        try h.setStatus("o1", "closed")
        let next = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812345678"), text: Self.smokeParaphrase),
                                id: "o2", at: t0 + days(1))
        #expect(next.status == .created)
        // The new ticket is the open original now.
        let third = try h.submit(Submission(channel: .web, caller: Caller(phone: "13812345678"), text: Self.smokeText),
                                 id: "o3", at: t0 + days(2))
        #expect(third.status == .repeat && third.repeatOf == "o2")
    }

    @Test func neighboursFormOneClusterAcrossCRSAndChannels() throws {
        let h = try StoreHarness()
        // One burst pipe, three callers, three channels, three coordinate systems (~100 m apart on the ground).
        let gcj = GeoPoint(lat: 22.6045, lng: 114.1201)
        let wgs = CoordinateConversion.gcj02ToWGS84(GeoPoint(lat: gcj.lat + 0.0008, lng: gcj.lng))
        let bd = CoordinateConversion.gcj02ToBD09(GeoPoint(lat: gcj.lat, lng: gcj.lng + 0.0007))
        let a = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oA"), requestType: .help,
                                        text: "金鹏苑小区门口自来水管破裂，大量冒水，路上全是水。",
                                        location: Location(lat: gcj.lat, lng: gcj.lng, crs: .gcj02)), id: "k1", at: t0)
        let b = try h.submit(Submission(channel: .police110, caller: Caller(phone: "13600000001"), requestType: .help,
                                        text: "报警人称金鹏苑小区外自来水管爆裂漏水，路面积水。",
                                        location: Location(lat: wgs.lat, lng: wgs.lng, crs: .wgs84)), id: "k2", at: t0 + minutes(20))
        let c = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000002"), requestType: .complaint,
                                        text: "金鹏苑附近供水管爆管，水漫到马路上，请抢修。",
                                        location: Location(lat: bd.lat, lng: bd.lng, crs: .bd09)), id: "k3", at: t0 + hours(1))
        #expect(a.clusterId == nil)
        let cluster = try #require(b.clusterId)
        #expect(c.clusterId == cluster)
        #expect(b.status == .created && c.status == .created, "cluster members stay separate tickets")
        // The first report is in the cluster now too, with a reason.
        let first = try #require(try h.ticket("k1"))
        #expect(first.ticket.dedup.clusterId == cluster)
        #expect(first.ticket.dedup.reasons.contains { $0.hasPrefix("incident cluster") })
        let reasons = try #require(try h.ticket("k2")).ticket.dedup.reasons
        #expect(reasons.contains { $0.hasSuffix(" m apart") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("another caller reported it") })
    }

    @Test func samePlaceDifferentMatterIsNoCluster() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oB1"), text: "金鹏苑小区门口自来水管破裂，大量冒水。",
                                location: Location(lat: 22.6045, lng: 114.1201, crs: .gcj02)), id: "s1", at: t0)
        let other = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000003"), text: "金鹏苑小区的快递柜太少，快递都堆在门卫室。",
                                            location: Location(lat: 22.6046, lng: 114.1202, crs: .gcj02)), id: "s2", at: t0 + hours(1))
        #expect(other.clusterId == nil)
    }

    /// A flat's or a building's matter is not the estate's: one report naming a building and the other only the
    /// estate is no incident, even when both name a shared sub-matter.
    @Test func aBuildingIsNotTheWholeEstate() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000021"), text: "康桥花园物业把消防通道改成了停车位，乱停车严重。",
                                location: Location(address: "江南区康桥花园")), id: "e1", at: t0)
        let flat = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oE2"),
                                           text: "康桥花园3栋2单元楼道堆满杂物，消防通道都堵了。"), id: "e2", at: t0 + hours(2))
        #expect(flat.clusterId == nil)
        let same = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000023"),
                                           text: "康桥花园3栋2单元消防通道被杂物堵死了"), id: "e3", at: t0 + hours(3))
        #expect(same.clusterId != nil, "the same unit from another caller is one incident")
    }

    /// One flat's outage is no incident; a caller naming a building and saying the whole estate is out joins the
    /// estate's incident.
    @Test func oneFlatIsNoIncidentAndAWideOutageJoinsTheEstate() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000051"), text: "丽景新村停水了，整个小区都没水。"), id: "w1", at: t0)
        let mine = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000052"),
                                           text: "丽景新村没水了，问了邻居他们家都有水，就我们家没有。"), id: "w2", at: t0 + 600)
        #expect(mine.clusterId == nil)
        let building = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000053"),
                                               text: "我是丽景新村8栋的，停水了，整个小区都停了"), id: "w3", at: t0 + 1200)
        #expect(building.clusterId != nil)
    }

    /// One caller's reports at one place where only one names what went wrong need common words, unless the later
    /// one says it chases the earlier.
    @Test func aChasingReportNamingTheSubMatterRepeats() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000071"), home = Location(address: "江南区锦绣华庭5栋")
        try h.submit(Submission(channel: .web, caller: caller, text: "楼下那家店每晚音响很吵，影响休息。", location: home), id: "n1", at: t0)
        let renovation = try h.submit(Submission(channel: .web, caller: caller, text: "1802装修每天早上八点前就开始电钻。", location: home),
                                      id: "n2", at: t0 + hours(10))
        #expect(renovation.status == .created)
        let chasing = try h.submit(Submission(channel: .phone, caller: caller, text: "唱歌那个到底管不管啊，昨天报过的。", location: home),
                                   id: "n3", at: t0 + hours(30))
        #expect(chasing.status == .repeat && chasing.repeatOf == "n1")
    }

    /// Two callers' complaints about a cab at one station are about two cabs: no incident.
    @Test func oneCabsConductIsNoIncident() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000061"), text: "火车站东广场的出租车拒载，嫌近不拉。"), id: "c1", at: t0)
        let other = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000062"),
                                            text: "火车站东广场出租车拒载，说去的地方太近。"), id: "c2", at: t0 + hours(5))
        #expect(other.clusterId == nil)
    }

    /// A shop's name says where, not what: the KTV's loudspeaker noise and a sign hanging over the pavement at that
    /// KTV are two matters, and so are a grill's smoke and its tables on the pavement.
    @Test func aSourceNamedByItsTradeIsNotItsMatter() throws {
        let h = try StoreHarness()
        let loc = Location(address: "南苑路金嗓子KTV", lat: 27.7944, lng: 113.1516, crs: .wgs84)
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000031"), text: "南苑路金嗓子KTV唱歌声音特别大，吵得睡不着。",
                                location: loc), id: "k1", at: t0)
        let sign = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000032"),
                                           text: "南苑路金嗓子KTV门口新装的广告牌伸出人行道两米，大风天晃得厉害。", location: loc), id: "k2", at: t0 + hours(3))
        #expect(sign.clusterId == nil)
        let grill = Location(address: "东湖新村12栋临街商铺")
        try h.submit(Submission(channel: .email, caller: Caller(email: "a@example.cn"), text: "东湖新村12栋楼下的老刘烧烤每晚油烟直排，窗户不能开。",
                                location: grill), id: "g1", at: t0)
        let tables = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000033"),
                                             text: "东湖新村12栋楼下老刘烧烤把桌椅摆满人行道，婴儿车过不去。", location: grill), id: "g2", at: t0 + hours(5))
        #expect(tables.clusterId == nil)
    }

    /// A question asking after an earlier complaint (`处理得怎么样了`) repeats it; a question about something else of
    /// the same field does not.
    @Test func aQuestionAskingAfterAComplaintRepeatsIt() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000041")
        try h.submit(Submission(channel: .phone, caller: caller, requestType: .complaint,
                                text: "我要投诉一个出租车，今天晚上在火车站东广场，车牌尾号3527，嫌近拒载。"), id: "t1", at: t0)
        let after = try h.submit(Submission(channel: .phone, caller: caller, requestType: .consultation,
                                            text: "昨晚投诉火车站那个出租车拒载的，尾号3527，想问问处理得怎么样了"), id: "t2", at: t0 + hours(12))
        #expect(after.status == .repeat)
        let tax = Caller(phone: "13600000042")
        try h.submit(Submission(channel: .phone, caller: tax, requestType: .consultation,
                                text: "个税APP里专项附加扣除，赡养老人那一项兄妹两人怎么分摊？"), id: "x1", at: t0)
        let refund = try h.submit(Submission(channel: .phone, caller: tax, requestType: .consultation,
                                             text: "去年的个税汇算显示要退税，一个多月了还没到账"), id: "x2", at: t0 + hours(30))
        #expect(refund.status == .created, "another procedure of one tax")
    }

    /// A report that says it chases an earlier contact repeats the caller's one open matter it can be about, even
    /// without a place or a sub-matter of its own; with two such matters open it repeats neither.
    @Test func aChasingReportRepeatsTheOneMatterItCanBeAbout() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000081")
        try h.submit(Submission(channel: .phone, caller: caller, requestType: .help, text: "幸福里小区东门地下水管爆了，水一直往外涌。",
                                location: Location(address: "江南区幸福里小区东门")), id: "p1", at: t0)
        let chase = try h.submit(Submission(channel: .sms, caller: caller, requestType: .help,
                                            text: "刚才打过电话的，水管还在冒，到现在没见人来修"), id: "p2", at: t0 + hours(2))
        #expect(chase.status == .repeat && chase.repeatOf == "p1")
        let two = Caller(phone: "13600000082")
        try h.submit(Submission(channel: .phone, caller: two, text: "枫叶小区3栋楼下垃圾桶满了，没人收。"), id: "p3", at: t0)
        let p4 = try h.submit(Submission(channel: .phone, caller: two, text: "翠竹苑门口的垃圾桶也满了，没人收。"), id: "p4", at: t0 + 600)
        #expect(p4.status == .created)
        let either = try h.submit(Submission(channel: .phone, caller: two, text: "昨天打过电话的，垃圾到现在还在"), id: "p5", at: t0 + hours(20))
        #expect(either.status == .created, "two open matters it could be about")
    }

    /// An incident a caller says reaches several buildings takes reports from several buildings; without such a
    /// report, two buildings stay two places.
    @Test func aWideIncidentTakesSeveralBuildings() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000091"), text: "金桥花园5栋停电了，整栋楼都黑了。"), id: "b1", at: t0)
        let other = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000092"), text: "金桥花园7栋也停电了"), id: "b2", at: t0 + 300)
        #expect(other.clusterId == nil, "two buildings, nobody says it is wider")
        let wide = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oB3"), text: "金桥花园突然没电了，好几栋都黑着。"),
                                id: "b3", at: t0 + 600)
        #expect(wide.clusterId != nil)
        let third = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000094"), text: "金桥花园9栋停电一个小时了"),
                                 id: "b4", at: t0 + 1200)
        #expect(third.clusterId != nil && third.clusterId == wide.clusterId)
    }

    /// Two consultations naming different sub-matters first are two questions, even when one names the other's in
    /// passing; a landlord's conduct towards a tenant is no incident at the estate.
    @Test func consultationsAboutTwoProceduresAndALandlordsConduct() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000101")
        try h.submit(Submission(channel: .phone, caller: caller, requestType: .consultation, text: "我妈想办残疾证，去哪里做鉴定？"),
                     id: "d1", at: t0)
        let allowance = try h.submit(Submission(channel: .phone, caller: caller, requestType: .consultation,
                                                text: "残疾人两项补贴去哪申请？残疾证办好以后。"), id: "d2", at: t0 + hours(30))
        #expect(allowance.status == .created)
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000102"), text: "青松新村停水了，一点通知都没有。"), id: "d3", at: t0)
        try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000103"), text: "青松新村全小区没水，什么时候来水"), id: "d4", at: t0 + 600)
        let landlord = try h.submit(Submission(channel: .police110, caller: Caller(phone: "13600000104"),
                                               text: "报警人称出租屋房东擅自给他断水断电，地址青松新村，属合同纠纷。"), id: "d5", at: t0 + hours(3))
        #expect(landlord.clusterId == nil)
    }

    /// A caller who names an earlier question and says this one is another does not chase it.
    @Test func aCallerTurningToAnotherMatterDoesNotChase() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000111")
        try h.submit(Submission(channel: .phone, caller: caller, requestType: .consultation, text: "公积金贷款额度怎么算？"), id: "m1", at: t0)
        let other = try h.submit(Submission(channel: .phone, caller: caller, requestType: .consultation,
                                            text: "前两天问过公积金的事，今天问另一个，公积金租房能不能提？"), id: "m2", at: t0 + hours(40))
        #expect(other.status == .created)
    }

    /// A nuisance from a source is the estate's incident whatever building each caller lives in.
    @Test func aNuisanceReachesCallersInAnyBuilding() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000121"), text: "明珠花园门口那家酒吧半夜还在唱歌，吵得没法睡。",
                                location: Location(address: "明珠花园临街商铺")), id: "s1", at: t0)
        let home = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000122"),
                                           text: "我住明珠花园6栋，楼下酒吧每天唱到凌晨，低音炮震得窗户响"), id: "s2", at: t0 + hours(1))
        #expect(home.clusterId != nil)
        // Noise of no named kind from a building and from the estate's square is no one source.
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000123"), text: "翡翠花园晚上很吵，睡不着。"), id: "s3", at: t0)
        let upstairs = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000124"), text: "我住翡翠花园3栋，天天吵到半夜"),
                                    id: "s4", at: t0 + hours(1))
        #expect(upstairs.clusterId == nil)
    }

    /// One caller's two complaints about cabs with different plates are about two cabs; the same plate again is a repeat.
    @Test func differentPlatesAreDifferentVehicles() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000131")
        try h.submit(Submission(channel: .phone, caller: caller, text: "投诉一辆出租车，车牌尾号4718，在汽车站不打表，要价六十。"), id: "v1", at: t0)
        let other = try h.submit(Submission(channel: .phone, caller: caller, text: "又要投诉出租车，今天在医院门口，司机拒载，尾号是2093。"),
                                 id: "v2", at: t0 + days(2))
        #expect(other.status == .created)
        let again = try h.submit(Submission(channel: .sms, caller: caller, text: "尾号4718那辆出租车不打表的事，处理了吗"), id: "v3", at: t0 + days(3))
        #expect(again.status == .repeat && again.repeatOf == "v1")
        #expect(MatterFeatures(text: "车牌号川A12345，尾号是345", requestType: .complaint, location: nil).plates == ["a12345", "345"])
    }

    @Test func clusterWindowEdge() throws {
        let h = try StoreHarness()
        let loc = Location(address: "望海路", lat: 22.4901, lng: 113.9151, crs: .gcj02)
        try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000010"), text: "望海路上一棵大树倒伏，道路被堵。", location: loc),
                     id: "q1", at: t0)
        let late = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oQ"), text: "望海路有树被风吹倒，横在路中间。",
                                           location: loc), id: "q2", at: t0 + hours(48) + 60)
        #expect(late.clusterId == nil)
        let inTime = try h.submit(Submission(channel: .police110, caller: Caller(phone: "13600000011"),
                                             text: "报警人称望海路树木倒伏阻断交通。", location: loc), id: "q3", at: t0 + hours(49))
        #expect(inTime.clusterId != nil, "q2 is 1 h before q3: the window counts from the report it joins")
    }

    @Test func concurrentSubmissionsFromOneCallerMakeExactlyOneOriginal() throws {
        let h = try StoreHarness()
        let store = h.store
        let results = ResultBox()
        let group = DispatchGroup()
        for i in 0..<2 {
            group.enter()
            let s = Submission(channel: i == 0 ? .phone : .sms, channelRef: "c-\(i)", caller: Caller(phone: "13812345678"),
                               text: i == 0 ? Self.smokeText : Self.smokeParaphrase)
            Thread.detachNewThread {
                store.intake(StoreHarness.batch(s, id: "cc\(i)", at: self.t0)) { result in
                    results.append(try? result.get().first)
                    group.leave()
                }
            }
        }
        group.wait()
        let outcomes = results.values.compactMap { $0 }
        #expect(outcomes.count == 2)
        #expect(outcomes.filter { $0.status == .created }.count == 1)
        let repeatOutcome = try #require(outcomes.first { $0.status == .repeat })
        let original = try #require(outcomes.first { $0.status == .created })
        #expect(repeatOutcome.repeatOf == original.ticketId)
    }

    @Test func indexSurvivesRestart() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13812345678"), text: Self.smokeText), id: "r1", at: t0)
        try h.reopen()
        let after = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812345678"), text: Self.smokeParaphrase),
                                 id: "r2", at: t0 + days(1))
        #expect(after.status == .repeat && after.repeatOf == "r1")
    }

    @Test func serviceNumbersAndAnonymousCallersAreNeverRepeats() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .sms, caller: Caller(phone: "1069012345"), text: "荔枝公园周边道路临时交通管制。"), id: "v1", at: t0)
        let svc = try h.submit(Submission(channel: .sms, caller: Caller(phone: "1069012345"), text: "荔枝公园周边道路临时交通管制，请绕行。"),
                               id: "v2", at: t0 + 60)
        #expect(svc.status == .created)
        try h.submit(Submission(channel: .web, text: "匿名举报：荔枝公园湖边有人非法捕鱼。"), id: "v3", at: t0)
        let anon = try h.submit(Submission(channel: .web, text: "匿名：荔枝公园湖边有人非法捕鱼。"), id: "v4", at: t0 + 60)
        #expect(anon.status == .created)
    }

    @Test func importedOpenTicketsTakeRepeats() throws {
        let h = try StoreHarness()
        let old = Ticket(id: "hist-1", receiptNo: "20261101-000042", hotline: "12345", channel: .phone, channelRef: nil,
                         receivedAt: t0 - days(10), submittedAt: nil, caller: Caller(phone: "13812345678", phoneKey: "+8613812345678"),
                         requestType: .complaint, subject: nil, text: Self.smokeText, location: nil, urgency: nil, attachments: [],
                         dedup: DedupInfo(), channelData: nil)
        var closed = old
        closed.id = "hist-2"
        closed.receiptNo = "20261101-000043"
        closed.caller = Caller(phone: "13900009999", phoneKey: "+8613900009999")
        let stored = try h.store.importTickets([(old, "open", "CASE-7"), (closed, "closed", "CASE-8"), (old, "open", "CASE-7")])
        #expect(stored == [true, true, false], "importing the same ticket twice stores it once")
        let live = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13812345678"), text: Self.smokeParaphrase),
                                id: "live-1", at: t0)
        #expect(live.status == .repeat && live.repeatOf == "hist-1")
        let reasons = try #require(try h.ticket("live-1")).ticket.dedup.reasons
        #expect(reasons.contains { $0.contains("20261101-000042") }, "\(reasons)")
        let other = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13900009999"), text: Self.smokeText), id: "live-2", at: t0)
        #expect(other.status == .created, "a closed imported ticket takes no repeats")
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [IntakeOutcome?] = []
    func append(_ o: IntakeOutcome?) { lock.withLock { items.append(o) } }
    var values: [IntakeOutcome?] { lock.withLock { items } }
}
