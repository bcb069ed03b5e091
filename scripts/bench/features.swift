import Dedup
import Foundation
import IntakeCore

// scripts/bench-features.sh: MatterFeatures and DedupEngine.decide over the bench workload's submissions (the bodies
// scripts/bench/post.lua sends), on one thread, in thread CPU time (best of ROUNDS), so that a change to the matching
// machinery can be measured on a shared machine where req/s and process CPU move with other work. Decisions run
// against an in-memory index shaped like the gateway's view (the newest 32 matters a key, 8 candidates a key).
let matters: [(String, String)] = [
  ("路灯不亮", "小区东门到三号楼之间的路灯已经坏了两个多星期，晚上非常黑，老人和孩子出行很不安全，前几天还有人摔倒。"),
  ("噪音扰民", "工地每天晚上十二点以后还在施工打桩，噪音非常大，周围居民根本无法休息，已经持续一个多月了。"),
  ("水压太低", "这几天晚上家里水压很低，六楼以上基本没有水，做饭洗澡都成问题，物业说是市政供水的原因。"),
  ("垃圾清运", "菜市场门口的垃圾已经堆了三天没有人清运，天气热臭味很大，还有很多苍蝇，影响周边商户和居民。"),
  ("占道经营", "人行道上有流动摊贩长期占道经营，行人只能走到机动车道上，早晚高峰非常危险，希望城管处理。"),
  ("井盖缺失", "辅路上有一个井盖缺失，虽然用路障围起来了，但晚上看不清楚，电动车很容易掉进去，非常危险。"),
  ("公交拥挤", "早高峰这条公交线路太挤了，经常等三四班车都上不去，建议增加班次或者开通高峰快线。"),
  ("燃气异味", "楼道里有明显的燃气味，已经持续两天了，担心是管道泄漏，请燃气公司尽快派人来检查维修。"),
  ("违章停车", "小区出入口长期有车辆违章停放，消防通道被堵死，救护车和消防车都进不来，请交警来处理。"),
  ("油烟扰民", "楼下餐馆的排烟管道直接对着居民楼，油烟很大，窗户都不敢开，希望环保部门来检查。"),
  ("树木倒伏", "台风过后路边有一棵大树倒在人行道上，压坏了护栏，到现在还没有人来清理，行人只能绕行。"),
  ("物业收费", "物业今年突然上调了物业管理费，没有召开业主大会，也没有公示收费标准，想咨询是否合规。"),
]
func submission(_ i: Int, hot: Bool) -> Submission {
    let m: (String, String); let lat: Double; let lng: Double
    if hot { m = matters[0]; lat = 22.5431; lng = 114.0579 } else {
        m = matters[i % matters.count]
        let place = (i * 7919) % 4096
        lat = 22.45 + Double(place % 64) * 0.004; lng = 113.85 + Double(place / 64) * 0.006
    }
    return Submission(channel: .web, caller: Caller(name: "王小明", phone: String(format: "139%08d", i % 100_000_000)),
                      requestType: .complaint, subject: m.0, text: "您好，\(m.1)请相关部门尽快处理，谢谢！",
                      location: Location(address: "深圳市第\(i % 4096)片区", lat: lat, lng: lng, crs: .gcj02))
}

func threadCPU() -> Double {
    var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}
func best(_ rounds: Int, _ n: Int, _ body: () -> Void) -> Double {
    var b = Double.infinity
    for _ in 0..<rounds { let t0 = threadCPU(); body(); b = min(b, (threadCPU() - t0) / Double(n)) }
    return b
}

/// An in-memory index like the gateway's view: keys to the newest seqs, matters and features by seq.
final class Index: DedupIndex, DedupFeatureSource {
    var lists: [String: [Int64]] = [:]
    var matters: [Int64: IndexedMatter] = [:]
    var features: [Int64: SharedMatterFeatures] = [:]
    func linkedIdentities(_ keys: [String]) throws -> Set<String> { Set(keys) }
    func list(_ k: String, _ limit: Int) -> [Int64] { Array((lists[k] ?? []).reversed().prefix(limit)) }
    func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] { list("i" + identity, limit) }
    func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] { list("c\(cell)", limit) }
    func candidates(place: String, since: Date, limit: Int) throws -> [Int64] { list("p" + place, limit) }
    func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] { list("b\(band)", limit) }
    func candidates(cluster: String, limit: Int) throws -> [Int64] { list("k" + cluster, limit) }
    func matter(_ seq: Int64) throws -> IndexedMatter? { matters[seq] }
    func link(identities: [String]) throws {}
    func index(_ entry: IndexEntry) throws {}
    func markCluster(ticketId: String, clusterId: String, reason: String) throws {}
    func knownFeatures(_ seq: Int64) -> SharedMatterFeatures? { features[seq] }
    func add(_ seq: Int64, _ s: Submission, _ f: MatterFeatures, _ info: DedupInfo, engine: DedupEngine, at: Date) {
        let keys = CallerIdentity.keys(s.caller)
        let k = engine.indexKeys(f)
        let root = info.repeatOf.flatMap { r in matters.first { $0.value.ticketId == r }?.key } ?? seq
        matters[seq] = IndexedMatter(seq: seq, ticketId: "t\(seq)", receiptNo: "r\(seq)", receivedAt: at, channel: s.channel, identities: keys,
                                     requestType: s.requestType, matchText: f.matchText, topics: f.topics.map(\.id).sorted().joined(separator: ","),
                                     point: f.point, address: f.address, place: f.place, rootSeq: root, clusterId: info.clusterId, status: "open")
        features[seq] = SharedMatterFeatures(f)
        var all = keys.map { "i" + $0 } + k.placeKeys.map { "p" + $0 } + k.bands.map { "b\($0)" }
        if let c = k.cell { all.append("c\(c)") }
        if let cl = info.clusterId { all.append("k" + cl) }
        for key in all { lists[key, default: []].append(seq); if lists[key]!.count > 32 { lists[key]!.removeFirst() } }
    }
}

let n = Int(ProcessInfo.processInfo.environment["N"] ?? "") ?? 8000
let rounds = Int(ProcessInfo.processInfo.environment["ROUNDS"] ?? "") ?? 7
for hot in [false, true] {
    let subs = (0..<n).map { submission($0 + 1, hot: hot) }
    var sink = 0
    for s in subs { sink &+= MatterFeatures(s).shingles.count }
    let feat = best(rounds, n) { for s in subs { sink &+= MatterFeatures(s).shingles.count } }
    let norm = best(rounds, n) { for s in subs { sink &+= MatchText.normalize((s.subject ?? "") + " " + s.text).utf8.count } }
    let addr = best(rounds, n) { for s in subs { sink &+= AddressKey.normalize(s.location!.address!).utf8.count } }
    let feats = subs.map(MatterFeatures.init)
    let rest = best(rounds, n) {
        for f in feats { sink &+= MatterFeatures(matchText: f.matchText, topics: [], requestType: f.requestType, point: f.point, address: f.address, place: f.place).shingles.count }
    }
    let engine = DedupEngine()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    // Decisions: each against the index of those before it (the index rebuilt each round).
    var decide = Double.infinity
    var clusters = 0, repeats = 0
    for _ in 0..<max(1, rounds / 2) {
        let index = Index()
        var total = 0.0
        clusters = 0; repeats = 0
        for (i, s) in subs.enumerated() {
            let at = t0.addingTimeInterval(Double(i) * 0.001)
            let c0 = threadCPU()
            let (info, _) = try! engine.decide(s, precomputed: feats[i], receivedAt: at, in: index)
            total += threadCPU() - c0
            if info.clusterId != nil { clusters += 1 }
            if info.status == .repeat { repeats += 1 }
            index.add(Int64(i + 1), s, feats[i], info, engine: engine, at: at)
        }
        decide = min(decide, total / Double(n))
    }
    print(String(format: "%@: features %.1f µs (normalize %.1f, address %.1f, from matchText %.1f); decide %.1f µs; %d clusters, %d repeats of %d; sink %d",
                 hot ? "hot  " : "mixed", feat, norm, addr, rest, decide, clusters, repeats, n, sink % 10))
}

