import Foundation
import IntakeCore
import Synchronization

/// What an index keeps about one stored ticket's matter: enough to rebuild its features and find its original.
/// `seq` is the store's ticket sequence (grows with arrival time).
///
/// What never changes once a ticket is stored sits behind one reference (`Fixed`): a decision copies tens of matters
/// out of the view and its index, and a copy retains one object and the few fields that change (the original, the
/// incident, the state) instead of every string and list.
public struct IndexedMatter: Sendable {
    final class Fixed: Sendable {
        let ticketId: String
        let receivedAt: Date
        let channel: Channel
        let identities: [String]
        let requestType: RequestType
        let matchText: String
        let topics: String
        let point: GeoPoint?
        let address: String?
        let place: String?

        init(ticketId: String, receivedAt: Date, channel: Channel, identities: [String], requestType: RequestType, matchText: String,
             topics: String, point: GeoPoint?, address: String?, place: String?) {
            self.ticketId = ticketId
            self.receivedAt = receivedAt
            self.channel = channel
            self.identities = identities
            self.requestType = requestType
            self.matchText = matchText
            self.topics = topics
            self.point = point
            self.address = address
            self.place = place
        }
    }

    private let fixed: Fixed
    public var seq: Int64
    public var ticketId: String { fixed.ticketId }
    public var receiptNo: String?
    public var receivedAt: Date { fixed.receivedAt }
    public var channel: Channel { fixed.channel }
    public var identities: [String] { fixed.identities }
    public var requestType: RequestType { fixed.requestType }
    public var matchText: String { fixed.matchText }
    /// Topic ids, comma separated (as stored).
    public var topics: String { fixed.topics }
    public var point: GeoPoint? { fixed.point }
    public var address: String? { fixed.address }
    public var place: String? { fixed.place }
    /// The original's seq (its own seq when it is an original).
    public var rootSeq: Int64
    public var clusterId: String?
    /// The ticket's state (`open`, `closed`, ...).
    public var status: String

    public init(seq: Int64, ticketId: String, receiptNo: String?, receivedAt: Date, channel: Channel, identities: [String],
                requestType: RequestType, matchText: String, topics: String, point: GeoPoint?, address: String?, place: String?,
                rootSeq: Int64, clusterId: String?, status: String) {
        self.fixed = Fixed(ticketId: ticketId, receivedAt: receivedAt, channel: channel, identities: identities, requestType: requestType,
                           matchText: matchText, topics: topics, point: point, address: address, place: place)
        self.seq = seq
        self.receiptNo = receiptNo
        self.rootSeq = rootSeq
        self.clusterId = clusterId
        self.status = status
    }
}

/// The rows one stored ticket adds to the index (computed by `DedupEngine`, written by the store).
public struct IndexEntry: Sendable {
    public var ticketId: String
    public var receivedAt: Date
    public var channel: Channel
    /// Identity keys the candidates are found by.
    public var identityKeys: [String]
    /// Identity keys plus sender keys, as kept on the matter.
    public var identities: [String]
    public var requestType: RequestType
    public var matchText: String
    public var topics: String
    public var point: GeoPoint?
    public var address: String?
    public var place: String?
    /// The original this ticket repeats, by ticket id (nil for an original).
    public var repeatOf: String?
    public var clusterId: String?
    public var cell: Int64?
    public var placeKeys: [String]
    public var bands: [Int64]
}

/// The port the dedup decision asks for candidates. No SQL in its signatures: SQLite, PostgreSQL and the
/// in-memory store implement it inside their own transaction, so a decision sees every earlier commit.
/// Candidate lists are ticket seqs, newest first, at most `limit` each (bounded work whatever the history).
public protocol DedupIndex {
    func linkedIdentities(_ keys: [String]) throws -> Set<String>
    func candidates(identity: String, since: Date, limit: Int) throws -> [Int64]
    func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64]
    func candidates(place: String, since: Date, limit: Int) throws -> [Int64]
    func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64]
    /// The first tickets of an incident (`cluster`, its id), oldest first, at most `limit`: the incident's member
    /// check asks the reports it was formed on, not only the members a report's keys find.
    func candidates(cluster: String, limit: Int) throws -> [Int64]
    func matter(_ seq: Int64) throws -> IndexedMatter?
    /// The same as asking cell by cell (each cell's candidates newest first, at most `limit`, in the cells' order),
    /// in one read where a store pays a round trip a query.
    func candidates(cells: [Int64], since: Date, limit: Int) throws -> [Int64]
    /// The same as asking band by band, in one read where a store can.
    func candidates(bands: [Int64], since: Date, limit: Int) throws -> [Int64]
    /// The same as asking place by place, in one read where a store can (a report's words are asked for hundreds of
    /// names, `DedupEngine.namesInWords`).
    func candidates(places: [String], since: Date, limit: Int) throws -> [Int64]
    /// The stored matters of `seqs` by seq (those not stored left out), in one read where a store can.
    func matters(_ seqs: [Int64]) throws -> [Int64: IndexedMatter]
    /// Identities seen together are one caller from now on.
    func link(identities: [String]) throws
    /// Writes the index rows of a stored ticket.
    func index(_ entry: IndexEntry) throws
    /// Puts an earlier ticket into a cluster formed by a later report (index, ticket column and stored JSON), with
    /// its repeat family (its original and the original's repeats, bounded) that is in no cluster yet.
    func markCluster(ticketId: String, clusterId: String, reason: String) throws
    /// The decision relies on this ticket's case being open (the original of the report a cluster is joined on). An
    /// index whose reads may be older than the transaction has it checked there; the others read it in it.
    func reliesOnOpen(ticketId: String)
}

extension DedupIndex {
    public func reliesOnOpen(ticketId: String) {}

    public func candidates(cells: [Int64], since: Date, limit: Int) throws -> [Int64] {
        try cells.flatMap { try candidates(cell: $0, since: since, limit: limit) }
    }

    public func candidates(bands: [Int64], since: Date, limit: Int) throws -> [Int64] {
        try bands.flatMap { try candidates(band: $0, since: since, limit: limit) }
    }

    public func candidates(places: [String], since: Date, limit: Int) throws -> [Int64] {
        try places.flatMap { try candidates(place: $0, since: since, limit: limit) }
    }

    public func matters(_ seqs: [Int64]) throws -> [Int64: IndexedMatter] {
        var found: [Int64: IndexedMatter] = [:]
        for seq in seqs { found[seq] = try matter(seq) }
        return found
    }
}

/// An index that already holds the features of some candidates (an in-memory view keeps those it was given), so
/// the engine need not rebuild them from the stored text.
public protocol DedupFeatureSource {
    func knownFeatures(_ seq: Int64) -> SharedMatterFeatures?
}

/// Decides, inside the store's transaction, whether a submission repeats an open ticket or joins a cluster.
public protocol DedupDecider: Sendable {
    /// Work that needs only the submission (text features), done on the request's thread before the write is
    /// queued, so the writer does less. The result reaches `decide` as `precomputed`.
    func precompute(_ submission: Submission) -> (any Sendable)?
    /// The decision, and what `didStore` needs to index the ticket.
    func decide(_ submission: Submission, precomputed: (any Sendable)?, receivedAt: Date, in index: any DedupIndex) throws
        -> (info: DedupInfo, features: (any Sendable)?)
    /// Called after the ticket row is written, so the index learns it.
    func didStore(_ ticket: Ticket, features: (any Sendable)?, in index: any DedupIndex) throws
    /// `didStore` with the ticket's index entry computed already (by an early decision of this ticket, before the
    /// transaction).
    func didStore(_ ticket: Ticket, entry: IndexEntry, in index: any DedupIndex) throws
    /// The keys a decision about this submission looks candidates up by (location cells around it, named places,
    /// text bands, the runs of its words and names), as lock names: two decisions that can find each other must not
    /// run at the same time on two instances.
    func lockKeys(precomputed: (any Sendable)?) -> [String]
}

/// Every ticket is new; nothing is indexed (`INTAKE_DEDUP_ENABLED=false`).
public struct NoDedup: DedupDecider {
    public init() {}
    public func precompute(_ submission: Submission) -> (any Sendable)? { nil }
    public func decide(_ submission: Submission, precomputed: (any Sendable)?, receivedAt: Date, in index: any DedupIndex) throws
        -> (info: DedupInfo, features: (any Sendable)?) { (DedupInfo(), nil) }
    public func didStore(_ ticket: Ticket, features: (any Sendable)?, in index: any DedupIndex) throws {}
    public func didStore(_ ticket: Ticket, entry: IndexEntry, in index: any DedupIndex) throws {}
    public func lockKeys(precomputed: (any Sendable)?) -> [String] { [] }
}

/// The dedup engine: finds candidates through the index only (caller identity, location cell, place,
/// text-signature band, each bounded and keyed with the receive time), so one decision reads a bounded number of
/// rows however many tickets are stored; links identities seen together; applies `DedupRules`.
///
/// Of two concurrent submissions by one caller the first applied is the original: the store runs decisions one
/// at a time per caller and place (SQLite: one writer; PostgreSQL: advisory locks; in-memory: one lock).
public final class DedupEngine: DedupDecider, @unchecked Sendable {
    public let configuration: DedupConfiguration
    let hasher = MinHasher()
    /// Features of recently seen candidates by seq: a busy place or caller is compared again and again, and
    /// rebuilding features from the stored text is most of a decision's CPU. Bounded by count and by bytes (one
    /// entry holds up to `MatterFeatures.Limits` of text and its shingles, some 30 KB); cleared when full.
    private let featureCache = Mutex<(entries: [Int64: SharedMatterFeatures], bytes: Int)>(([:], 0))
    static let featureCacheLimit = 8_192
    static let featureCacheBytes = 32 << 20

    /// About what an entry keeps in memory.
    static func footprint(_ f: MatterFeatures) -> Int {
        f.matchText.utf8.count + f.shingles.count * 8 + (f.address?.utf8.count ?? 0) * 2
            + f.namedPlaces.reduce(0) { $0 + $1.utf8.count + 16 } + 256
    }

    /// Ticket statuses that close a case; any other status (`open`, `dispatched`, ...) keeps it open.
    public static let closedStatuses: Set<String> = ["closed", "resolved", "done", "cancelled", "canceled", "rejected", "办结", "已办结"]

    public init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    public func precompute(_ submission: Submission) -> (any Sendable)? { MatterFeatures(submission) }

    /// The reports an incident was formed on, asked by every report that would join it besides the members its keys
    /// find (a busy place's newest reports push them out of the candidates). Not every member: the members of one
    /// incident name its faces and their own spots, and each was asked against the others found when it joined.
    static let firstMembersAsked = 1

    public func decide(_ s: Submission, precomputed: (any Sendable)?, receivedAt: Date, in index: any DedupIndex) throws
        -> (info: DedupInfo, features: (any Sendable)?)
    {
        let features = (precomputed as? MatterFeatures) ?? MatterFeatures(s)
        let keys = CallerIdentity.keys(s.caller)
        let subject = DedupSubject(features: features, channel: s.channel, receivedAt: receivedAt, identities: keys,
                                   linkedIdentities: try index.linkedIdentities(keys).union(CallerIdentity.senderKeys(s.caller)))
        let limit = configuration.maxCandidatesPerKey
        var loader = Loader(index: index, engine: self)

        var own: [Int64] = []
        let repeatSince = receivedAt.addingTimeInterval(-configuration.repeatWindow)
        for key in subject.linkedIdentities.sorted() where !key.hasPrefix("sender:") {
            own += try index.candidates(identity: key, since: repeatSince, limit: limit)
        }
        // The most recent candidates only (seq grows with time): a bound on the work, however linked or busy.
        let ownSeqs = Self.newestFirst(own, limit: limit)
        try loader.load(ownSeqs)
        let sameCaller = try ownSeqs.compactMap { try loader.candidate($0) }

        var others: [Int64] = []
        let clusterSince = receivedAt.addingTimeInterval(-configuration.clusterWindow)
        if let p = features.point {
            others += try index.candidates(cells: LocationCell.neighbourhood(of: p, meters: configuration.clusterDistanceMeters),
                                           since: clusterSince, limit: limit)
        }
        for place in features.placeKeys {
            others += try index.candidates(place: place, since: clusterSince, limit: limit)
        }
        // Text bands, asked by every report (a located report meets the reports without location that tell the same
        // in like words, which only bands index: `临港货场顺捷劳务拖欠工资` by SMS before a web form from that address);
        // only a report without location is indexed by them (`indexKeys`).
        others += try index.candidates(bands: hasher.bandKeys(features.shingles), since: clusterSince, limit: limit)
        let direct = Set(others).subtracting(Set(own))
        var otherSeqs = Array(direct.sorted(by: >).prefix(2 * limit))
        // A report whose words the place reader took no name from (`东坪安置房二期那个工地`, `云栖郡业主`) is asked for the
        // names other recent reports are keyed by that its words hold: the stream's names teach it where it is. Bounded
        // apart from the report's own keys' candidates, newest first.
        let named = try index.candidates(places: Self.namesInWords(features), since: clusterSince, limit: Self.wordsLimit)
        otherSeqs += Set(named).subtracting(direct).subtracting(own).sorted(by: >).prefix(Self.wordsCandidates)
        // A report with place keys is asked for the reports without one whose words hold its words' runs or its places'
        // names (`askedWordKeys`): a place said only in an earlier caller's words (`米市里那个电线杆`, `我是在临港货场干
        // 装卸的`) is found by the later report that names it (`城厢区米市里`, an address `港城大道临港货场`). Over the
        // last day only (`DedupRules.spotOnlyAfter`); bounded apart, most runs shared first.
        let wordsSince = max(clusterSince, receivedAt.addingTimeInterval(-DedupRules.spotOnlyAfter))
        if !features.placeKeys.isEmpty {
            let worded = try index.candidates(places: Self.askedWordKeys(features), since: wordsSince, limit: Self.wordsLimit)
            otherSeqs += Self.mostFound(worded, excluding: Set(otherSeqs).union(own), limit: Self.wordsCandidates)
        }
        // Every report is asked for the reports with place keys whose first place's name begins with a run of its words
        // (`nameKeys`): a place an earlier caller gave by address (`石梯坎街地铁7号线石梯坎站工地`) is found by the later
        // caller who says its name only in words (`石梯坎站地铁工地半夜施工`), also when the place reader took another
        // name from them (`坪上镇中学老师…今早学校`). Over the last day only, as the other way; at most `wordKeysLimit`
        // runs, `wordsLimit` each, `wordsCandidates` kept.
        let begun = try index.candidates(places: Self.nameKeysAsked(features), since: wordsSince, limit: Self.wordsLimit)
        otherSeqs += Self.mostFound(begun, excluding: Set(otherSeqs).union(own), limit: Self.wordsCandidates)
        try loader.load(Array(otherSeqs))
        let otherCandidates = try otherSeqs.compactMap { try loader.candidate($0) }

        let decision = try DedupRules.decide(subject, sameCaller: sameCaller, others: otherCandidates, configuration,
                                             originalOf: { try loader.original(of: $0) },
                                             membersOf: { cluster in
                                                 let seqs = try index.candidates(cluster: cluster, limit: Self.firstMembersAsked)
                                                 try loader.load(seqs)
                                                 return try seqs.compactMap { try loader.candidate($0) }
                                             })
        if let root = decision.clusterOpenRoot { index.reliesOnOpen(ticketId: root) }
        if let earlier = decision.clusterAlsoOn, let clusterId = decision.info.clusterId {
            try index.markCluster(ticketId: earlier, clusterId: clusterId,
                                  reason: "incident cluster \(clusterId): another caller reported the same matter at the same place later")
        }
        for earlier in decision.alsoOn {
            guard let clusterId = decision.info.clusterId else { break }
            try index.markCluster(ticketId: earlier, clusterId: clusterId,
                                  reason: "incident cluster \(clusterId): another caller's later report matched it as well")
        }
        if let original = decision.originalJoins, let clusterId = decision.info.clusterId {
            try index.markCluster(ticketId: original, clusterId: clusterId,
                                  reason: "incident cluster \(clusterId): the caller's later report joined another caller's report of it")
        }
        return (decision.info, features)
    }

    /// Characters of a report's match text read for names (`namesInWords`), the lengths of the runs asked, the
    /// candidates read per run and in all (at most 2 x 64 runs, 4 each, 8 kept).
    public static let wordsPrefix = 64
    static let wordsRunLengths = 3...4
    static let wordsLimit = 4
    static let wordsCandidates = 8

    /// The runs of a report's words that may be a place's name, when the place reader took none from them (no place
    /// key): in the first `wordsPrefix` characters of the match text, every run of three or four characters that
    /// begins where a name can (a clause's start, or after a character the reader ends a name at: 在, 的, 我们, 是, …;
    /// `PlaceNames.stops`) and crosses no clause's end, in text order (a name said twice is asked twice). Three or four
    /// characters are a place's own name (云栖郡, 锦悦府, 金沙名苑, 东坪安置); two are as often a common word (小区,
    /// 门口, 地铁), and a longer run holds the kind of place beside the name (装饰公司, 垃圾中转站), which says what kind
    /// of place, not which one (in the crowd of the tuning sets, runs of five and six joined two sets' tickets). A
    /// report with place keys is found by them and asks nothing here.
    public static func namesInWords(_ f: MatterFeatures) -> [String] {
        guard f.placeKeys.isEmpty else { return [] }
        return runs(f, lengths: wordsRunLengths)
    }

    /// What marks a word key (`wordKeys`) among the place keys: no place key holds a colon (place keys are letters and
    /// numbers only), so a run of a report's words never meets a place's name of the same characters.
    static let wordKeyPrefix = "w:"
    /// Word keys a report is indexed by or asks, at most.
    public static let wordKeysLimit = 16
    /// Characters of grammar, no place's name holds them (particles, pronouns, demonstratives, the copula, negation):
    /// a run holding one is no name (`我们是`, `那个电`, `到现在`).
    static let grammarCharacters = ScalarSet(scalarsOf: "的了吗呢啊吧嗯喂呀哦么我你他她它们这那哪个就都还也很太又要想说是有没不在")

    /// The keys a report's words are indexed by when it has no place key, and that a report with place keys asks
    /// (`decide`): every run of three characters in the first `wordsPrefix` of its match text that begins where a
    /// name can (as `namesInWords`'s runs) and holds no character of grammar, each once, in text order, at most
    /// `wordKeysLimit`, marked by `wordKeyPrefix`. The first three characters of a name are enough to meet it (`米市里`
    /// of 米市里口上, 米市里电线); which run is a place's name the rules decide, by the name the later report's place
    /// holds in the earlier's words (`MatterComparison.sharedName`). Read once, with the features (`MatterFeatures.wordKeys`).
    /// (The runs are told apart and tested for grammar by their scalars, and only the keys kept are made strings.)
    public static func wordKeys(_ f: MatterFeatures) -> [String] {
        var text = f.matchText
        let grammar = grammarCharacters, prefix = Array(wordKeyPrefix.utf8)
        return text.withUTF8 { bytes in
            let (scalars, bounds) = prefixScalars(inUTF8: bytes)
            var out: [String] = [], kept: [Int] = []
            out.reserveCapacity(wordKeysLimit)
            kept.reserveCapacity(wordKeysLimit)
            var key: [UInt8] = []
            for start in runStarts(scalars) where out.count < wordKeysLimit {
                let end = start + 3
                guard end <= scalars.count, scalars[start + 1] != 0x20, scalars[start + 2] != 0x20,
                      !grammar.contains(scalars[start]), !grammar.contains(scalars[start + 1]), !grammar.contains(scalars[start + 2]),
                      !kept.contains(where: { scalars[$0] == scalars[start] && scalars[$0 + 1] == scalars[start + 1] && scalars[$0 + 2] == scalars[start + 2] })
                else { continue }
                kept.append(start)
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: prefix)
                for b in bounds[start]..<bounds[end] { key.append(bytes[b]) }
                out.append(String(decoding: key, as: UTF8.self))
            }
            return out
        }
    }

    /// The word keys a report with place keys asks (`decide`): the first three characters of each place it names, where
    /// its address or its words name the place in a longer form than the earlier caller's words run (`港城大道临港货场`
    /// asks `临港货`, which `我是在临港货场干装卸的` is indexed by), then its own words' runs (`wordKeys`), each once, at
    /// most `wordKeysLimit`. A name holding a character of grammar is no run an earlier report is indexed by.
    public static func askedWordKeys(_ f: MatterFeatures) -> [String] {
        var out: [String] = []
        for name in f.placeKeys where name.count >= 3 {
            let head = String(name.prefix(3))
            guard !head.unicodeScalars.contains(where: { grammarCharacters.contains($0.value) }) else { continue }
            let key = wordKeyPrefix + head
            if !out.contains(where: key.sameBytes) { out.append(key) }
        }
        for key in f.wordKeys where out.count < wordKeysLimit && !out.contains(where: key.sameBytes) { out.append(key) }
        return out
    }

    /// What marks a name key (`nameKeys`) apart from place keys and word keys: the start of a place's name is asked
    /// only by reports without a place key, and a report with place keys, which asks word keys (`askedWordKeys`), never
    /// meets one.
    static let nameKeyPrefix = "n:"

    /// The keys a report with place keys is indexed by besides them, and that every report asks (`decide`,
    /// `nameKeysAsked`): the first three characters of its first place key (its address's place when it has an
    /// address) and of the longer reading of that name when the first is its shorter one (`杨家洼` of 杨家洼村 beside
    /// 家洼村), then of its places' short forms of four characters or more (`石湖南` of 石湖南湾村, the village of
    /// 石湖镇南湾村 without its town's word: `PlaceNames.withoutTown`), each once, at most `nameKeysLimit`, marked by
    /// `nameKeyPrefix`. A citizen names a place by the start of the name an address gives (`石梯坎` of 石梯坎街地铁站工地,
    /// `凌云山` of 凌云山北坡) or of its short form: the run is where the two meet; whether it is the same place the
    /// rules decide. Not the other keys' starts: they are names read from the text, and a name's later runs hold the
    /// kind of place (`垃圾中` of 工农路垃圾中转站 meets every town's 垃圾中转站); in the crowd of the tuning sets, the runs
    /// of every key joined two sets' tickets, and the starts of every key of five characters or more one incident of
    /// one set with another's (a company of one name in both). A road's spot (`人民路/隧道`) is no name.
    public static func nameKeys(_ f: MatterFeatures) -> [String] {
        guard let first = f.placeKeys.first else { return [] }
        var out: [String] = []
        // The first key may be a name's shorter reading (`家洼村` of 杨家洼村: the reader keeps both, and sorts the shorter
        // first): a caller says the name from its start (`杨家洼烘干厂`), so the longer reading's start is a key too.
        let longer = f.namedPlaces.filter { $0.unicodeScalars.count > first.unicodeScalars.count && $0.hasSuffix(first) }
            .min { ($0.unicodeScalars.count, $0) < ($1.unicodeScalars.count, $1) }
        for key in [first] + (longer.map { [$0] } ?? []) + f.placeAliases.sorted() where out.count < nameKeysLimit {
            let start = key.unicodeScalars.prefix(3)
            guard start.count == 3, key == first || key == longer || (key.unicodeScalars.count >= 4 && !key.contains("/")) else { continue }
            let name = nameKeyPrefix + String(String.UnicodeScalarView(start))
            if !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// Name keys a report is indexed by, at most.
    static let nameKeysLimit = 3

    /// The name keys a report asks: its word keys (`wordKeys`), marked as names' starts. A report with place keys asks
    /// them too: the place reader may have taken another name from its words than the one an earlier address begins
    /// with (`坪上镇中学老师…今早学校` keyed by 今早学校, `铁路新村两千多户` beside 东风路).
    /// (Each run cut from its word key's bytes: `dropFirst` on the String walked its characters, some 1,000 instructions
    /// a key on the decider thread.)
    public static func nameKeysAsked(_ f: MatterFeatures) -> [String] {
        f.wordKeys.map { nameKeyPrefix + String(decoding: $0.utf8.dropFirst(wordKeyPrefix.utf8.count), as: UTF8.self) }
    }

    /// `seqs` without those in `excluding`, those found by most keys first (each key's list holds a seq once), then
    /// the newest, at most `limit`.
    static func mostFound(_ seqs: [Int64], excluding: Set<Int64>, limit: Int) -> [Int64] {
        var hits: [Int64: Int] = [:]
        for seq in seqs where !excluding.contains(seq) { hits[seq, default: 0] += 1 }
        return hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.prefix(limit).map(\.key)
    }

    /// The runs of `lengths` characters in the first `wordsPrefix` of the match text that begin where a name can and
    /// cross no clause's end, in text order.
    static func runs(_ f: MatterFeatures, lengths: ClosedRange<Int>) -> [String] {
        var text = f.matchText
        return text.withUTF8 { runs(inUTF8: $0, lengths: lengths) }
    }

    /// `runs(_:lengths:)` of a text's UTF-8 (valid, as a String's is): the first characters are decoded from the bytes
    /// and each run is cut from them (walking the text's unicode scalars checked an index at every step, and a run cut
    /// from a copied array of the bytes validated a slice of it: more than the runs themselves). The bytes are the
    /// String's own, read in place and indexed from 0, as a collection: no pointer outside the wrapper modules.
    @inline(__always)
    private static func runs<UTF8Bytes: RandomAccessCollection<UInt8>>(inUTF8 bytes: UTF8Bytes, lengths: ClosedRange<Int>)
        -> [String] where UTF8Bytes.Index == Int {
        let (scalars, bounds) = prefixScalars(inUTF8: bytes)
        let space = UInt32(0x20)
        var out: [String] = []
        for start in runStarts(scalars) {
            for length in lengths {
                let end = start + length
                guard end <= scalars.count, !scalars[start + 1..<end].contains(space) else { break }
                out.append(String(decoding: bytes[bounds[start]..<bounds[end]], as: UTF8.self))
            }
        }
        return out
    }

    /// The values of the first `wordsPrefix` characters of a text's UTF-8 and where each begins in it (and where the
    /// last ends).
    @inline(__always)
    private static func prefixScalars<UTF8Bytes: RandomAccessCollection<UInt8>>(inUTF8 bytes: UTF8Bytes) -> (scalars: [UInt32], bounds: [Int])
        where UTF8Bytes.Index == Int {
        var scalars: [UInt32] = [], bounds: [Int] = [0]
        scalars.reserveCapacity(wordsPrefix)
        bounds.reserveCapacity(wordsPrefix + 1)
        var i = 0
        while i < bytes.count && scalars.count < wordsPrefix {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: i)
            scalars.append(value)
            i += width
            bounds.append(i)
        }
        return (scalars, bounds)
    }

    /// Where a run may begin: not at a space, and at the text's start, after a space or after a character the place
    /// reader ends a name at (`PlaceNames.stops`).
    private static func runStarts(_ scalars: [UInt32]) -> [Int] {
        let stops = PlaceNames.stops
        var out: [Int] = []
        out.reserveCapacity(scalars.count)
        for start in scalars.indices
        where scalars[start] != 0x20 && (start == 0 || scalars[start - 1] == 0x20 || stops.contains(scalars[start - 1])) {
            out.append(start)
        }
        return out
    }

    public func didStore(_ ticket: Ticket, features: (any Sendable)?, in index: any DedupIndex) throws {
        try didStore(ticket, entry: entry(ticket, features: (features as? MatterFeatures) ?? MatterFeatures(ticket)), in: index)
    }

    public func didStore(_ ticket: Ticket, entry: IndexEntry, in index: any DedupIndex) throws {
        // An identity typed into the public form is unverified: it may link this ticket to earlier ones (it is
        // indexed under it), but never joins identities together. Verified channels (a call centre's caller number,
        // an SMS sender, an openid, a 110 transfer, a mail's sender) do.
        if ticket.channel != .web { try index.link(identities: entry.identityKeys) }
        try index.index(entry)
    }

    /// Every place, cell and text-band key `decide` looks candidates up by, as the index stores them, and the runs its
    /// words and names meet other reports by (`nameLocks`): two submissions that can find each other there share one
    /// of these keys, so a store that locks them decides the two one after the other (a report and a neighbour's
    /// report of one incident arriving at two PostgreSQL instances at once), and the later sees the earlier.
    public func lockKeys(precomputed: (any Sendable)?) -> [String] {
        guard let features = precomputed as? MatterFeatures else { return [] }
        var keys = features.placeKeys.map { "place:" + $0 }
        if let p = features.point {
            keys += LocationCell.neighbourhood(of: p, meters: configuration.clusterDistanceMeters).map { "cell:\($0)" }
        }
        keys += hasher.bandKeys(features.shingles).map { "band:\($0)" }
        return keys + Self.nameLocks(features).map { "name:" + $0 }
    }

    /// The three-character runs a report meets others by through the keys of words and names, each once: its word keys
    /// or name keys (`wordKeys`, `nameKeys`) and the starts of its place keys a later report's words may be
    /// (`namesInWords` asks runs of three and four characters), and what it asks there (`namesInWords`,
    /// `askedWordKeys`, `nameKeysAsked`).
    /// Every such key two reports meet by begins with one run both hold, so a lock per run keeps them apart (a report
    /// asks a run's key whole; the run is its first three characters). One lock per start of a run, not per key asked: a
    /// report without a place key asks some hundred runs (three and four characters at each start) and begins them at
    /// most at `wordsPrefix` characters; one with place keys holds at most 6 + `nameKeysLimit` + 2 × `wordKeysLimit`.
    public static func nameLocks(_ f: MatterFeatures) -> [String] {
        var runs: Set<String> = []
        func add(_ key: some StringProtocol) {
            let start = key.unicodeScalars.prefix(3)
            if start.count == 3 { runs.insert(String(String.UnicodeScalarView(start))) }
        }
        for key in f.wordKeys { add(key.dropFirst(wordKeyPrefix.count)) }
        if f.placeKeys.isEmpty {
            for run in namesInWords(f) { add(run) }
        } else {
            for key in f.placeKeys where key.unicodeScalars.count <= wordsRunLengths.upperBound { add(key) }
            for key in nameKeys(f) { add(key.dropFirst(nameKeyPrefix.count)) }
            for key in askedWordKeys(f) { add(key.dropFirst(wordKeyPrefix.count)) }
        }
        return runs.sorted()
    }

    /// The index rows of a ticket (also used to index tickets stored without a decision: imports, backfills).
    public func entry(_ ticket: Ticket, features given: MatterFeatures? = nil) -> IndexEntry {
        let features = given ?? MatterFeatures(ticket)
        let keys = CallerIdentity.keys(ticket.caller)
        let located = indexKeys(features)
        return IndexEntry(
            ticketId: ticket.id, receivedAt: ticket.receivedAt, channel: ticket.channel, identityKeys: keys,
            identities: keys + CallerIdentity.senderKeys(ticket.caller), requestType: ticket.requestType,
            matchText: features.matchText, topics: features.topics.sorted().map(\.id).joined(separator: ","),
            point: features.point, address: features.storedAddress, place: features.place, repeatOf: ticket.dedup.repeatOf,
            clusterId: ticket.dedup.clusterId, cell: located.cell, placeKeys: located.placeKeys, bands: located.bands)
    }

    /// The keys other than identities a matter is indexed by: its location cell, named places and the starts of the
    /// first one's name and its short forms (`nameKeys`; without a named place, the runs of its words: `wordKeys`) and
    /// (without a location) text-signature bands. An in-memory view rebuilt from the stored matters derives them the
    /// same way.
    public func indexKeys(_ features: MatterFeatures) -> (cell: Int64?, placeKeys: [String], bands: [Int64]) {
        let places = features.placeKeys
        return (features.point.map(LocationCell.key), places.isEmpty ? features.wordKeys : places + Self.nameKeys(features),
                features.hasLocation ? [] : hasher.bandKeys(features.shingles))
    }

    /// The features of a stored matter, rebuilt from its normalized text (not cached).
    /// The place is read again from the stored (normalized) address, as the text is: a ticket stored before a change
    /// of `AddressKey.placeKey` compares as one stored after it (its index keys keep the older form; they are looked
    /// up within the cluster window only).
    public static func storedFeatures(_ m: IndexedMatter) -> MatterFeatures {
        let topics = Set(m.topics.split(separator: ",").compactMap { MatterTopic.byID(String($0)) })
        let stored = m.address.map(AddressKey.stored)
        return MatterFeatures(matchText: m.matchText, topics: topics, requestType: m.requestType, point: m.point, address: stored?.address,
                              place: stored.flatMap { AddressKey.placeKey(normalized: $0.address) }, addressDistricts: stored?.districts ?? [])
    }

    func features(_ m: IndexedMatter) -> SharedMatterFeatures {
        if let cached = featureCache.withLock({ $0.entries[m.seq] }) { return cached }
        let f = SharedMatterFeatures(Self.storedFeatures(m))
        let size = Self.footprint(f.value)
        featureCache.withLock { c in
            if c.entries.count >= Self.featureCacheLimit || c.bytes + size > Self.featureCacheBytes {
                c.entries.removeAll(keepingCapacity: true)
                c.bytes = 0
            }
            c.entries[m.seq] = f
            c.bytes += size
        }
        return f
    }

    /// `seqs` without repeats and without those in `excluding`, newest (highest) first, at most `limit`: what
    /// `Set(seqs).subtracting(excluding).sorted(by: >).prefix(limit)` gives, sorted in place instead of hashed.
    static func newestFirst(_ seqs: [Int64], excluding: [Int64] = [], limit: Int) -> [Int64] {
        var sorted = seqs
        sorted.sort(by: >)
        let excluded = excluding.sorted(by: >)
        var out: [Int64] = []
        out.reserveCapacity(min(sorted.count, max(0, limit)))
        var j = 0
        for seq in sorted where out.count < limit && out.last != seq {
            while j < excluded.count && excluded[j] > seq { j += 1 }
            if j < excluded.count && excluded[j] == seq { continue }
            out.append(seq)
        }
        return out
    }

    /// (`open`, the state of almost every candidate, is answered without lowercasing and hashing it.)
    static func isOpen(_ status: String) -> Bool { status == "open" || !closedStatuses.contains(status.lowercased()) }

    /// Reads candidate matters and their originals once per decision.
    struct Loader {
        let index: any DedupIndex
        let engine: DedupEngine
        /// The index as a source of features it holds (asked once: a cast to a protocol is a runtime lookup).
        let source: (any DedupFeatureSource)?
        /// Matters read so far by seq (candidates and their roots); nil: asked for, not stored.
        private var read: [Int64: IndexedMatter?] = [:]
        /// Candidates made so far by seq: the rules ask a matter again as an original or an incident's member, and
        /// a candidate once made is the same matter read (shared, one retain a copy).
        private var made: [Int64: DedupCandidate] = [:]

        init(index: any DedupIndex, engine: DedupEngine) {
            self.index = index
            self.engine = engine
            self.source = index as? any DedupFeatureSource
            // A decision reads some 8 own and 24 other candidates and their roots: no rehash on the way.
            read.reserveCapacity(64)
            made.reserveCapacity(64)
        }

        /// Reads the matters of `seqs` and of their roots, two reads in all where the store batches them.
        mutating func load(_ seqs: [Int64]) throws {
            try fetch(try fetch(seqs))
        }

        /// Reads the matters of `seqs` not read yet, and returns the roots of those read now that are not their own (a
        /// matter read before had its root read with it: by `load`, or by `candidate`, which reads a repeat's root).
        @discardableResult
        private mutating func fetch(_ seqs: [Int64]) throws -> [Int64] {
            // Not read yet, ascending, each once (sorted in place: no set of tens of seqs hashed to drop repeats).
            var missing = read.isEmpty ? seqs : seqs.filter { read[$0] == nil }
            guard !missing.isEmpty else { return [] }
            missing.sort()
            missing.removeAdjacentDuplicates()
            var found = try index.matters(missing)
            var roots: [Int64] = []
            // Moved out of the answer, not copied (a copy retains the matter's strings, released with the answer).
            for seq in missing {
                let m = found.removeValue(forKey: seq)
                if let root = m?.rootSeq, root != seq { roots.append(root) }
                read[seq] = .some(m)
            }
            return roots
        }

        private mutating func matter(_ seq: Int64) throws -> IndexedMatter? {
            // Read already (`load` reads every candidate and its root): no list, set and sort of one seq to find out.
            if let known = read[seq] { return known }
            try fetch([seq])
            return read[seq] ?? nil
        }

        /// A repeat's original, as a candidate, when it was read with the repeat (`load` reads every candidate's root).
        mutating func original(of cand: DedupCandidate) throws -> DedupCandidate? {
            // A candidate this loader made names the seq of the matter it read as its original (read, so no read here).
            if let seq = cand.fields.rootSeq, read[seq] != nil { return try candidate(seq) }
            guard let seq = read.first(where: { $0.value?.ticketId == cand.rootTicketId })?.key else { return nil }
            return try candidate(seq)
        }

        mutating func candidate(_ seq: Int64) throws -> DedupCandidate? {
            if let known = made[seq] { return known }
            guard let m = try matter(seq) else { return nil }
            let found = m.rootSeq == seq ? nil : try matter(m.rootSeq)
            let root = found ?? m
            let made = DedupCandidate(
                ticketId: m.ticketId, receiptNo: m.receiptNo, receivedAt: m.receivedAt, channel: m.channel, identities: m.identities,
                sharedFeatures: source?.knownFeatures(seq) ?? engine.features(m), rootTicketId: root.ticketId, rootReceiptNo: root.receiptNo,
                rootReceivedAt: root.receivedAt, rootOpen: DedupEngine.isOpen(root.status), rootClusterId: root.clusterId,
                clusterId: m.clusterId, rootSeq: found == nil ? seq : m.rootSeq)
            self.made[seq] = made
            return made
        }
    }
}

extension Array where Element: Equatable {
    /// Drops each element equal to the one before it (on a sorted array: every repeat).
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for i in 1..<count where self[i] != self[kept - 1] {
            self[kept] = self[i]
            kept += 1
        }
        removeSubrange(kept...)
    }
}
