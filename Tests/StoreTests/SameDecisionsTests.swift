import Dedup
import Foundation
import IntakeCore
import Testing
@testable import Store

/// The dedup decision is one engine over three stores: SQLite (through its in-memory view), PostgreSQL (candidates
/// and matters read in batches, in the transaction) and the in-memory store must decide a stream of submissions
/// alike: the same repeats of the same originals, the same incident clusters, every member included.
@Suite struct SameDecisionsTests {
    /// A deterministic stream: callers who call again about their matter, neighbours who report one incident (with
    /// coordinates, an address, or the place only in the text), and other matters at the same places.
    static func stream() -> [(Submission, Date)] {
        var rng = SplitMix(seed: 12345)
        var places: [(address: String, lat: Double, lng: Double)] = []
        for i in 0..<10 {
            let lat: Double = 22.54 + Double(i) * 0.004
            let lng: Double = 114.05 + Double(i % 3) * 0.003
            places.append(("幸福区建设路\(10 + i * 7)号", lat, lng))
        }
        let matters = ["路灯不亮，晚上很黑", "井盖缺失，很危险", "楼下烧烤店噪音很大睡不着", "污水外溢，臭味很重", "停水了，一直没有来水"]
        let others = ["想咨询一下社保卡怎么补办", "公交车司机态度不好", "小区门口垃圾堆了好几天没人清运"]
        var out: [(Submission, Date)] = []
        var at = Date(timeIntervalSince1970: 1_795_354_512)
        for i in 0..<240 {
            at = at.addingTimeInterval(Double(5 + rng.next() % 90) * 60)
            let caller = "1380000\(String(format: "%04d", rng.next() % 25))"
            let p = places[Int(rng.next() % UInt64(places.count))]
            let text = rng.next() % 6 == 0 ? others[Int(rng.next() % UInt64(others.count))] : matters[Int(rng.next() % UInt64(matters.count))]
            let location: Location?
            var words = text
            switch rng.next() % 4 {
            case 0: location = Location(address: p.address, lat: p.lat, lng: p.lng, crs: .wgs84)
            case 1: location = Location(lat: p.lat + 0.0002, lng: p.lng, crs: .wgs84)
            case 2: location = Location(address: p.address)
            default:
                location = nil
                words = p.address + "这里" + text
            }
            let channel: Channel = [.phone, .sms, .web, .miniprogram][Int(rng.next() % 4)]
            let caller_ = channel == .miniprogram ? Caller(openId: "o-\(caller)") : Caller(phone: caller, phoneKey: PhoneNumber.normalize(caller)?.key)
            out.append((Submission(channel: channel, channelRef: "s-\(i)", caller: caller_, requestType: .complaint, text: words,
                                   location: location), at))
        }
        return out
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Each submission's decision in store-independent terms: its status, the index of the submission it repeats,
    /// and its cluster as the index of the cluster's first-seen member, as stored at the end.
    static func decisions(_ kind: StoreKind, _ stream: [(Submission, Date)] = stream()) throws -> [String] {
        let o = try kind.open(dedup: DedupEngine())
        defer { o.close() }
        var ids: [String] = []
        var statuses: [IntakeOutcome.Status] = []
        for (s, at) in stream {
            let outcome = try o.store.intakeAndWait(batch([s], at: at)).get()[0]
            ids.append(outcome.ticketId ?? "")
            statuses.append(outcome.status)
        }
        var clusterNames: [String: Int] = [:]
        return try ids.enumerated().map { i, id in
            let stored = try #require(try o.store.ticket(idOrReceipt: id)).ticket
            let original = stored.dedup.repeatOf.flatMap { ids.firstIndex(of: $0) }.map(String.init) ?? "-"
            let cluster = stored.dedup.clusterId.map { c in String(clusterNames[c] ?? { clusterNames[c] = i; return i }()) } ?? "-"
            return "\(i) \(statuses[i].rawValue) repeatOf \(original) cluster \(cluster)"
        }
    }

    /// The first report of an incident is asked by a report that would join it, on every store, though a busy place's
    /// newer reports push it out of the candidates: the grill's smoke is not the hotpot restaurant's (DedupIndex
    /// `candidates(cluster:limit:)`; ClusterFamilyTests.anIncidentsFirstReportIsAsked on SQLite alone).
    @Test func everyStoreAsksAnIncidentsFirstReport() throws {
        for kind in [StoreKind.sqlite, .memory, .postgres] {
            let o = try kind.open(dedup: DedupEngine())
            defer { o.close() }
            let t0 = Date(timeIntervalSince1970: 1_795_354_512)
            @discardableResult
            func report(_ n: Int, _ text: String, coordinates: Bool, at minutes: Double) throws -> IntakeOutcome {
                let location = coordinates ? Location(address: "阳光花园南门", lat: 31.2304, lng: 121.4737, crs: .wgs84) : Location(address: "阳光花园南门")
                let s = Submission(channel: .phone, channelRef: "b-\(n)", caller: Caller(phone: "139333\(String(format: "%05d", n))"),
                                   requestType: .complaint, text: text, location: location)
                return try o.store.intakeAndWait(batch([s], at: t0.addingTimeInterval(minutes * 60))).get()[0]
            }
            try report(1, "阳光花园南门的烧烤摊油烟太大，窗户都不敢开", coordinates: false, at: 0)
            let fumes = try report(2, "阳光花园南门油烟太大，呛得喘不过气", coordinates: true, at: 20)
            let others = ["共享单车堆满了人行道", "垃圾桶满了没人清", "路灯坏了一个月", "有人遛狗不拴绳", "电动车乱停挡住消防通道",
                          "快递柜旁边积水", "门口的树枝快断了", "井盖松了一踩就响"]
            for (k, text) in others.enumerated() { try report(10 + k, "阳光花园南门" + text, coordinates: false, at: 30 + Double(k)) }
            let hotpot = try report(3, "阳光花园南门那家火锅店油烟太大，熏得人头疼", coordinates: true, at: 60)
            let incident = try #require(try o.store.ticket(idOrReceipt: fumes.ticketId ?? "")?.ticket.dedup.clusterId, "\(kind)")
            let joined = try o.store.ticket(idOrReceipt: hotpot.ticketId ?? "")?.ticket.dedup.clusterId
            #expect(joined != incident, "\(kind)")
        }
    }

    /// A labelled evaluation set of the dedup tests (Tests/DedupTests/Fixtures), read from the checkout, as a stream:
    /// citizens' own words from writers who never saw the rules, every channel, with and without places.
    static func evaluationSet(_ name: String) throws -> [(Submission, Date)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DedupTests/Fixtures/\(name).jsonl")
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { raw in
            let j = try JSON.parse(String(raw))
            let phone = j["phone"]?.stringValue
            let location: Location? = j["address"] == nil && j["lat"] == nil ? nil
                : Location(address: j["address"]?.stringValue, lat: j["lat"]?.doubleValue, lng: j["lng"]?.doubleValue,
                           crs: CoordinateSystem.parse(j["crs"]?.stringValue))
            var caller = Caller(phone: phone, phoneKey: phone.flatMap { PhoneNumber.normalize($0)?.key },
                                email: j["email"]?.stringValue?.lowercased(), openId: j["openId"]?.stringValue)
            caller.anonymous = caller.phoneKey == nil && caller.email == nil && caller.openId == nil
            let s = Submission(channel: Channel(rawValue: try #require(j["channel"]?.stringValue)), channelRef: j["id"]?.stringValue,
                               caller: caller, requestType: RequestType.parse(j["requestType"]?.stringValue) ?? .unknown,
                               text: try #require(j["text"]?.stringValue), location: location)
            return (s, t0.addingTimeInterval(try #require(j["at"]?.doubleValue) * 60))
        }
    }

    /// The three stores decide two writers' evaluation sets alike, ticket by ticket: the rules read a candidate's
    /// features as PostgreSQL rebuilds them from its rows exactly as the SQLite view and the in-memory store hold them.
    @Test(arguments: ["heldout14", "heldout15"])
    func everyStoreDecidesAnEvaluationSetAlike(_ name: String) throws {
        let stream = try Self.evaluationSet(name)
        #expect(stream.count >= 300)
        let sqlite = try Self.decisions(.sqlite, stream)
        #expect(sqlite.filter { $0.contains(" repeat ") }.count >= 50, "\(name) has repeats")
        #expect(Set(sqlite.compactMap { $0.split(separator: " ").last }).count >= 10, "\(name) has incidents")
        for kind in [StoreKind.memory, .postgres] {
            let other = try Self.decisions(kind, stream)
            for (a, b) in zip(sqlite, other) where a != b { Issue.record("\(name) sqlite: \(a); \(kind): \(b)") }
        }
    }

    @Test func everyStoreDecidesAlike() throws {
        let sqlite = try Self.decisions(.sqlite)
        #expect(sqlite.filter { $0.contains(" repeat ") }.count >= 10, "the stream has repeats")
        #expect(Set(sqlite.compactMap { $0.split(separator: " ").last }).count >= 5, "the stream has several clusters")
        print("same decisions: \(sqlite.filter { $0.contains(" repeat ") }.count) repeats, \(Set(sqlite.compactMap { $0.split(separator: " ").last }).count - 1) clusters of \(sqlite.count) submissions")
        for kind in [StoreKind.memory, .postgres] {
            let other = try Self.decisions(kind)
            for (a, b) in zip(sqlite, other) where a != b { Issue.record("sqlite: \(a); \(kind): \(b)") }
        }
    }
}
