import Foundation
import IntakeCore

/// What the engine compares of one ticket: its text reduced to shingles, topics, request type and place.
public struct MatterFeatures: Sendable, Equatable {
    /// `MatchText.normalize` of subject and text.
    public var matchText: String
    public var shingles: [UInt64]
    public var topics: Set<MatterTopic>
    public var requestType: RequestType
    /// WGS-84.
    public var point: GeoPoint?
    /// `AddressKey.normalize` of the address.
    public var address: String?
    /// `AddressKey.placeKey` of the address.
    public var place: String?
    /// The districts the address named before `AddressKey.normalize` removed them (`AddressKey.normalizeKeepingDistricts`);
    /// also in `structure.districts`.
    public var addressDistricts: Set<String> = []
    /// The address as the index stores it, with its districts (`AddressKey.stored(_:districts:)`).
    public var storedAddress: String? { address.map { AddressKey.stored($0, districts: addressDistricts) } }
    /// Places named in the text or the address (`牛湖新村`, `翻身路`, `潭头市场`): how a report without
    /// coordinates says where it is.
    public var namedPlaces: Set<String>
    /// Short forms of the places named (`PlaceNames.read`): `长坡市场` for 长坡农贸市场 and 长坡菜市场.
    public var placeAliases: Set<String>
    /// Places the text names only as the neighbour of where it is (`百货大楼东边隔壁`, `邮局对面`: `landmarks(_:in:)`).
    public var landmarks: Set<String> = []
    /// Roads, crossings, buildings, units and rooms the address and the text name.
    public var structure: PlaceStructure
    /// `MatterLexicon` sub-matters (`social.card`, `water.burst`).
    public var subMatters: Set<String>
    /// The sub-matters proper the report names only inside the places it names (人才公寓 in `星桥人才公寓A栋`, housing.talent):
    /// they say where, not what happens there (`placeNameMatters(_:in:of:)`).
    public var placeNameMatters: Set<String> = []
    /// The topic the text names first.
    public var primaryTopic: String?
    /// What the text asks to do (`MatterLexicon.procedures`: replace, activate, renew, ...).
    public var procedures: Set<String>
    /// Where the place is for the caller (`home`, `work`, `school`), from words like 我家楼下 or 上班路上: one caller's
    /// pothole outside home and one on the way to work are two matters even when neither names the street.
    public var callerPlaces: Set<String>
    /// The sub-matter the text names first (`MatterLexicon.Reading.primarySubMatter`).
    public var primarySubMatter: String?
    /// The text refers to an earlier contact (`上次反映的`, `前几天问的那个`, `处理得怎么样了`): whatever its request
    /// type, it asks after a matter already reported.
    public var refersToEarlier: Bool
    /// The report says it is about another matter than the caller's earlier one (`另外想问`, `另一个事`, `还想问`). On a
    /// new submission also when the text as sent asks another question now (`EarlierContact.asksAnotherNow`:
    /// `现在想问一下…`, which the match text, its fillers dropped, no longer says) or says the matter named is not this
    /// one (`EarlierContact.notThatMatter`: `不是烧烤的事，…`); the rules read it on the new submission only.
    public var saysAnotherMatter: Bool
    /// The report says the problem is the caller's own flat only (`就我们家没有`, `邻居家都有`): no incident.
    public var onlyMine: Bool
    /// The report says the problem reaches beyond one flat or building (`整个小区`, `几栋楼都`, `附近都`).
    public var wide: Bool
    /// A short follow-up that names no matter of its own (`怎么还没处理`, `又打来问，到底有没有人管`): it can only be
    /// about something the caller reported before.
    public var isFollowUp: Bool
    /// Vehicle plates named (`车牌尾号3527`, `车牌号川a12345`), as their letters and digits: two reports naming
    /// different plates are about two vehicles.
    public var plates: Set<String>
    /// The kinds of business named (`MatterLexicon.trades`: a grill, a KTV).
    public var trades: Set<String>
    /// The report points in so many words at the caller's earlier contact or matter (`EarlierContact`: `上周说的事呢`,
    /// `民宿那个事`, `补充：…`). Read from the text as sent, so only a new submission's features have it (false when
    /// rebuilt from a stored ticket's match text): the rules read it on the new submission only.
    public var citesEarlier = false
    /// The supplies the report says came back (`我们家水是来了，但是…`, `电来了，但是水还是没有`), as their cuts'
    /// sub-matters (`water.outage`): it tells what came after the cut (yellow water, a tap left open upstairs), not the
    /// cut, though it names it.
    public var suppliesBack: Set<String> = []
    /// A question that asks what the caller must do or bring to get something done for himself (`要办啥手续`, `营业执照
    /// 怎么办`, `去哪申请`, `要带什么材料`): his own standing, not something happening where he names (`formalityMarkers`).
    public var asksFormalities = false
    /// The report says the trouble is many people's, not the caller's own (`全村`, `好多户`, `大家都`, `我们这些`):
    /// read where a matter is otherwise each person's own entitlement (`DedupRules.ownEntitlementsOnly`).
    public var collective = false
    /// The runs of the match text's words a report is indexed by or asks (`DedupEngine.wordKeys`), read once with the
    /// rest: a decision asks them (`DedupEngine.nameKeysAsked`, `askedWordKeys`) and then indexes the report by them.
    public var wordKeys: [String] = []

    /// How much of a report the engine reads. Matching needs the gist, not a whole letter; the bounds keep every
    /// comparison (which runs on the writer thread) a small constant whatever a public form or a mail carries.
    public enum Limits {
        /// Characters of subject and text, together.
        public static let textCharacters = 2_000
        /// Characters of the address.
        public static let addressCharacters = 200
        /// Places named in the text (the first ones, in reading order).
        public static let namedPlaces = 16
    }

    public init(text: String, subject: String? = nil, requestType: RequestType, location: Location?) {
        var joined = subject.map { Self.prefix($0, Limits.textCharacters) + " " } ?? ""
        // (No more bytes than characters are left: the whole text, without counting characters.)
        joined += joined.utf8.count + text.utf8.count <= Limits.textCharacters
            ? text : String(text.prefix(Limits.textCharacters - min(joined.count, Limits.textCharacters)))
        // What `EarlierContact` reads is the same joined text when both are short (most reports): normalized once.
        let sent: String?, normalized: String
        if EarlierContact.readsWhole(subject: subject, text: text) {
            let both = TextNormalizer.normalizedBothCases(joined)
            (sent, normalized) = (both.normalized, MatchText.normalize(normalizedLowercased: both.lowercased))
        } else {
            (sent, normalized) = (nil, MatchText.normalize(joined))
        }
        let read = location?.address.map { AddressKey.normalizeKeepingDistricts(Self.prefix($0, Limits.addressCharacters)) }
        let address = read.flatMap { $0.address.count >= 2 ? $0.address : nil }
        self.init(matchText: normalized, topics: [], requestType: requestType, point: GeoPoint(location), address: address,
                  place: address.flatMap(AddressKey.placeKey), addressDistricts: address == nil ? [] : read?.districts ?? [])
        let earlier = sent.map(EarlierContact.read(normalized:)) ?? EarlierContact.read(subject: subject, text: text)
        citesEarlier = earlier.cites
        // A caller asking another question now (`另外想问一下…`), which the match text no longer says (its fillers dropped),
        // or saying the matter named is not this one (`不是烧烤的事`, `这次是楼道灯`): no chase, and no follow-up.
        if earlier.another {
            saysAnotherMatter = true
            refersToEarlier = false
            isFollowUp = false
        }
    }

    /// Rebuilds features from stored parts (the index keeps the normalized text, not the shingles). Topics, sub-matters
    /// and the place's structure are read again from the text and address, so a richer lexicon applies to stored
    /// tickets too; `topics` read before are kept.
    public init(matchText: String, topics: Set<MatterTopic>, requestType: RequestType, point: GeoPoint?, address: String?,
                place: String?, addressDistricts: Set<String> = []) {
        // Rows written before the limits existed may hold more; read no more than a new report would give.
        let matchText = matchText.utf8.count > Limits.textCharacters && matchText.unicodeScalars.count > Limits.textCharacters
            ? String(String.UnicodeScalarView(matchText.unicodeScalars.prefix(Limits.textCharacters))) : matchText
        let address = address.map { Self.prefix($0, Limits.addressCharacters) }
        self.matchText = matchText
        self.shingles = MatchText.shingles(ofNormalized: matchText)
        let reading = MatterLexicon.read(normalized: matchText)
        self.topics = topics.union(reading.topics)
        self.subMatters = reading.subMatters
        self.primaryTopic = reading.primaryTopic
        self.primarySubMatter = reading.primarySubMatter
        self.procedures = reading.procedures
        self.trades = reading.trades
        self.requestType = requestType
        self.point = point
        self.address = address
        self.place = place
        // (The scalars of the text and the address, decoded once for their places and their structure.)
        let textScalars = matchText.scalarValues, addressScalars = address?.scalarValues
        var (named, aliases) = PlaceNames.read(scalars: textScalars, limit: Limits.namedPlaces)
        let namedInText = named
        if let addressScalars {
            let fromAddress = PlaceNames.read(scalars: addressScalars, limit: Limits.namedPlaces)
            named.formUnion(fromAddress.names)
            aliases.formUnion(fromAddress.aliases)
        }
        if let place { named.insert(place) }
        if let address, let after = PlaceNames.afterRoad(inAddress: address) { named.insert(after) }
        for name in named {
            if let short = PlaceNames.withoutTown(name) { aliases.insert(short) }
            if let yard = PlaceNames.compound(name) { aliases.insert(yard) }
            if let bridge = PlaceNames.bridge(name) { aliases.insert(bridge) }
        }
        aliases.formUnion(PlaceNames.numberedSchools(scalars: textScalars))
        if let place, let estate = PlaceNames.estateStem(place) { aliases.insert(estate) }
        if let addressScalars { aliases.formUnion(PlaceNames.numberedSchools(scalars: addressScalars)) }
        self.namedPlaces = named
        self.placeAliases = aliases
        self.landmarks = Self.landmarks(namedInText.filter { $0 != place && !(address?.includes($0) ?? false) }, in: matchText)
        self.placeNameMatters = Self.placeNameMatters(named, in: matchText, of: reading.subMatters)
        let fromText = PlaceStructure.parse(scalars: textScalars)
        var structure = addressScalars.map { PlaceStructure.parse(scalars: $0).merged(fromText, addressFirst: true) } ?? fromText
        if !addressDistricts.isEmpty {
            var named = PlaceStructure()
            named.districts = addressDistricts
            structure = structure.merged(named)
        }
        self.structure = structure
        self.addressDistricts = addressDistricts
        // Where the one road a report names passes under or over the railway (`铁路桥`, `火车桥`, `铁路下穿`): one spot
        // of that road however called.
        let roads = named.filter(MatterComparison.isRoad)
        let whole = roads.filter { r in !roads.contains { $0 != r && $0.hasSuffix(r) } }
        // Likewise its tunnel or underpass (`渔港路下穿隧道` / `渔港路那个隧道`).
        if whole.count == 1, let road = whole.first {
            // (Searched in the bytes, `includes`: Foundation's `contains` cost some 23,000 instructions a word.)
            for (label, words) in Self.roadSpots where words.contains(where: { matchText.includes($0) || (address?.includes($0) ?? false) }) {
                self.placeAliases.insert(road + "/" + label)
            }
        }
        let found = Self.markers.occurrences(in: Array(matchText.utf8))
        var at = 0
        func any(_ list: [[UInt8]]) -> Bool {
            defer { at += list.count }
            return found[at..<(at + list.count)].contains(true)
        }
        var callerPlaces: Set<String> = []
        for (k, w) in Self.callerPlaceWords.enumerated() where found[k] { callerPlaces.insert(w.place) }
        self.callerPlaces = callerPlaces
        self.plates = []
        at = Self.callerPlaceWords.count
        // `还在` right after the hour (`晚上十点了还在用电钻`, `半夜还在打桩`) says how late the nuisance goes on, as a first
        // report does: no chase unless another word says so.
        let stillAt = at + Self.stillAtMarker
        let chasing = found[at..<(at + Self.followUpMarkers.count)].indices.contains { found[$0] && $0 != stillAt }
            || (found[stillAt] && !Self.stillAtOnlyAfterTheHour(matchText)) || Self.saysItPersists(matchText)
        at += Self.followUpMarkers.count
        let earlier = any(Self.earlierContactMarkers)
        self.onlyMine = any(Self.onlyMineMarkers)
        self.wide = any(Self.wideMarkers)
        // (Every list is asked in the order of `markers`, unconditionally: `any` walks through them.)
        // A text that opens with `还有` (`还有个事`, `还有临时救助…`) or `另外` (`另外三官庙村…的路灯也不亮`) adds a matter to
        // what the caller said before.
        let anotherMatter = any(Self.newMatterMarkers) || Self.alsoLeads.contains { matchText.utf8.starts(with: $0) }
        self.refersToEarlier = (chasing || earlier) && !anotherMatter
        self.saysAnotherMatter = anotherMatter
        // Plates are read only where the one pass over the markers found a plate word.
        if any(Self.plateMarkers) { self.plates = Self.plates(inNormalized: matchText) }
        for (k, w) in Self.supplyBackWords.enumerated() where found[at + k] && Self.saysBack(matchText, w.word) { self.suppliesBack.insert(w.cut) }
        at += Self.supplyBackWords.count
        self.asksFormalities = any(Self.formalityMarkers) && requestType == .consultation
        self.collective = any(Self.collectiveMarkers)
        // Thanks are not chasing anything.
        // Nor is a report that says it is about another matter (`还有个事，…还没打卡上`) a follow-up.
        // A short report without a matter of its own that says something goes on or happens again (`楼上又在打墙了`,
        // `人还关在里面`, `屋顶还漏`) is a follow-up too, though no chasing word is in it.
        self.isFollowUp = reading.topics.isEmpty && matchText.count <= Self.followUpCharacters
            && (chasing || (requestType != .consultation && Self.saysItGoesOn(matchText))) && requestType != .praise && !anotherMatter
        self.wordKeys = DedupEngine.wordKeys(self)
    }

    /// Of `names`, those `text` names only right before a word that puts the report next door to them (`隔壁`, `对门`,
    /// after a side or not: `百货大楼东边隔壁`): the place next door is where it is, the name only finds it. (A name the
    /// address gives is where the report is. Across the way, `对面`, is as often the same road or square.)
    static func landmarks(_ names: @autoclosure () -> Set<String>, in text: String) -> Set<String> {
        // (Asked of every report: the bytes searched, not Foundation's `contains`, whose locale-aware search cost more
        // than the rest of reading a report's places; the names sorted out only when one of the words is there.)
        guard text.includes("隔壁") || text.includes("对门") else { return [] }
        return names().filter { name in
            var found = false
            var rest = text[...]
            while let r = rest.range(of: name) {
                var after = rest[r.upperBound...]
                if let side = after.first, "东南西北".contains(side) {
                    after = after.dropFirst()
                    if after.first == "边" || after.first == "面" { after = after.dropFirst() }
                }
                guard beside.contains(where: { after.hasPrefix($0) }) else { return false }
                found = true
                rest = rest[r.upperBound...]
            }
            return found
        }
    }

    static let beside = ["隔壁", "对门"]

    /// Of `subMatters`, the proper ones the text names only inside `names` (the places it names): the text is read
    /// again without the names only when a name holds such a sub-matter's word (most names hold none).
    static func placeNameMatters(_ names: Set<String>, in text: String, of subMatters: Set<String>) -> Set<String> {
        // (Most reports name no sub-matter proper: asked before a set of them is made.)
        guard subMatters.contains(where: MatterLexicon.isProper) else { return [] }
        let proper = subMatters.filter(MatterLexicon.isProper)
        guard !proper.isEmpty,
              names.contains(where: { !MatterLexicon.read(normalized: $0).subMatters.isDisjoint(with: proper) }) else { return [] }
        let beside = names.sorted { ($0.count, $0) > ($1.count, $1) }.reduce(text) { $0.replacingOccurrences(of: $1, with: " ") }
        return proper.subtracting(MatterLexicon.read(normalized: beside).subMatters)
    }

    /// `还` or `又` before a verb (`还漏`, `还关在`, `又在`, `又吵`): the thing goes on or happens again. Not `还是`,
    /// `还有`, `还要` and the like, which say "or", "also" or "want", nor `还` ending a word (`返还`, `归还`). One pass;
    /// read only on short reports that ask nothing (a long first report says as much of its own matter: `说了还骂人`).
    static func saysItGoesOn(_ text: String) -> Bool {
        var before: Unicode.Scalar = " ", last: Unicode.Scalar = " "
        for s in text.unicodeScalars {
            if last == "还" || last == "又", (0x4E00...0x9FFF).contains(s.value), !notAVerbAfterStill.contains(s),
               !(last == "还" && wordsEndingInHuan.contains(before)) { return true }
            before = last
            last = s
        }
        return false
    }
    static let wordsEndingInHuan: Set<Unicode.Scalar> = Set("返归偿退交送奉发".unicodeScalars)
    static let notAVerbAfterStill: Set<Unicode.Scalar> = Set("是有要想可能会得和跟好行挺很蛮算请给把让需用应该以多少".unicodeScalars)

    /// The first `n` characters of `s`; `s` itself when it has no more bytes than that (grapheme breaking, which
    /// counting characters needs, is a good part of reading a short report).
    static func prefix(_ s: String, _ n: Int) -> String { s.utf8.count <= n ? s : String(s.prefix(n)) }

    /// The plates after 尾号 or 车牌(号) (an optional 是/为 between), or written whole (a province, a letter, 5 or 6
    /// letters and digits), at most four, each its last letters and digits (3 to 8 of them). One pass.
    static func plates(inNormalized text: String) -> Set<String> {
        var found: Set<String> = []
        let c = Array(text.unicodeScalars)
        var i = 0
        while i + 2 < c.count, found.count < 4 {
            let tail = c[i] == "尾" && c[i + 1] == "号"
            let plate = c[i] == "车" && c[i + 1] == "牌"
            // A whole plate by its shape: a province, a letter, then letters and digits (5 or 6 of them).
            let shape = !tail && !plate && Self.plateProvinces.contains(c[i]) && c[i + 1].isASCII && c[i + 1].properties.isAlphabetic
            guard tail || plate || shape else { i += 1; continue }
            var j = shape ? i + 1 : i + 2
            if plate, j < c.count, c[j] == "号" { j += 1 }
            if j < c.count, c[j] == "是" || c[j] == "为" { j += 1 }
            // A full plate starts with its province (川, 粤): skip one ideograph before the letters.
            if plate, j + 1 < c.count, (0x4E00...0x9FFF).contains(c[j].value), c[j + 1].isASCII { j += 1 }
            var id = String.UnicodeScalarView()
            while j < c.count, id.count < 8, c[j].isASCII, c[j].properties.isAlphabetic || ("0"..."9").contains(c[j]) {
                id.append(c[j])
                j += 1
            }
            if id.count >= (shape ? 6 : 3) { found.insert(String(id)) }
            i = max(j, i + 2)
        }
        return found
    }

    /// Every marker word, looked for in one pass: caller places, follow-up, earlier contact, only mine, wide, new
    /// matter, plate words, supply back, formalities, collective, in that order.
    static let markers = NeedleSet(callerPlaceWords.map(\.word) + followUpMarkers + earlierContactMarkers + onlyMineMarkers + wideMarkers
        + newMatterMarkers + plateMarkers + supplyBackWords.map(\.word) + formalityMarkers + collectiveMarkers)
    /// A supply come back (`来水了`, `电是来了`), with its cut's sub-matter; not when denied or asked (`怎么又不来水了`,
    /// `水来了没有`: `saysBack`).
    static let supplyBackWords: [(word: [UInt8], cut: String)] = [
        ("来水了", "water.outage"), ("水来了", "water.outage"), ("水是来了", "water.outage"), ("水倒是来了", "water.outage"),
        ("已经来水", "water.outage"), ("来电了", "power.outage"), ("电来了", "power.outage"), ("电是来了", "power.outage"),
        ("电倒是来了", "power.outage"), ("已经来电", "power.outage"), ("来气了", "gas.outage"), ("气是来了", "gas.outage"),
        ("已经来气", "gas.outage"),
    ].map { (Array($0.0.utf8), $0.1) }
    /// Words saying a trouble is many people's (match-normalized): a village, a crew, households, everybody.
    static let collectiveMarkers: [[UInt8]] = ["全村", "整个村", "我们村", "村里人都", "村民都", "好多户", "好几户", "很多户",
                                               "好多人", "很多人", "好几个人", "大家都", "家家都", "集体", "我们这些", "十几个人",
                                               "几十个人", "工人们", "工友", "全厂"].map { Array($0.utf8) }
    /// Words of the formalities a caller asks for himself (match-normalized): the papers to get (`手续`, `执照`, `证照`,
    /// `办证`), an application (`申请`), what to bring (`要带`, `带什么`, `哪些材料`), an appeal (`申诉`, `复议`). Not a permit asked about someone
    /// else (`有没有夜间施工许可`: a complaint about a site's nights).
    static let formalityMarkers: [[UInt8]] = ["手续", "执照", "证照", "办证", "申请", "要带", "带什么", "带啥", "什么材料", "哪些材料",
                                              "啥材料",
                                              // Where and how to get it done, on what terms (`营业执照在哪里办`, `要什么条件`).
                                              "在哪办", "哪里办", "去哪办", "哪儿办", "怎么办理", "如何办理", "办理流程", "什么条件",
                                              "哪些条件", "怎么申领", "在哪里领", "去哪领", "怎么领",
                                              // Contesting a decision on himself (a fine, points off his licence, a fee
                                              // charged): his own case, whatever happening at the place he cites for it
                                              // (`那个灯是坏的，这个咋个申诉`).
                                              "申诉", "复议"].map { Array($0.utf8) }
    static let deniedBefore: Set<Unicode.Scalar> = Set("不没未".unicodeScalars)
    static let askedAfter: Set<Unicode.Scalar> = Set("吗没么".unicodeScalars)

    /// `word` stands in `text` (normalized) not denied before it (`又不来水了`) and not asked after it (`水来了吗`).
    static func saysBack(_ text: String, _ word: [UInt8]) -> Bool {
        let w = String(decoding: word, as: UTF8.self)
        var from = text.startIndex
        while let r = text.range(of: w, range: from..<text.endIndex) {
            let before = text[..<r.lowerBound].unicodeScalars.last, after = text[r.upperBound...].unicodeScalars.first
            if !(before.map(deniedBefore.contains) ?? false) && !(after.map(askedAfter.contains) ?? false) { return true }
            from = r.upperBound
        }
        return false
    }
    /// Plate words, and vehicles whose plate a caller writes without one (`出租车贵JT5196的司机`).
    static let plateMarkers: [[UInt8]] = ["尾号", "车牌", "出租车", "的士", "网约车", "货车", "渣土车"].map { Array($0.utf8) }
    /// The provinces' one-character abbreviations that begin a plate (`粤B12345`).
    static let plateProvinces: Set<Unicode.Scalar> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".unicodeScalars)
    static let callerPlaceWords: [(word: [UInt8], place: String)] = callerPlaceNames.map { (Array($0.word.utf8), $0.place) }
    static let callerPlaceNames: [(word: String, place: String)] = [
        ("我家", "home"), ("家门口", "home"), ("家楼下", "home"), ("家附近", "home"), ("家里", "home"), ("我们小区", "home"),
        ("住的小区", "home"), ("楼下", "home"), ("上班", "work"), ("下班", "work"), ("在公司", "work"), ("我们公司", "work"),
        ("公司门口", "work"), ("公司楼下", "work"), ("公司附近", "work"), ("我单位", "work"), ("单位门口", "work"), ("厂里", "work"),
        ("孩子学校", "school"), ("学校门口", "school"), ("幼儿园门口", "school"),
    ]

    /// Words saying only the caller's home has the problem, and words saying it is wider (match-normalized).
    static let onlyMineMarkers: [[UInt8]] = ["就我们家", "就我家", "只有我家", "只有我们家", "他们家都有", "邻居家都有", "别人家都有",
                                             "邻居都有"].map { Array($0.utf8) }
    static let wideMarkers: [[UInt8]] = ["整个小区", "全小区", "整栋", "全楼", "几栋楼", "好几栋", "整片", "附近都", "周边都",
                                         "邻居家也", "邻居也", "全村", "整条街", "整个楼"].map { Array($0.utf8) }

    /// Spots a road has one of: where it meets the railway, its tunnel or underpass.
    static let roadSpots: [(label: String, words: [String])] = [
        ("铁路", ["铁路桥", "火车桥", "铁路下穿", "下穿铁路", "铁路涵洞", "铁路立交", "铁路桥洞"]),
        ("隧道", ["隧道", "下穿通道"]),
    ]

    /// `还` and a verb with `着` (`还敞着`, `还挂着`, `还堵着呢`), or `还是` before a state (`还是黑的`, `还是不通`, `还是冰`,
    /// `还是那样`): what was reported is still so. Not `还是` offering one of two (`是按月发还是按年发`, `去社区还是街道`):
    /// a `是` earlier in its clause, or no state after it. One pass.
    static func saysItPersists(_ text: String) -> Bool {
        var last2: Unicode.Scalar = " ", last1: Unicode.Scalar = " "
        // Whether the clause so far (since the last space, which stands for a mark) has a `是` of its own.
        var clauseHasShi = false, shiBeforeStill = false
        for s in text.unicodeScalars {
            if s == "着", last2 == "还", (0x4E00...0x9FFF).contains(last1.value) { return true }
            if last2 == "还", last1 == "是", !shiBeforeStill, stateAfterStill.contains(s) { return true }
            if s == " " { clauseHasShi = false }
            if s == "是" {
                // The `是` of `还是` is not the question's own `是`.
                shiBeforeStill = clauseHasShi
                if last1 != "还" { clauseHasShi = true }
            }
            last2 = last1
            last1 = s
        }
        return false
    }

    /// What follows `还是` when it means "still": a negation, `一样`/`那样`/`老样子`/`照样`/`原样`, a degree, or a state a
    /// report names (dark, broken, cold, blocked, yellow, leaking, crooked, full, noisy, open...).
    static let stateAfterStill: Set<Unicode.Scalar> = Set("没不一那老照原很太黑坏停凉冰堵乱黄浑臭漏歪积满堆脏湿冷吵响滴开敞断亮翘晃关占".unicodeScalars)

    /// The longest text read as a bare follow-up.
    static let followUpCharacters = 40
    /// Words of a caller asking after an earlier report (match-normalized: digits, no punctuation).
    static let followUpMarkers: [[UInt8]] = followUpPhrases.map { Array($0.utf8) }
    /// `还在`'s place in `followUpPhrases`.
    static let stillAtMarker = followUpPhrases.firstIndex(of: "还在")!

    /// Whether every `还在` of the text comes right after the hour: `点` (`10点了还在`, `1点多还在`, `9点半了还在`),
    /// `夜` or `凌晨` (`半夜还在`, `凌晨还在`), `了`, `多`, `半` between. One pass.
    static func stillAtOnlyAfterTheHour(_ text: String) -> Bool {
        let c = Array(text.unicodeScalars)
        var any = false
        for i in c.indices.dropLast() where c[i] == "还" && c[i + 1] == "在" {
            any = true
            var k = i
            while k > 0, k > i - 3, "了多半".unicodeScalars.contains(c[k - 1]) { k -= 1 }
            guard k > 0, "点夜晨".unicodeScalars.contains(c[k - 1]) else { return false }
        }
        return any
    }
    static let followUpPhrases = ["怎么还", "还没", "还是没", "还是老样子", "还是一样", "又打", "又来问", "又问", "到底", "依旧", "依然",
                                  "再次", "第2次", "第3次", "第4次", "上次", "管不管", "修不修", "有人去了吗", "没人管", "没人来",
                                  "没有回复", "没回复", "进展", "进度", "怎么样了", "催", "处理了吗", "一直没", "仍然", "仍未", "还在",
                                  "没人回", "没答复", "没有答复", "没回音", "没下文", "照样", "照旧",
                                  // Nothing done since (`至今未见处理`, `没有任何改变`), and who was to come (`说好今天来，人呢`).
                                  "未见处理", "未见回复", "未见答复", "至今没人", "至今无人", "至今未见", "没有任何改变", "没有改变",
                                  "没有变化", "没变化", "人呢",
                                  // A letter's words for no answer yet (`尚未收到回复`, `至今未获回复`).
                                  "尚未回复", "尚未收到", "尚未答复", "未获回复", "未获答复", "未收到回复", "尚无回复",
                                  // It happens again (`又有了`, `又来了`, `又在打桩`, `又是那个锅炉`: 那个 is a filler, gone once normalized).
                                  "又有了", "又来了", "又开始", "又是", "又在"]
    /// Words naming an earlier contact (`前几天问的`, `已经反映过`): not a bare follow-up by themselves (a short
    /// `前几天在公园丢了钱包` is a new matter), but a question with them asks after that contact.
    static let earlierContactMarkers: [[UInt8]] = ["前几天", "前两天", "几天前", "前天问", "前天报", "前天打", "前天发", "昨天问",
                                                   "昨天报", "昨天打", "昨晚打", "昨晚报", "之前问", "之前反映", "之前说", "发短信说",
                                                   "打电话说", "反映过", "投诉过", "报过", "提交过", "已经反映", "来信", "打过", "打的电话",
                                                   "反映的", "问过", "报修过", "还是我", "反映2回", "反映2次", "打了2回",
                                                   "打了3回", "打了2次", "打了3次", "又是我", "发过邮件", "发过短信", "发过信息", "留过言",
                                                   "发了邮件", "写过信", "报的110", "打的110", "报过110", "昨天晚上报", "昨天晚上打",
                                                   "提过", "写信反映", "电话说的"]
        .map { Array($0.utf8) }
    /// Words of a caller turning to another matter after naming an earlier one (`前几天问过社保卡，今天问另一个`):
    /// the report does not chase that contact.
    static let newMatterMarkers: [[UInt8]] = ["另一个", "另外1个", "另1个", "这次想问", "这次问", "再问个", "还想问", "顺便问",
                                              "顺便投诉", "顺便反映", "这次反映", "这次投诉", "还有个事", "还有1个事", "另外反映",
                                              "另外投诉", "另外还有", "另外想问", "另外问", "再问1个", "另有1事", "另有1件事",
                                              // One more question or matter in other words of asking and reporting
                                              // (`再咨询一个问题：…`, `再请教一个问题`, `我再反映个事儿`, `另外一件事，…`,
                                              // `还有个问题，…`, `另外咨询：…`): not `再咨询一下`, which may ask the same again.
                                              "再咨询1个", "再咨询个", "再请教1个", "再请教个", "再反映1个", "再反映个", "再投诉1个",
                                              "再投诉个", "另外1件事", "另1件事", "还有1件事", "还有个问题", "还有1个问题", "另外咨询",
                                              "顺便咨询", "顺带问", "换个问题"].map { Array($0.utf8) }

    static let alsoLeads = [Array("还有".utf8), Array("另外".utf8)]

    public init(_ submission: Submission) {
        self.init(text: submission.text, subject: submission.subject, requestType: submission.requestType,
                  location: submission.location)
    }

    public init(_ ticket: Ticket) {
        self.init(text: ticket.text, subject: ticket.subject, requestType: ticket.requestType, location: ticket.location)
    }

    public var hasLocation: Bool { point != nil || place != nil }
    /// A point, an address or a place named in the text.
    public var hasAnyPlace: Bool { hasLocation || !namedPlaces.isEmpty }
    /// The named places the index keys a ticket by (the address's place first, then the shortest names).
    public var placeKeys: [String] {
        var keys = place.map { [$0] } ?? []
        // Short forms first: the key two reports naming one place in two ways share.
        for alias in placeAliases.sorted() where !keys.contains(alias) && keys.count < 3 { keys.append(alias) }
        for name in namedPlaces.sorted(by: { ($0.count, $0) < ($1.count, $1) }) where !keys.contains(name) && keys.count < 6 {
            keys.append(name)
        }
        return keys
    }
}

/// How two reports' places relate.
public enum PlaceRelation: Sendable, Equatable {
    /// Both have points within the distance asked for.
    case near(meters: Double)
    /// The same normalized address, or the same place key.
    case sameAddress(String)
    /// Points farther apart than the far distance, or different places by address.
    case different(String)
    /// Points between near and far, or one side without a location.
    case unknown(String?)

    public var isSame: Bool {
        switch self {
        case .near, .sameAddress: return true
        default: return false
        }
    }
}

/// The comparison of two reports, with a score in 0...1 and the reasons that produced it.
public struct MatterComparison: Sendable {
    public var textSimilarity: Double
    public var sharedTopics: [MatterTopic]
    /// Both had topics and none is shared.
    public var topicConflict: Bool
    public var place: PlaceRelation
    /// A part of the place both name and disagree on (`PlaceStructure.conflict`), or different roads: another place
    /// whatever the words say.
    public var placeConflict: String?
    public var sharedSubMatters: [String]
    /// Both name sub-matters and share none: different matters (社保卡补办 / 社保缴费基数); says which.
    public var subMatterDifference: String?
    public var subMatterConflict: Bool { subMatterDifference != nil }
    /// Each names first a topic the other names too.
    public var primaryShared: Bool
    /// One caller's two reports place themselves differently for the caller (near home / on the way to work).
    public var callerPlaceConflict: Bool
    /// Both name vehicle plates and none is the same (one ends the other: 尾号3527 / 川a13527 are one): two vehicles.
    public var plateConflict: Bool
    /// Both name kinds of business and none is the same (a grill / a hotpot restaurant): two sources of a nuisance.
    public var tradeConflict: Bool
    /// Both name sub-matters and each names first a sub-matter the other does not name at all (the stall's fumes /
    /// the stall's tables on the pavement): what each is mainly about differs.
    public var primaryDiffers: Bool
    /// One names a sub-matter and the other none of that topic's sub-matters: the words must say the rest.
    public var subMatterOnOneSide: Bool
    /// The first (new) report names first a sub-matter proper that the second, which names sub-matters proper too, does
    /// not name at all.
    public var firstPrimaryNew: Bool
    /// The first (new) report names a procedure (a reimbursement, a certificate) and the second none.
    public var firstAsksAProcedure: Bool
    /// The first report (the new one) says it follows an earlier contact (`到底管不管`, `前几天反映过`).
    public var firstRefersToEarlier: Bool
    /// Both ask for procedures and none is the same (补办 / 激活): for two consultations, two questions.
    public var procedureConflict: Bool
    /// The first (new) report asks for another procedure (`procedureConflict`) and names a sub-matter the second does
    /// not (`社保缴费基数怎么算` after `社保卡丢了咋补办`): another thing asked, whatever it says of the earlier contact.
    public var asksAnotherProcedure: Bool
    /// Both name sub-matters first and not the same one (残疾人补贴 / 残疾证): for two consultations, two questions
    /// even when one names the other's in passing (`残疾证下来以后`).
    public var primarySubMattersDiffer: Bool
    /// What each is mainly about agrees: each names first a sub-matter the other names too, or the two name first
    /// sub-matters of one happening (`MatterLexicon.oneFamily`: a burst main and the flooded street), or one names
    /// none but where it happened (`人行道上`). (`primaryDiffers` is weaker: it needs both to name first what the other
    /// lacks.)
    public var primariesAgree: Bool
    /// Each names first another sub-matter of one happening (`MatterLexicon.oneFamily`: the burst pipe / the flooded
    /// basement, the power cut / the dark stairwell): for one caller, one matter told as it went on (`facesOfOne(_:_:)`).
    public var facesOfOne: Bool
    public var sameType: Bool?
    public var score: Double
    /// The score with faces of one happening (`facesOfOne`) counted as sharing their topic: each tells the happening
    /// by the face it saw (the burst main's 供水 / the flooded street's 排水), so their words share no topic though the
    /// happening is one. `score` where they are no faces, or share a topic already. (For the rules that take faces as
    /// one matter: `DedupRules.clusterMatch` within the burst; computed when asked, as few comparisons are of faces.)
    public var scoreAsFaces: Double {
        facesOfOne && topicConflict ? Self.score(textSimilarity: textSimilarity, topicScore: 1, place: place, sameType: sameType) : score
    }

    /// Weights of the score; they sum to 1.
    static let wText = 0.45, wTopic = 0.3, wPlace = 0.25
    /// What the score keeps when the two are of different request types: a complaint and a request for help can be
    /// one matter, but a different type still counts a little against it.
    static let otherTypeFactor = 0.9
    /// Text similarity at which the text part of the score is full: paraphrases of one matter measured 0.1–0.6
    /// on the evaluation set, different matters mostly below 0.15.
    static let textSaturation = 0.4

    /// (The two are borrowed: an initializer's arguments are otherwise its own, and the rules compare a decision's
    /// subject with every candidate, so each call would copy both features.)
    public init(_ a: borrowing MatterFeatures, _ b: borrowing MatterFeatures, nearMeters: Double, farMeters: Double) {
        self.init(a, b, place: Self.relate(a, b, nearMeters: nearMeters, farMeters: farMeters))
    }

    /// The comparison of two reports whose place relation (`relate`) is known already: the rules relate the places
    /// first and compare the rest only at one place (`DedupSubject.comparisonAtOnePlace`).
    init(_ a: borrowing MatterFeatures, _ b: borrowing MatterFeatures, place: PlaceRelation) {
        textSimilarity = MatchText.similarity(a.shingles, b.shingles)
        sharedTopics = a.topics.intersection(b.topics).sorted()
        topicConflict = !a.topics.isEmpty && !b.topics.isEmpty && sharedTopics.isEmpty
        self.place = place
        placeConflict = a.structure.conflict(with: b.structure) ?? Self.roadConflict(a, b)
        sharedSubMatters = a.subMatters.intersection(b.subMatters).sorted()
        // The pavement says where as often as what (`人行道的雪没扫` / `门口还是没扫雪`): it conflicts with nothing.
        // (Whether each names one besides the pavement, asked without building the sets.)
        let whatA = a.subMatters.contains { !MatterLexicon.placeLike.contains($0) }
        let whatB = b.subMatters.contains { !MatterLexicon.placeLike.contains($0) }
        if whatA && whatB && sharedSubMatters.isEmpty {
            let x = a.subMatters.sorted().map(MatterLexicon.label), y = b.subMatters.sorted().map(MatterLexicon.label)
            subMatterDifference = "different sub-matters: " + x.joined(separator: ",") + " / " + y.joined(separator: ",")
        } else {
            subMatterDifference = nil
        }
        // (Whether each names a sub-matter proper, asked without building the sets.)
        let properA = a.subMatters.contains(where: MatterLexicon.isProper), properB = b.subMatters.contains(where: MatterLexicon.isProper)
        primaryDiffers = properA && properB
            && a.primarySubMatter.map { !b.subMatters.contains($0) } ?? false && b.primarySubMatter.map { !a.subMatters.contains($0) } ?? false
        subMatterOnOneSide = properA != properB
        firstPrimaryNew = properB && a.primarySubMatter.map { MatterLexicon.isProper($0) && !b.subMatters.contains($0) } ?? false
        firstAsksAProcedure = !b.subMatters.contains(where: MatterLexicon.isProcedure)
            && a.subMatters.contains { MatterLexicon.isProper($0) && MatterLexicon.isProcedure($0) }
        firstRefersToEarlier = a.refersToEarlier
        procedureConflict = !a.procedures.isEmpty && !b.procedures.isEmpty && a.procedures.isDisjoint(with: b.procedures)
        asksAnotherProcedure = procedureConflict && !a.subMatters.isSubset(of: b.subMatters)
        primarySubMattersDiffer = a.primarySubMatter != nil && b.primarySubMatter != nil && a.primarySubMatter != b.primarySubMatter
        if let p = a.primarySubMatter, let q = b.primarySubMatter, !MatterLexicon.placeLike.contains(p), !MatterLexicon.placeLike.contains(q) {
            primariesAgree = (b.subMatters.contains(p) && a.subMatters.contains(q)) || MatterLexicon.oneFamily(p, q)
        } else {
            primariesAgree = true
        }
        facesOfOne = Self.facesOfOne(a.primarySubMatter, b.primarySubMatter)
        callerPlaceConflict = !a.callerPlaces.isEmpty && !b.callerPlaces.isEmpty && a.callerPlaces.isDisjoint(with: b.callerPlaces)
        tradeConflict = !a.trades.isEmpty && !b.trades.isEmpty && a.trades.isDisjoint(with: b.trades)
        plateConflict = !a.plates.isEmpty && !b.plates.isEmpty
            && !a.plates.contains { x in b.plates.contains { y in x.hasSuffix(y) || y.hasSuffix(x) } }
        primaryShared = a.primaryTopic.map { p in b.topics.contains { $0.id == p } } ?? true
            && b.primaryTopic.map { p in a.topics.contains { $0.id == p } } ?? true
        if a.requestType == .unknown || b.requestType == .unknown { sameType = nil } else { sameType = a.requestType == b.requestType }
        let topicScore = !sharedTopics.isEmpty ? 1.0 : (topicConflict ? 0.0 : 0.5)
        score = Self.score(textSimilarity: textSimilarity, topicScore: topicScore, place: place, sameType: sameType)
    }

    /// The weighted score of the words, the topics (1 shared, 0 in conflict, 0.5 unknown) and the place, for two reports
    /// of the request types compared (`sameType`).
    static func score(textSimilarity: Double, topicScore: Double, place: PlaceRelation, sameType: Bool?) -> Double {
        let placeScore: Double
        switch place {
        case .near, .sameAddress: placeScore = 1
        case .different: placeScore = 0
        case .unknown: placeScore = 0.5
        }
        let s = Self.wText * min(1, textSimilarity / Self.textSaturation) + Self.wTopic * topicScore + Self.wPlace * placeScore
        return sameType == false ? s * Self.otherTypeFactor : s
    }

    /// Whether two reports that name first these sub-matters (`MatterFeatures.primarySubMatter`) name first two faces of
    /// one happening (`MatterLexicon.oneFamily`: the burst main / the flooded street, the wire down / the power cut):
    /// the one place that says so, for the comparison (`facesOfOne`) and for the rules that ask before building it.
    static func facesOfOne(_ p: String?, _ q: String?) -> Bool {
        guard let p, let q, p != q else { return false }
        return MatterLexicon.oneFamily(p, q)
    }

    /// Both name roads, no road and no other place in common, and no crossing: two places on two roads.
    static func roadConflict(_ a: MatterFeatures, _ b: MatterFeatures) -> String? {
        let x = a.structure, y = b.structure
        guard !x.roads.isEmpty, !y.roads.isEmpty, x.roads.isDisjoint(with: y.roads), x.crossings.isEmpty, y.crossings.isEmpty
        else { return nil }
        if let p = a.place, p == b.place { return nil }
        // (An institution named only by its generic name, `实验小学`, `人民医院`, is every district's: on two roads it is two.)
        if a.namedPlaces.intersection(b.namedPlaces).contains(where: { !isRoad($0) && !PlaceNames.isBareGenericInstitution($0) }) { return nil }
        return "different roads: " + x.roads.sorted().joined(separator: ",") + " / " + y.roads.sorted().joined(separator: ",")
    }

    static func relate(_ a: MatterFeatures, _ b: MatterFeatures, nearMeters: Double, farMeters: Double) -> PlaceRelation {
        if let p = a.point, let q = b.point {
            let d = p.distance(to: q)
            if d <= nearMeters {
                // Close points, but each names a place the other does not: two neighbouring places (月光花园, 日光花园).
                if let other = differentNames(a, b) { return .different(other + ", though \(Self.meters(d)) apart") }
                return .near(meters: d)
            }
            if d > farMeters { return .different("\(Self.meters(d)) apart") }
            // Between near and far, places named differently are two places (北塘公园 / 梅园路).
            if let other = differentNames(a, b) { return .different(other + ", \(Self.meters(d)) apart") }
            // Between near and far the addresses decide, when both have one.
            if let x = a.place, let y = b.place, x == y { return .sameAddress(x) }
            return .unknown("\(Self.meters(d)) apart")
        }
        if let x = a.address, let y = b.address, x == y { return .sameAddress(x) }
        if let crossing = a.structure.crossings.intersection(b.structure.crossings).min() { return .sameAddress(crossing) }
        if let x = a.place, let y = b.place, x == y || (min(x.count, y.count) >= 3 && (x.hasPrefix(y) || y.hasPrefix(x))) {
            let shorter = x.count <= y.count ? x : y
            // A road's name before a place on it (`凤栖路` / `凤栖路北塔路口`, `中山2路` / `中山2路骑楼街`) is the road in
            // common, as below.
            if x == y || !isRoad(shorter) {
                return .sameAddress(inGroup(shorter, a, b))
            }
        }
        // One place named in two ways (长坡农贸市场 / 长坡市场).
        if let alias = sharedAlias(a, b) { return .sameAddress(inGroup(alias, a, b)) }
        // One number on one road (`人民路88号`) is one gate or compound, however each caller names what is behind it
        // (`金桂苑3号楼` / `那个小区`); another number on it is another place (`PlaceStructure.conflict`).
        if let number = a.structure.roadNumbers.intersection(b.structure.roadNumbers).min() { return .sameAddress(number) }
        if let shared = sharedName(a, b) {
            // A road is long: two reports that have only its name in common and each name a crossing or a place on
            // it the other does not (枫林路文化路口 / 文化路地铁站), or one a crossing and the other none (新华路人民路口
            // / 新华路), or one a door number on it and the other a place the first does not name (沙坝路43号 /
            // 沙坝路时代广场), are not known to be at one place on it. (A door number and the road alone often are one
            // spot told more or less exactly.)
            let numberA = !a.structure.roadNumbers.isEmpty, numberB = !b.structure.roadNumbers.isEmpty
            // Two roads both name pin one spot: where they cross, or the stretch of one between the other and a third
            // (`滨河大道驼铃路至青铜路段` / `滨河大道从驼铃路到青铜路这一段`), unless each names another crossing.
            let sharedRoads = a.structure.roads.intersection(b.structure.roads)
            if isRoad(shared), sharedRoads.count >= 2, a.structure.conflict(with: b.structure, withinOnePlace: false) == nil {
                return .sameAddress(sharedRoads.sorted().joined(separator: "/"))
            }
            if isRoad(shared)
                && (namesMoreThan(shared, a, b) && namesMoreThan(shared, b, a)
                    || a.structure.crossings.isEmpty != b.structure.crossings.isEmpty
                    // Each names another road the other does not (`澜湾大道云岚路公交站` / `澜湾大道星渡路那个公交站`): two
                    // spots on it by the roads that meet it there, though neither says 路口.
                    || (namesAnotherRoad(shared, a, b) && namesAnotherRoad(shared, b, a))
                    || pinsOnRoads(shared, a, b) != pinsOnRoads(shared, b, a)
                    || (numberA && !numberB && namesMoreThan(shared, b, a)) || (numberB && !numberA && namesMoreThan(shared, a, b))
                    // Two numbers on it are two gates (`解放路68号` / `解放路66号阳光苑`).
                    || (numberA && numberB && a.structure.roadNumbers.isDisjoint(with: b.structure.roadNumbers))) {
                return .unknown("only the road \(shared) in common")
            }
            if isRoad(shared), let x = spotAfter(shared, a), let y = spotAfter(shared, b), !mayBeOneSpot(x, y) {
                return .unknown("two spots on \(shared): \(x) / \(y)")
            }
            return .sameAddress(inGroup(shared, a, b))
        }
        if let named = nameSaidWithoutItsWord(a, b) { return .sameAddress(inGroup(named, a, b)) }
        if let other = differentNames(a, b) { return .different(other) }
        return .unknown(nil)
    }

    /// The place one report names (`王家沟村`, `莲塘湖公园`, `鹿鸣山景区`) when the other names no place at all and says
    /// the place's name without its place word (`我们王家沟这边没电了`, `莲塘湖东岸大量死鱼`, `鹿鸣山缆车上面`): callers
    /// leave the word out, and the two were compared by the name's run (`DedupEngine.namesInWords`) but related by
    /// nothing. The name left is three characters or more (two are as often a word or a part of other names: `沙湾`);
    /// not a road's (`建设北` of 建设北路 begins 建设北街 too). Of several, the longest, then the first in code-point order.
    static func nameSaidWithoutItsWord(_ a: MatterFeatures, _ b: MatterFeatures) -> String? {
        guard a.namedPlaces.isEmpty != b.namedPlaces.isEmpty else { return nil }
        let (named, other) = a.namedPlaces.isEmpty ? (b, a) : (a, b)
        let text = other.matchText + " " + (other.address ?? "")
        return named.namedPlaces.filter { name in
            guard !isRoad(name), let stem = PlaceNames.withoutPlaceWord(name), stem.unicodeScalars.count >= 3 else { return false }
            return text.includes(stem)
        }.max { ($0.count, $1) < ($1.count, $0) }
    }

    /// A village both name, with the group of it both name (`红柳村3组`: `PlaceStructure.groups`), which is one hamlet and
    /// pins a spot as a building does, where the village alone holds many (`DedupRules.isPreciseSpot`).
    static func inGroup(_ name: String, _ a: MatterFeatures, _ b: MatterFeatures) -> String {
        guard name.hasSuffix("村"), let group = a.structure.groups.intersection(b.structure.groups).min() else { return name }
        return name + group + "组"
    }

    /// What a report names on a road right after the road's name and before a word of position (`建设路菜市场门口`
    /// names 菜市场, `建设路第1小学旁边` names 第1小学): two to eight characters, the first such in its text or address.
    /// Read only where the road is all two reports have in common by name; a scan of their texts for the road.
    static func spotAfter(_ road: String, _ f: MatterFeatures) -> String? {
        for text in [f.address ?? "", f.matchText] {
            let c = Array(text.unicodeScalars), r = Array(road.unicodeScalars)
            guard c.count > r.count else { continue }
            var i = 0
            while i + r.count <= c.count {
                if c[i] == r[0], Array(c[i..<(i + r.count)]) == r {
                    let start = i + r.count
                    var end = start
                    while end < c.count, end - start < 8, (0x4E00...0x9FFF).contains(c[end].value) || ("0"..."9").contains(c[end]) {
                        if positionWords.contains(where: { end + $0.count <= c.count && Array(c[end..<(end + $0.count)]) == $0 }) {
                            if end - start >= 2 { return String(String.UnicodeScalarView(c[start..<end])) }
                            break
                        }
                        end += 1
                    }
                    i = start
                } else {
                    i += 1
                }
            }
        }
        return nil
    }
    static let positionWords: [[Unicode.Scalar]] = ["门口", "旁边", "附近", "对面", "边上", "前面", "后面", "里面", "那里", "这里", "那边",
                                                    "这边", "大门", "门前"].map { Array($0.unicodeScalars) }

    /// Whether two names of a spot may be one: they share two characters (`菜市场` / `菜场`, `农业银行` / `农行`; not
    /// `第1小学` / `菜市场`).
    static func mayBeOneSpot(_ x: String, _ y: String) -> Bool {
        Set(x.unicodeScalars).intersection(Set(y.unicodeScalars)).count >= 2
    }

    static func isRoad(_ name: String) -> Bool {
        name.hasSuffix("路") || name.hasSuffix("街") || name.hasSuffix("巷") || name.hasSuffix("大道")
    }

    /// `a` names a crossing, the mouth of another road that `b` does not name (`煤机路口…北塬路那边`: where the two
    /// meet, the pair unread), or a place that is not a road and that `b` does not name, beside `road`.
    /// (A stretch of the road, `文化路中段` or `中段` read from it, names nothing on it: `isStretch`.)
    /// Whether `a` pins where on `road` it is by two other roads `b` does not name (`光华路育才街到文昌路那段`: a stretch
    /// of one road between two others, the shared road one of its ends), as a crossing does. A report naming only the
    /// road is anywhere along it.
    static func pinsOnRoads(_ road: String, _ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        guard a.structure.roads.count >= 3 else { return false }
        let textB = b.matchText + (b.address ?? "")
        return a.structure.roads.filter { isOtherRoad($0, than: road, unnamedIn: textB) }.count >= 2
    }

    /// `r` is another road than `road` (neither name ends the other: `人民路` / `东人民路` are one) and the other
    /// report's text and address (`textB`) do not name it.
    static func isOtherRoad(_ r: String, than road: String, unnamedIn textB: String) -> Bool {
        r != road && !r.hasSuffix(road) && !road.hasSuffix(r) && !textB.includes(r)
    }

    /// Whether `a` names a road other than `road` that `b`'s text and address do not name (`isOtherRoad`).
    static func namesAnotherRoad(_ road: String, _ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        guard a.structure.roads.count >= 2 else { return false }
        let textB = b.matchText + (b.address ?? "")
        return a.structure.roads.contains { isOtherRoad($0, than: road, unnamedIn: textB) }
    }

    static func namesMoreThan(_ road: String, _ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        if !a.structure.crossings.isEmpty { return true }
        let textB = b.matchText + (b.address ?? "")
        if a.structure.roads.contains(where: { r in
            guard isOtherRoad(r, than: road, unnamedIn: textB) else { return false }
            let mouth = r + "口"
            return a.matchText.includes(mouth) || (a.address?.includes(mouth) ?? false)
        }) {
            return true
        }
        // (A station `b` names by its name alone, `望潮站` beside `望潮新区`, is no place more.)
        return a.namedPlaces.contains {
            !isRoad($0) && !$0.hasSuffix(road) && !road.hasSuffix($0) && !isStretch($0, of: road) && !textB.includes($0)
                && !(PlaceNames.stationStem($0).map(textB.includes) ?? false)
        }
    }

    /// A name that is a stretch of `road` (`文化路中段`, `北段`, `沿线`): where along the road, not a place on it. A
    /// 110 transfer often says no more (`报警人称建设路中段一电线杆倾斜`) of the spot a caller names by what is there.
    static func isStretch(_ name: String, of road: String) -> Bool {
        let rest = name.hasPrefix(road) ? String(name.dropFirst(road.count)) : name
        return stretchWords.contains(rest)
    }

    static let stretchWords: Set<String> = ["中段", "北段", "南段", "东段", "西段", "沿线", "一带", "全线", "两侧", "沿路", "路段"]

    /// A place named in one report and found in the other's text or address: a place that is not a road before a
    /// road (a stop or an estate both name tells more than the long road it is on: 松涛苑 on 松涛大道), then the
    /// longest such name.
    static func sharedName(_ a: MatterFeatures, _ b: MatterFeatures) -> String? {
        let textA = a.matchText + (a.address ?? ""), textB = b.matchText + (b.address ?? "")
        // A road before any other place, then the longer name, then (names of one length) the earlier in code-point
        // order: a total order, so that of two names alike the same one is taken in every process (the sets' order is
        // seeded per process).
        func before(_ x: String, _ y: String) -> Bool {
            let rx = isRoad(x), ry = isRoad(y)
            if rx != ry { return rx }
            let cx = x.count, cy = y.count
            return cx != cy ? cx < cy : x > y
        }
        let x = a.namedPlaces.filter({ textB.includes($0) && !endsTwoNames($0, a, b) }).max(by: before)
        let y = b.namedPlaces.filter({ textA.includes($0) && !endsTwoNames($0, b, a) }).max(by: before)
        // Only a road found one way: a place found the other way tells more (`文昌路老马家烤肉` / `文昌路上那家老马家烤肉`),
        // unless it only begins a road's name (`新华东` of 新华东路, an address cut before its 路口).
        if let x, let y, isRoad(x), !isRoad(y),
           !a.structure.roads.union(b.structure.roads).contains(where: { $0.count > y.count && $0.hasPrefix(y) }) {
            return y
        }
        return x ?? y
    }

    /// Whether the two reports read `name` after two different sides (`马坊村` in 南马坊村 and in 北马坊村, `石岭村` in
    /// 东石岭村 and 西石岭村): places named in pairs by their side (南/北, 东/西, 上/下, 前/后) are two places, not one (a
    /// report naming only the shorter name may mean either).
    static func endsTwoNames(_ name: String, _ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        func sides(_ f: MatterFeatures) -> Set<Character> {
            Set(f.namedPlaces.compactMap { n in
                n.count == name.count + 1 && n.hasSuffix(name) && sideWords.contains(n.first!) ? n.first! : nil
            })
        }
        let x = sides(a)
        if x.isEmpty { return false }
        let y = sides(b)
        return !y.isEmpty && x.isDisjoint(with: y)
    }

    static let sideWords: Set<Character> = ["东", "西", "南", "北", "上", "下", "前", "后"]

    /// A short form of a place one names that the other names or shortens the same way (a name of two characters
    /// before its place word is its own short form).
    static func sharedAlias(_ a: MatterFeatures, _ b: MatterFeatures) -> String? {
        if a.placeAliases.isEmpty && b.placeAliases.isEmpty { return nil }
        var shared: String?
        for x in a.placeAliases where (b.placeAliases.contains(x) || b.namedPlaces.contains(x)) && shared.map({ x < $0 }) ?? true { shared = x }
        for x in b.placeAliases where a.namedPlaces.contains(x) && shared.map({ x < $0 }) ?? true { shared = x }
        return shared
    }

    /// Both name places and share none.
    static func differentNames(_ a: MatterFeatures, _ b: MatterFeatures) -> String? {
        guard !a.namedPlaces.isEmpty, !b.namedPlaces.isEmpty, sharedAlias(a, b) == nil, sharedName(a, b) == nil
        else { return nil }
        let x = a.namedPlaces.sorted().joined(separator: ", "), y = b.namedPlaces.sorted().joined(separator: ", ")
        return "different places named: \(x) / \(y)"
    }

    static func meters(_ d: Double) -> String {
        d < 10_000 ? "\(Int(d.rounded())) m" : FixedDecimal.format(d / 1000, digits: 1) + " km"
    }

    /// The reasons, in the order a reader checks them.
    public var reasons: [String] {
        var r = ["text similarity " + FixedDecimal.format(textSimilarity, digits: 2)]
        if !sharedTopics.isEmpty {
            r.append("same matter: " + sharedTopics.map(\.label).joined(separator: ", "))
        } else if topicConflict {
            r.append("different matters")
        }
        if !sharedSubMatters.isEmpty {
            r.append("same sub-matter: " + sharedSubMatters.map(MatterLexicon.label).joined(separator: ", "))
        } else if let subMatterDifference {
            r.append(subMatterDifference)
        }
        if let placeConflict { r.append(placeConflict) }
        if callerPlaceConflict { r.append("for the caller another place (near home / at work / at school)") }
        if plateConflict { r.append("different vehicle plates") }
        if tradeConflict { r.append("different kinds of business (two sources)") }
        switch place {
        case .near(let d): r.append("\(Self.meters(d)) apart")
        case .sameAddress(let p): r.append("same place \(p)")
        case .different(let why): r.append(why)
        case .unknown(let why): if let why { r.append(why) }
        }
        if let same = sameType, !same { r.append("different request types") }
        return r
    }
}

/// Places a Chinese text names: a name of one to three characters before a place word (`牛湖新村`, `翻身路`,
/// `龙珠花园`, `潭头市场`). Rough by design: it only has to tell two reports by one caller about two places apart.
public enum PlaceNames {
    static let suffixes: [String] = ["工业区", "工业园", "地铁站", "地铁口", "幼儿园", "新村", "花园", "小区", "社区", "市场", "大道", "山庄", "公园",
                                     "华庭", "华府", "学府", "名邸", "公馆", "大院", "院子", "家属楼", "家属区", "大世界", "乐园", "体育馆", "体育场",
                                     "博物馆", "图书馆", "宿舍", "家属院", "火车站", "高铁站", "东站", "西站",
                                     "南站", "北站",
                                     "大厦", "大楼", "广场", "家园", "商场", "学校", "医院", "立交", "小学", "中学", "公寓", "超市",
                                     "车站", "码头", "隧道", "生活区", "雅居",
                                     // Ports of entry, scenic areas and parks of one trade, named by their own name (`勐宽口岸`,
                                     // `观音岩景区`, `光伏产业园`, `顺达物流园`).
                                     "口岸", "景区", "产业园", "物流园",
                                     "大街", "苑", "村", "庄", "街", "路", "桥", "巷", "祠", "寺", "坝", "堡", "湾", "里", "城", "站"]
    static let singleSuffixes = ScalarSet("苑村庄街路桥巷祠寺坝堡湾".unicodeScalars.map(\.value))
    /// Characters that end a name when read backwards from the place word.
    static let stops = ScalarSet(("到在的上马道公走过条边里个家我们该那这整有没是和与及从往去住位近旁对面前后出进城乡了嗯说附名之诉报称映于字给着停"
        // Verbs and words that come before a place's name, not in it (卷钱跑路, 送医院, 跟人民路, 建议盐仓路, 地址沙湾, 全村,
        // 要求市场管理方, 有人炸街).
        + "跑绕问送得跟交靠把议询址叫职督违擅似搞将让晚全见冷右知分外臭求炸"
        // The copula of a call summary (来电人系大寨村村民: the caller is a villager of 大寨村).
        + "系"
        // `就` pointing at the place (就老粮站巷子里, 就桃园小区那个狗, 就解放街那个口: right there at).
        + "就").unicodeScalars.map(\.value))
    static let suffixScalars: [[UInt32]] = suffixes.map { $0.unicodeScalars.map(\.value) }
    static let daDao: [UInt32] = "大道".unicodeScalars.map(\.value)
    /// `大街` is a road's word of its own, as `大道` is: the name is what comes before it (`东门大街` is 东门's, and
    /// `门大街` would be 东门大街's and 西门大街's alike).
    static let daJie: [UInt32] = "大街".unicodeScalars.map(\.value)
    /// The last characters of a district's, county's, town's or city's word (`锦江区`, `清河镇`).
    static let areaWordEnds = ScalarSet("区县镇乡市".unicodeScalars.map(\.value))
    /// A metro entrance names its station (`文化路地铁口` is at `文化路地铁站`).
    static let metroExit: [UInt32] = "地铁口".unicodeScalars.map(\.value)
    /// `家` is part of a village's or a lane's name after a surname (`马家庄`, `王家村`, `李家巷`), not `我家`.
    static let familyPlaceWords: Set<UInt32> = Set("庄村湾巷桥".unicodeScalars.map(\.value))
    static let jia: UInt32 = 0x5BB6
    static let ma: UInt32 = 0x9A6C  // 马
    /// After `马` these make a word of its own (`马路`, `马上`, `马桶`), not a place's name.
    static let notAfterMa: Set<UInt32> = Set("路上桶".unicodeScalars.map(\.value))
    static let pronouns = ScalarSet("你他她它自咱俺人".unicodeScalars.map(\.value))
    /// Grammar that ends a name even before `家` (a surname may be a character `stops` holds for other reasons: `马`).
    static let grammar: Set<UInt32> = Set("的在到了是和与及从往去住我们这那个有没说该".unicodeScalars.map(\.value))
    /// `里` and `城` end an estate's name (`和平里`, `阳光城`) but mostly mean "in" and "town": not after these
    /// (`家里`, `小区里`, `夜里`, `县城`, `进城`), nor before these (`里面`, `城管`, `城市`); and `里` only before an
    /// estate's part (`和平里小区`, `和平里3号楼`): `冰箱里` is no estate.
    static let estateWords: [UInt32: (notAfter: Set<UInt32>, notBefore: Set<UInt32>)] = [
        0x91CC: (Set("这那哪家夜心手眼嘴公城村区园楼院店厂校室房屋间车锅水地田山河湖梦县市镇乡场站子边头内卡包箱柜".unicodeScalars.map(\.value)),
                 Set("面边头".unicodeScalars.map(\.value))),
        0x57CE: (Set("县省市进出古京皇长满全老都山回".unicodeScalars.map(\.value)),
                 Set("管市区里墙门中乡镇建际".unicodeScalars.map(\.value))),
        // 庄: not `村庄` (a village in general), not `庄稼`, `庄园`.
        0x5E84: (Set("村饭钱".unicodeScalars.map(\.value)), Set("稼园重严".unicodeScalars.map(\.value))),
    ]
    /// `坐28路`, `28路公交` are bus lines, not roads (`高新1路` is one).
    static let estatePartAfterLi: Set<UInt32> = Set("小社0123456789".unicodeScalars.map(\.value))
    static let busVerbs: Set<UInt32> = Set("坐乘搭等换转趟".unicodeScalars.map(\.value))
    static let busAfter: Set<UInt32> = Set("公车".unicodeScalars.map(\.value))
    static let jieScalar: UInt32 = 0x8857, xiang: UInt32 = 0x4E61  // 街, 乡
    static let luScalar: UInt32 = 0x8DEF, li: UInt32 = 0x91CC, cheng: UInt32 = 0x57CE, zhuang: UInt32 = 0x5E84
    /// Characters of `stops` that also begin place names (`和平`, `上林`, `前进`, `城南`, `名都`, `边贸新村`, `那卡村`).
    static let nameInitials = ScalarSet("和上马前后城进名外全边那".unicodeScalars.map(\.value))
    static let qian: UInt32 = 0x524D, jin: UInt32 = 0x8FDB, zhuan: UInt32 = 0x8F6C  // 前, 进, 转
    /// Whether the character at `k`, which ends names elsewhere (`门前`, `前面`, `进城`), is part of a road's name whose
    /// road word starts at `i`: `前` right before the road word after a character of a name (`站前街`, `桥前路`: the
    /// street in front of the station or the bridge), or the `进` of a name opening with `前进` (`前进路`). `门前路` is in
    /// front of a door, no road.
    static func frontInRoadName(_ chars: [UInt32], at k: Int, roadWordAt i: Int) -> Bool {
        guard k == i - 1, k >= 1 else { return false }
        if chars[k] == jin { return chars[k - 1] == qian }
        let x = chars[k - 1]
        return chars[k] == qian && (0x4E00...0x9FFF).contains(x) && !stops.contains(x) && !singleSuffixes.contains(x)
            && !PlaceStructure.notRoadBefore.contains(x)
    }

    /// Institutions every district or town has one of, named by a generic word (`实验学校`, `人民医院`, `中心小学`,
    /// `人民公园`, `第1中学`): the name before the generic word tells them apart.
    static let institutionSuffixes: [[UInt32]] = ["学校", "小学", "中学", "医院", "公园", "幼儿园"].map { $0.unicodeScalars.map(\.value) }
    static let genericInstitutionWords: Set<UInt64> = Set(["实验", "人民", "中心", "中医", "妇幼"].map { w in
        let v = w.unicodeScalars.map(\.value)
        return UInt64(v[0]) << 32 | UInt64(v[1])
    })
    /// An institution named by its generic name alone (`实验小学`, `人民医院`, `中心小学`): no name tells it from the others.
    static func isBareGenericInstitution(_ name: String) -> Bool {
        let c = name.unicodeScalars.map(\.value)
        guard c.count >= 4, genericInstitutionStart(c, before: 2) == 0 else { return false }
        return institutionSuffixes.contains { $0.count == c.count - 2 && c[2...].elementsEqual($0) }
    }

    /// A district's, county's, city's or town's word between a place's name and its institution (`新湾区实验学校`).
    static let levelWords = ScalarSet("区县镇乡".unicodeScalars.map(\.value))
    static let shi: UInt32 = 0x5E02  // 市

    /// Where the generic name of an institution whose place word starts at `i` begins (`实验` of `新湾实验学校`, `第`
    /// of `新湾第1中学`), or nil when the name there is no generic one.
    static func genericInstitutionStart(_ chars: [UInt32], before i: Int) -> Int? {
        var d = i
        while d > 0, i - d < 3, (0x30...0x39).contains(chars[d - 1]) { d -= 1 }
        if d < i { return d > 0 && chars[d - 1] == di ? d - 1 : nil }
        guard i >= 2, genericInstitutionWords.contains(UInt64(chars[i - 2]) << 32 | UInt64(chars[i - 1])) else { return nil }
        return i - 2
    }

    /// The name that tells a generic institution whose generic name starts at `g` from the others: up to two characters
    /// of name before it, a district's or town's word between them left out (`新湾` of `新湾区实验学校` and of
    /// `新湾实验学校`), or a number (`第1` of `市第1人民医院`). Nil when nothing names it (`实验学校`, `市实验学校`,
    /// `旁边的实验学校`).
    static func distinguishingName(_ chars: [UInt32], before g: Int) -> Range<Int>? {
        // A number tells (`市第1人民医院` is not `市人民医院`).
        var d = g
        while d > 0, g - d < 3, (0x30...0x39).contains(chars[d - 1]) { d -= 1 }
        if d < g { return d > 0 && chars[d - 1] == di ? (d - 1)..<g : d..<g }
        var end = g
        // Before 市 is the city's name, which tells nothing: one hotline serves one city.
        if end >= 1, chars[end - 1] == shi { return nil }
        if end >= 2, levelWords.contains(chars[end - 1]) { end -= 1 }
        var start = end
        while start > 0, end - start < 2 {
            let x = chars[start - 1]
            guard (0x4E00...0x9FFF).contains(x), !stops.contains(x), !singleSuffixes.contains(x), !levelWords.contains(x) else { break }
            start -= 1
        }
        return start < end ? start..<end : nil
    }

    /// `市场监管局` is an office, not a market.
    static let marketRegulator: [UInt32] = "市场监".unicodeScalars.map(\.value)
    static let square: [UInt32] = "广场".unicodeScalars.map(\.value), dance: UInt32 = 0x821E  // 舞
    /// `suffixScalars` by their first scalar, in the list's order (the first that matches is the one read).
    static let suffixesByFirst: [UInt32: [[UInt32]]] = Dictionary(grouping: suffixScalars, by: { $0[0] })
    /// The first scalars of `suffixScalars`.
    static let suffixFirsts = ScalarSet(suffixesByFirst.keys)
    /// Whether `a` and `b` are a place word of two characters (`小区`, `花园`, `新村`).
    static func endsPlaceWord(_ a: UInt32, _ b: UInt32) -> Bool { suffixesByFirst[a]?.contains([a, b]) ?? false }
    static let zhongXin: [UInt32] = "中心".unicodeScalars.map(\.value)

    /// The names found, at most `limit` of them (the first in reading order).
    public static func mentions(inNormalized text: String, limit: Int = .max) -> Set<String> {
        read(inNormalized: text, limit: limit).names
    }

    static let hospital: [UInt32] = "医院".unicodeScalars.map(\.value), renMin: [UInt32] = "人民".unicodeScalars.map(\.value)
    static let di: UInt32 = 0x7B2C  // 第
    static let hao: UInt32 = 0x53F7  // 号
    static let pier: [UInt32] = "码头".unicodeScalars.map(\.value)
    /// A station or a stop called by its own name (`张湾站`, `青石坡站`, `霜河站`): `站` after a name, not after a kind of
    /// station every estate or road has one of (`垃圾站`, `公交站`, `加油站`, `换热站`: `stationKinds`, `stationKindEnds`),
    /// nor the verb to stand (`站在`, `站着`).
    static let station: [UInt32] = "站".unicodeScalars.map(\.value)
    static let line: UInt32 = 0x7EBF  // 线
    static let standAfter: Set<UInt32> = Set("在着住起稳了满牌".unicodeScalars.map(\.value))
    /// One character before `站` that makes it a kind of station or a word of its own (`泵站`, `网站`, `驿站`, `总站`,
    /// `首站`, `下一站`, `在哪儿站`).
    static let stationKindEnds: Set<UInt32> = Set("泵水电气网驿血首末终本每各几两一总分小大新老儿".unicodeScalars.map(\.value))
    /// Two characters before `站` that name a kind of station, not one station.
    static let stationKinds: Set<UInt64> = Set(["公交", "垃圾", "加油", "加气", "加氢", "充电", "换电", "换热", "中转", "转运", "服务", "检查",
                                                "收费", "卫生", "工作", "变电", "客运", "回收", "污水", "监测", "救助", "气象", "消防",
                                                "供水", "供电", "调压", "门卫", "快递", "发电", "抽水", "提升", "保障", "补给", "急救",
                                                "观测", "收购", "中心", "始发", "终点", "起点", "公安", "治安", "警务", "农技", "林业",
                                                "水文", "环卫", "城管", "交警", "执法", "防疫", "接种", "采样", "便民", "救援", "维修",
                                                "停车", "出租", "售票", "汽车", "地铁", "高铁", "火车", "动车", "大巴", "班车", "一个",
                                                "过了", "坐到", "坐过", "下车", "上车", "供热", "供暖",
                                                // Where at a place, not a name (`门口站牌`, `路口那个站`).
                                                "门口", "路口", "旁边", "对面", "附近", "边上", "前面", "后面", "这边", "那边"].map { w in
        let v = w.unicodeScalars.map(\.value)
        return UInt64(v[0]) << 32 | UInt64(v[1])
    })

    /// Whether `站` at `i` follows no station's own name (`stationKinds`, `stationKindEnds`), or is the verb to stand,
    /// or a stop's sign (`站牌`, any stop's). Nor after a place word of two characters (`医院站`, `市场站`, `新村站`): the
    /// stop is named after the place, which is read itself, and another caller names the place, not the stop.
    static func noStationName(_ chars: [UInt32], at i: Int) -> Bool {
        guard i >= 2 else { return true }
        let next = i + 1 < chars.count ? chars[i + 1] : 0
        return standAfter.contains(next) || stationKindEnds.contains(chars[i - 1])
            || stationKinds.contains(UInt64(chars[i - 2]) << 32 | UInt64(chars[i - 1])) || endsPlaceWord(chars[i - 2], chars[i - 1])
    }

    /// A name without the place word it ends with (`王家沟` of 王家沟村, `鹿鸣山` of 鹿鸣山景区: the longest word of `suffixes`
    /// it ends with), when what is left is Chinese characters only; nil when it ends with none.
    static func withoutPlaceWord(_ name: String) -> String? {
        let c = name.unicodeScalars.map(\.value)
        guard let word = suffixScalars.filter({ $0.count < c.count && c.suffix($0.count).elementsEqual($0) }).max(by: { $0.count < $1.count })
        else { return nil }
        let stem = c.dropLast(word.count)
        guard stem.allSatisfy({ (0x4E00...0x9FFF).contains($0) }) else { return nil }
        return String(String.UnicodeScalarView(stem.compactMap(Unicode.Scalar.init)))
    }

    /// A station's name without its `站` (`望潮` of 望潮站), which another caller may say in another place's name
    /// (`望潮新区`); nil for other names.
    static func stationStem(_ name: String) -> String? {
        guard name.hasSuffix("站"), name.count >= 3 else { return nil }
        return String(name.dropLast())
    }
    /// Measure words that follow a number or a demonstrative (`500米`, `这片`, `3栋`).
    static let measureWords: Set<UInt32> = Set("米片个条座栋幢层".unicodeScalars.map(\.value))
    static let quantifiers: Set<UInt32> = Set("这那每哪几一两".unicodeScalars.map(\.value))
    static let levels: Set<UInt32> = Set("市区县省".unicodeScalars.map(\.value))
    /// Generic words inside a place's name that citizens leave out (长坡菜市场, 纺织厂宿舍, 长坡农贸市场, 东坪安置小区):
    /// a proper word there (东方明珠花园) is part of another place's name, never left out.
    static let genericInfixes1: Set<UInt32> = Set("菜厂".unicodeScalars.map(\.value))
    static let genericInfixes2: Set<UInt64> = Set(["农贸", "安置", "职工", "家属", "公租", "廉租", "批发", "综合", "生鲜"].map { w in
        let v = w.unicodeScalars.map(\.value)
        return UInt64(v[0]) << 32 | UInt64(v[1])
    })

    /// Words that name a kind of place, not one place (`社区医院`, `农贸市场`, `小区花园`, `街道办`): before a place word
    /// they make no name, since every district has one.
    /// (`铁路桥`, `火车站`: every road that crosses the railway has one; `MatterFeatures` names the road's.)
    static let genericHeads: Set<UInt64> = genericInfixes2.union(["社区", "小区", "街道", "乡镇", "附近", "周边", "铁路", "火车", "下穿"].map { w in
        let v = w.unicodeScalars.map(\.value)
        return UInt64(v[0]) << 32 | UInt64(v[1])
    })
    /// An estate's `里`/`城` at `k` (`北湾里小区`): a one-character name before it is part of a longer one.
    static func nameGoesOn(_ chars: [UInt32], at k: Int) -> Bool {
        k < chars.count && (chars[k] == li || chars[k] == cheng)
    }

    static func isGenericHead(_ a: UInt32, _ b: UInt32) -> Bool { genericHeads.contains(UInt64(a) << 32 | UInt64(b)) }
    /// An estate's own ending of two characters right before 小区 (`望津花园小区`, `东方家园小区`): the estate is named
    /// by what comes before it (read from the ending itself), and `花园小区` alone is every such estate's.
    static func isEstateEnding(_ a: UInt32, _ b: UInt32) -> Bool { estateEndings2.contains(UInt64(a) << 32 | UInt64(b)) }
    static let estateEndings2: Set<UInt64> = Set(["花园", "家园", "新村", "公寓", "山庄", "花苑", "雅苑", "名苑", "雅居", "新城"].map { w in
        let v = w.unicodeScalars.map(\.value)
        return UInt64(v[0]) << 32 | UInt64(v[1])
    })
    static let xiaoQu: [UInt32] = "小区".unicodeScalars.map(\.value)
    static let roadWords: Set<UInt32> = Set("路街巷".unicodeScalars.map(\.value))
    /// Whether a road's word (路, 街, 巷, 大道) begins at `k`.
    static func roadWordFollows(_ chars: [UInt32], at k: Int) -> Bool {
        guard k < chars.count else { return false }
        if roadWords.contains(chars[k]) { return true }
        return k + 1 < chars.count && chars[k] == daDao[0] && chars[k + 1] == daDao[1]
    }

    /// What an address names after its road (`文昌路老马家烤肉` names `老马家烤肉`, `凤栖路128号金穗家园门口` names
    /// `金穗家园`): an address is a place by construction, so its part after the road is the place's own name, whatever
    /// place word it ends in or none. Two to ten characters of Chinese, no road word, after a door number if any.
    static func afterRoad(inAddress address: String) -> String? {
        let c = Array(address.unicodeScalars)
        var end: Int?
        var k = 0
        while k < c.count {
            let road = c[k] == "路" || c[k] == "街" || c[k] == "巷" || (c[k] == "道" && k > 0 && c[k - 1] == "大")
            // (`临街商铺`, `沿街门面`, `沿路`: facing the street, no road's name ends there.)
            if road, k >= 2, k + 1 < c.count, c[k + 1] != "口", c[k - 1] != "临", c[k - 1] != "沿" { end = k + 1 }
            k += 1
        }
        guard var start = end else { return nil }
        while start < c.count, ("0"..."9").contains(c[start]) { start += 1 }
        if start < c.count, start > end!, c[start] == "号" { start += 1 }
        guard let rest = AddressKey.placeKey(normalized: String(String.UnicodeScalarView(c[start...]))) else { return nil }
        let r = Array(rest.unicodeScalars)
        guard (2...10).contains(r.count), r.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }),
              !r.contains(where: { "路街巷与和及".unicodeScalars.contains($0) }), !stops.contains(r[0].value) else { return nil }
        // The road's own tunnel or underpass (`中原路下穿隧道`) is that road's spot (`roadSpots`, an alias road/隧道), not a
        // place of its own name: every road's is called so.
        if MatterFeatures.roadSpots.contains(where: { $0.words.contains { w in rest.hasSuffix(w) && rest.count <= w.count + 2 } }) { return nil }
        return rest
    }

    /// The estate's own name in an address's place (`滨海明珠小区充电棚` is in `滨海明珠`): the part before 小区 or 社区,
    /// two characters or more, all Chinese. (Names are read three characters before a place word at most: a name of
    /// four is found this way.)
    static func estateStem(_ place: String) -> String? {
        let c = Array(place.unicodeScalars)
        guard c.count >= 4 else { return nil }
        for k in 2..<(c.count - 1) where (c[k] == "小" || c[k] == "社") && c[k + 1] == "区" {
            guard k < c.count - 2, c[..<k].allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) else { return nil }
            return String(String.UnicodeScalarView(c[..<k]))
        }
        return nil
    }

    /// A bridge named with its 大 or without (`澄河大桥` / `澄河桥`): `X桥` for `X大桥` (X of two characters or more).
    static func bridge(_ name: String) -> String? {
        guard name.hasSuffix("大桥"), name.count >= 4 else { return nil }
        return String(name.dropLast(2)) + "桥"
    }

    /// A compound (a works' or an office's housing) as callers call it: `电厂家属院`, `电厂家属楼`, `电厂宿舍`, `电厂大院`
    /// and `电厂院子` are `电厂院`. Two characters of name or more before the word.
    static func compound(_ name: String) -> String? {
        for word in ["家属院", "家属楼", "家属区", "宿舍", "院子", "大院"] where name.hasSuffix(word) && name.count >= word.count + 2 {
            return String(name.dropLast(word.count)) + "院"
        }
        return nil
    }

    /// Numbered schools (`市二中`, `二中`, `第三中学`, `三小学`): `2中`, `3小` whatever the city's word or 第 before them.
    /// Digits then `中` count only before a school's word or a gate (`2中门口`, `2中校门`) or after 市/区/县/第 (`2中`
    /// alone is too often something else); `小` only as `小学`.
    static func numberedSchools(inNormalized text: String) -> Set<String> { numberedSchools(scalars: text.scalarValues) }

    /// `numberedSchools(inNormalized:)` of the text whose scalars' values are `c` (the features' text and address,
    /// decoded once: walking `unicodeScalars` into an array cost more than the reading).
    static func numberedSchools(scalars c: [UInt32]) -> Set<String> {
        func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }
        var found: Set<String> = []
        var i = 0
        while i < c.count, found.count < 4 {
            guard isDigit(c[i]) else { i += 1; continue }
            var j = i
            while j < c.count, j - i < 3, isDigit(c[j]) { j += 1 }
            defer { i = j }
            guard j < c.count, i == 0 || !isDigit(c[i - 1]) else { continue }
            // (Built only for a number followed by something: most numbers name no school.)
            var digits: String { String(decoding: c[i..<j].map { UInt8($0) }, as: UTF8.self) }
            let before = i > 0 ? c[i - 1] : 0x20
            let after = j + 1 < c.count ? c[j + 1] : 0x20
            let led = schoolLeads.contains(before)
            if c[j] == middle, after == school || led || middleFollowers.contains(after) {
                found.insert(digits + "中")
            } else if c[j] == primary, after == school {
                found.insert(digits + "小")
            }
        }
        return found
    }
    static let schoolLeads = "市区县第".unicodeScalars.map(\.value), middleFollowers = "门校大对附旁教初高念读".unicodeScalars.map(\.value)
    static let middle: UInt32 = 0x4E2D, primary: UInt32 = 0x5C0F, school: UInt32 = 0x5B66  // 中, 小, 学

    /// A place's name with the town in it left out, as callers say it (`坪上镇工业园` is `坪上工业园`): a town's word
    /// (`镇`, `乡`) after two or more characters and before two or more.
    static func withoutTown(_ name: String) -> String? {
        let c = Array(name.unicodeScalars)
        guard c.count >= 5 else { return nil }
        for k in 2..<(c.count - 2) where c[k] == "镇" || c[k] == "乡" {
            var out = String.UnicodeScalarView(c[..<k])
            out.append(contentsOf: c[(k + 1)...])
            return String(out)
        }
        return nil
    }

    /// A character of `nameMiddles` (they end names elsewhere: `马路`, `和`, `上班`) in the middle of a name of two
    /// characters right before a place word of two or more (`驿马新村`, `馨和家园`, `营上花园`): the character before
    /// it is a plain one (no grammar, no place word, no pronoun); `和`, a conjunction too, only when that name begins
    /// at a boundary (the text's start, a mark, a place word or a stop before it: `说馨和家园`, not `学校和小区`).
    /// Verbs before a place (`送医院`, `反映`) are no middles.
    static let he: UInt32 = 0x548C  // 和
    static let districtWord: UInt32 = 0x533A, countyWord: UInt32 = 0x53BF  // 区, 县
    static let nameMiddles: Set<UInt32> = Set("上马道公前后城乡名和外".unicodeScalars.map(\.value))
    static func nameMiddle(_ chars: [UInt32], at k: Int, before place: [UInt32]) -> Bool {
        guard place.count >= 2, k >= 1, nameMiddles.contains(chars[k]) else { return false }
        let x = chars[k - 1]
        guard (0x4E00...0x9FFF).contains(x), !stops.contains(x), !singleSuffixes.contains(x), !pronouns.contains(x) else { return false }
        guard chars[k] == he, k >= 2 else { return true }
        let b = chars[k - 2]
        return !(0x4E00...0x9FFF).contains(b) || stops.contains(b) || singleSuffixes.contains(b)
    }

    /// The names found, and their short forms: a place word of two or more characters after two characters of name
    /// and a generic word (`genericInfixes1`, `genericInfixes2`) gives the two characters and the place word
    /// (`长坡农贸市场` and `长坡菜市场` give `长坡市场`, `纺织厂宿舍` gives `纺织宿舍`), as citizens shorten a place's name.
    /// After digits (`市第1人民医院`) there is no short form: the number tells places apart.
    public static func read(inNormalized text: String, limit: Int = .max) -> (names: Set<String>, aliases: Set<String>) {
        read(scalars: text.scalarValues, limit: limit)
    }

    /// `read(inNormalized:limit:)` of the text whose scalars' values are `chars` (decoded once for this and
    /// `PlaceStructure.parse(scalars:)`).
    static func read(scalars chars: [UInt32], limit: Int = .max) -> (names: Set<String>, aliases: Set<String>) {
        var found: Set<String> = []
        var aliases: Set<String> = []
        var i = 0
        func name(_ r: Range<Int>, _ more: Range<Int> = 0..<0) -> String {
            var out = String.UnicodeScalarView()
            for v in chars[r] { if let u = Unicode.Scalar(v) { out.append(u) } }
            for v in chars[more] { if let u = Unicode.Scalar(v) { out.append(u) } }
            return String(out)
        }
        while i < chars.count && found.count < limit {
            var matched = false
            // (Most positions begin no suffix: a bit looked up instead of a scalar hashed.)
            for s in suffixFirsts.contains(chars[i]) ? suffixesByFirst[chars[i]] ?? [] : [] {
                guard i + s.count <= chars.count else { continue }
                var equal = true
                for k in 0..<s.count where chars[i + k] != s[k] { equal = false; break }
                guard equal else { continue }
                if s.count == 2, s[0] == Self.marketRegulator[0], i + 2 < chars.count, chars[i + 2] == Self.marketRegulator[2] { continue }
                let next = i + s.count < chars.count ? chars[i + s.count] : 0
                // `广场舞` is a dance, not a square (`楼下广场舞又放到十点` names no place `楼下广场`).
                if s == Self.square, next == Self.dance { continue }
                // `码头路`, `码头街` name a road (read at its road word), not a pier `X码头` before it.
                if s == Self.pier, Self.roadWordFollows(chars, at: i + s.count) { continue }
                if s == Self.station, Self.noStationName(chars, at: i) { continue }
                // A place word right before 区 or 县 ends a district's name (`北湾区`, `桥西区`), not a place's.
                if s.count == 1, next == Self.districtWord || next == Self.countyWord { continue }
                if s.count == 1, s[0] == Self.li || s[0] == Self.cheng || s[0] == Self.zhuang, let estate = Self.estateWords[s[0]],
                   i == 0 || estate.notAfter.contains(chars[i - 1]) || estate.notBefore.contains(next)
                    || (s[0] == 0x91CC && !Self.estatePartAfterLi.contains(next)) { continue }
                // `修路`, `门口路`, `上班路`, `路面`: 路 as a word of its own (PlaceStructure's rules); `1路` after a
                // character is 一路 ("all the way") once normalized.
                if s.count == 1, s[0] == Self.luScalar, i > 0,
                   PlaceStructure.noRoadBefore(chars, at: i) || PlaceStructure.notRoadAfter.contains(next)
                    || PlaceStructure.isLoneOne(before: i, in: chars)
                    // `东大街路口`, `新村路口`: the crossing of a place just named (路口), not a road 东大街路.
                    || (next == PlaceStructure.kou && singleSuffixes.contains(chars[i - 1])) { continue }
                // `镇街上`, `乡街上`: the town's street (or 镇街, the towns and subdistricts), no street named after it.
                if s.count == 1, s[0] == Self.jieScalar, i > 0, chars[i - 1] == PlaceStructure.townWord || chars[i - 1] == Self.xiang {
                    continue
                }
                if s.count == 1, s[0] == Self.luScalar, i > 0, (0x30...0x39).contains(chars[i - 1]) {
                    var d = i - 1
                    while d > 0, (0x30...0x39).contains(chars[d - 1]) { d -= 1 }
                    if (d > 0 && Self.busVerbs.contains(chars[d - 1])) || Self.busAfter.contains(next) { continue }
                }
                // The name is read backwards: two or three characters, stopping at grammar, non-Chinese
                // text and a one-character place word (`大磡村村口` names `大磡村`, not `磡村村`). Both the two- and
                // three-character readings are kept: which one is the name is not known.
                let metro = s.count == 3 && s[2] == Self.metroExit[2] && s[0] == Self.metroExit[0]
                // A generic institution with a name before it is read with that name whole (`新湾实验学校`, not `实验学校`
                // nor `湾实验学校`, which 新湾's and 青萝's schools would share); without one it names itself.
                var qualified: (name: Range<Int>, generic: Int)?
                if s.count >= 2, Self.institutionSuffixes.contains(s), let g = Self.genericInstitutionStart(chars, before: i),
                   let d = Self.distinguishingName(chars, before: g) {
                    qualified = (d, g)
                }
                var start = i
                var han = false
                while start > 0, i - start < 3 {
                    let c = chars[start - 1]
                    // A door number's 号 ends a name read backwards: the name comes after the number (`12号金桂苑` names
                    // 金桂苑, `88号小区` names none), not with it.
                    if c == Self.hao { break }
                    // A measure word after a number or a demonstrative is a quantity (`500米铁路新村`, `这片老家属院`),
                    // not a name's first character.
                    if Self.measureWords.contains(c), start >= 2, Self.quantifiers.contains(chars[start - 2]) || (0x30...0x39).contains(chars[start - 2]) {
                        break
                    }
                    // Digits belong to a name (`9眼桥` is 九眼桥 after normalizing, `天府5街`), not make one (`28路`).
                    let isHan = (0x4E00...0x9FFF).contains(c)
                    // A one-character place word just before another (`南苑路`, `桂苑小区`, `星河湾花园`) is part of the
                    // name; the same word twice (`大磡村村口`) is not.
                    let partOfName = start == i && singleSuffixes.contains(c) && c != chars[i]
                    if stops.contains(c) {
                        let family = c == Self.jia && s.count == 1 && Self.familyPlaceWords.contains(s[0]) && start >= 2
                            && (0x4E00...0x9FFF).contains(chars[start - 2]) && !Self.grammar.contains(chars[start - 2])
                            && !Self.pronouns.contains(chars[start - 2])
                        let surname = start < i && chars[start] == Self.jia && !Self.grammar.contains(c) && !Self.pronouns.contains(c)
                        // A word that ends names elsewhere may begin a name of two characters after a boundary (`和平里`),
                        // also after a town's or district's word (`南岭镇那卡村`: the village's name begins after the town's).
                        let initial = i - start == 1 && Self.nameInitials.contains(c)
                            && (start < 2 || !(0x4E00...0x9FFF).contains(chars[start - 2]) || stops.contains(chars[start - 2])
                                || singleSuffixes.contains(chars[start - 2]) || Self.areaWordEnds.contains(chars[start - 2]))
                        let front = (s == Self.daDao || s == Self.daJie || (s.count == 1 && Self.roadWords.contains(s[0])))
                            && Self.frontInRoadName(chars, at: start - 1, roadWordAt: i)
                        // `马` ends a name as the road's first character (`过马路`) or `马上` ("at once"); before another of
                        // a name's characters it is part of the name (`南马坊村`, `驿马新村`): read without it, 南马坊村 and
                        // 北马坊村 were one village `坊村`.
                        let horse = c == Self.ma && start < i && !Self.notAfterMa.contains(chars[start])
                        // The `进` of a name opening with `前进` right before its place word (`前进村`, `前进小区`), as
                        // before a road's word (`frontInRoadName`).
                        let forward = c == Self.jin && start == i && start >= 2 && chars[start - 2] == Self.qian
                        if !(family || surname || initial || front || horse || forward
                             || (start == i && Self.nameMiddle(chars, at: start - 1, before: s))) {
                            break
                        }
                    }
                    if (singleSuffixes.contains(c) && !partOfName) || !(isHan || (0x30...0x39).contains(c)) { break }
                    // After a place word of two characters, `中心` is that place's centre (`山水间小区中心广场`: the estate's
                    // square), not a name: every estate's `中心广场`, and `区中心广场` read on, would be one place.
                    if i - start == 2, start >= 2, Self.endsPlaceWord(chars[start - 2], chars[start - 1]),
                       chars[start] == Self.zhongXin[0], chars[start + 1] == Self.zhongXin[1] { break }
                    start -= 1
                    han = han || isHan
                    // At least two characters of name: `光花园` would make 月光花园 and 日光花园 one place.
                    // Digits alone name a 大道 (`五一大道` is `51大道` once normalized), not a 路 (`28路` is a bus line).
                    let named = han || (s == Self.daDao && (start..<i).allSatisfy { (0x30...0x39).contains(chars[$0]) })
                    // A reading that begins inside a number (`110转河街` read from its last digit) names nothing, nor one
                    // that begins with a number's transfer (`110转河街` is a 110 transfer about 河街, no 转河街).
                    let cutNumber = start > 0 && (0x30...0x39).contains(chars[start - 1])
                        && ((0x30...0x39).contains(chars[start]) || chars[start] == Self.zhuan)
                    // One character names a 大街 where the name begins (`东大街`, `在西大街`, `锦江区南大街`), not inside a
                    // longer one (`东门大街` is no `门大街`).
                    let oneCharStreet = i - start == 1 && s == Self.daJie && isHan
                        && (start == 0 || !(0x4E00...0x9FFF).contains(chars[start - 1]) || stops.contains(chars[start - 1])
                            || Self.areaWordEnds.contains(chars[start - 1]))
                    let centreOfPlace = i - start == 2 && start >= 2 && Self.endsPlaceWord(chars[start - 2], chars[start - 1])
                        && chars[start] == Self.zhongXin[0] && chars[start + 1] == Self.zhongXin[1]
                    if (i - start >= 2 || oneCharStreet) && !centreOfPlace && named && !cutNumber && found.count < limit && qualified == nil
                        && s != Self.station
                        && !(i - start == 2 && Self.isGenericHead(chars[start], chars[start + 1]))
                        && !(i - start == 2 && s == Self.xiaoQu && Self.isEstateEnding(chars[start], chars[start + 1])) {
                        found.insert(metro ? name(start..<i) + "地铁站" : name(start..<(i + s.count)))
                    }
                }
                // A station's name is read whole, as far as it goes back (`青石坡站`, `张湾站`), not its last characters too
                // (`大学站` of 西岭大学站 is every university's).
                // (A metro line's `线` before it is the line's: `2号线柳岸站` names 柳岸站.)
                let from = s == Self.station && start < i && chars[start] == Self.line && start > 0
                    && (chars[start - 1] == Self.hao || (0x30...0x39).contains(chars[start - 1])) ? start + 1 : start
                if s == Self.station, i - from >= 2, han, found.count < limit,
                   !((0x30...0x39).contains(chars[from]) || chars[from] == Self.zhuan),
                   !(i - from == 2 && Self.isGenericHead(chars[from], chars[from + 1])) {
                    found.insert(name(from..<(i + 1)))
                }
                if let q = qualified, found.count < limit { found.insert(name(q.name, q.generic..<(i + s.count))) }
                // A numbered hospital, however written (市第二人民医院, 市二医院): its city/district word, number and 医院.
                if s.count == 2, s[0] == Self.hospital[0], s[1] == Self.hospital[1], aliases.count < limit {
                    var k = i
                    if k >= 2, chars[k - 2] == Self.renMin[0], chars[k - 1] == Self.renMin[1] { k -= 2 }
                    let digitsEnd = k
                    while k > 0, digitsEnd - k < 3, (0x30...0x39).contains(chars[k - 1]) { k -= 1 }
                    if k < digitsEnd {
                        let digitsStart = k
                        if k > 0, chars[k - 1] == Self.di { k -= 1 }
                        let level = k > 0 && Self.levels.contains(chars[k - 1]) ? name((k - 1)..<k) : ""
                        aliases.insert(level + name(digitsStart..<digitsEnd) + "医院")
                    }
                }
                // A numbered pier (`3号码头`, `五号码头段`): its number is its name, where a door number's 号 ends others.
                if s == Self.pier, i >= 2, chars[i - 1] == Self.hao, found.count < limit {
                    var k = i - 1
                    while k > 0, i - 1 - k < 3, (0x30...0x39).contains(chars[k - 1]) { k -= 1 }
                    if k < i - 1, k == 0 || !(0x30...0x39).contains(chars[k - 1]) { found.insert(name(k..<(i + s.count))) }
                }
                if s.count >= 2, s != Self.daDao, aliases.count < limit, i >= 3 {
                    // Two characters of name, a generic word (菜, 厂, 农贸, 安置), the place word. (A name of two
                    // characters is its own short form: `namedPlaces` holds it.)
                    func plain(_ k: Int) -> Bool {
                        (0x4E00...0x9FFF).contains(chars[k]) && !stops.contains(chars[k]) && !singleSuffixes.contains(chars[k])
                    }
                    var head: Int?
                    if Self.genericInfixes1.contains(chars[i - 1]), plain(i - 3), plain(i - 2) {
                        head = i - 3
                    } else if i >= 4, Self.genericInfixes2.contains(UInt64(chars[i - 2]) << 32 | UInt64(chars[i - 1])), plain(i - 4), plain(i - 3) {
                        head = i - 4
                    }
                    if let h = head, h == 0 || chars[h - 1] >= 0x80 || !((0x30...0x39).contains(chars[h - 1]) || (0x61...0x7A).contains(chars[h - 1])) {
                        aliases.insert(metro ? name(h..<(h + 2)) + "地铁站" : name(h..<(h + 2), i..<(i + s.count)))
                    }
                }
                // One character before a one-character place word makes a name when nothing comes before it but a
                // boundary (`桂苑没水了`, `说桂苑停水`): `南苑` inside `江南苑路` is not one.
                // Nor when a road's word follows (`沙坝路`, `桂苑街`): that is the road's name, and two reports on one long
                // road are not at one place by it. Nor when an estate's `里`/`城` follows (`北湾里小区`): that is a longer
                // name (whose first part is found in a district's name, `北湾区`).
                if i - start == 1, s.count == 1, singleSuffixes.contains(s[0]), (0x4E00...0x9FFF).contains(chars[start]), found.count < limit,
                   start == 0 || stops.contains(chars[start - 1]) || !(0x4E00...0x9FFF).contains(chars[start - 1]),
                   !Self.roadWordFollows(chars, at: i + 1), !Self.nameGoesOn(chars, at: i + 1) {
                    found.insert(name(start..<(i + 1)))
                }
                i += s.count
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        return (found, aliases)
    }
}
