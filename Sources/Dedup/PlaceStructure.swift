/// The parts of a place a Chinese address or report names, read from match-normalized text (`MatchText.normalize`
/// or `AddressKey.normalize`: digits, lower case, no punctuation): district, roads, crossings as unordered pairs of
/// roads, numbers on a road, buildings, units and rooms.
///
/// `人民路与解放路交叉口`, `解放路人民路口` and `人民路和解放路路口` are one crossing; `3栋`, `3号楼`, `3幢` and `3座` one
/// building. Two reports that both name a part and disagree on it (`8栋` / `10栋`, `人民路解放路口` / `人民路建设路口`)
/// are about different places, however alike their words: `conflict(with:)` says so. One pass over the text; every
/// set is bounded.
public struct PlaceStructure: Sendable, Equatable {
    /// `成华区`, from the text, and from the prefix `AddressKey.normalize` removes from an address (`MatterFeatures.addressDistricts`).
    public var districts: Set<String> = []
    /// `清河镇`: a town (each has its 中心小学, its 派出所), read where two characters of a name come before 镇.
    public var towns: Set<String> = []
    /// `人民路`, `天府3街`, `龙华大道`.
    public var roads: Set<String> = []
    /// Unordered pairs of roads, written `人民路/解放路` with the two names sorted.
    public var crossings: Set<String> = []
    /// A number on a road: `望江路88号`.
    public var roadNumbers: Set<String> = []
    /// `8` for 8栋 / 8号楼 / 8幢 / 8座, `a` for A座. Where the caller says which is his own (`我是…8栋的`), that one and those
    /// named with it as a list or span (`ownBuildings`).
    public var buildings: Set<String> = []
    public var units: Set<String> = []
    /// `502` for 502室, or the number after a unit or building (`2单元502`).
    public var rooms: Set<String> = []
    /// A station's exits: `a` for A口 / A出口, `3` for 3号口 / 3号出口 / 3号入口.
    public var exits: Set<String> = []
    /// A place's gates: `南` for 南门 / 南大门, `3` for 3号门 (not 大门, 校门, 门口 alone).
    public var gates: Set<String> = []
    /// A village's groups (村民小组, 社 in the south-west): `3` for 村3组 / 村三组 / 村3社. One group is one hamlet of
    /// the village, as a building is one of an estate.
    public var groups: Set<String> = []

    /// At most this many entries per part (the first in reading order).
    public static let limit = 8

    public init() {}

    public var isEmpty: Bool {
        districts.isEmpty && towns.isEmpty && roads.isEmpty && crossings.isEmpty && roadNumbers.isEmpty && buildings.isEmpty && units.isEmpty
            && rooms.isEmpty && exits.isEmpty && gates.isEmpty && groups.isEmpty
    }

    /// The parts of both, for a report whose address and text each name some. With `addressFirst` (self is the
    /// address field's, `other` the text's), a building the address names is where the reporter is: buildings the text
    /// names beside it are named only as reference (`7幢2单元楼道…5幢前两天刚着过火`, address 7幢) and are left out.
    public func merged(_ other: PlaceStructure, addressFirst: Bool = false) -> PlaceStructure {
        func cap(_ s: Set<String>) -> Set<String> { s.count <= Self.limit ? s : Set(s.sorted().prefix(Self.limit)) }
        var m = self
        m.districts = cap(districts.union(other.districts))
        m.towns = cap(towns.union(other.towns))
        m.roads = cap(roads.union(other.roads))
        m.crossings = cap(crossings.union(other.crossings))
        m.roadNumbers = cap(roadNumbers.union(other.roadNumbers))
        m.buildings = addressFirst && !buildings.isEmpty ? buildings : cap(buildings.union(other.buildings))
        m.units = cap(units.union(other.units))
        m.rooms = cap(rooms.union(other.rooms))
        m.exits = cap(exits.union(other.exits))
        m.gates = cap(gates.union(other.gates))
        m.groups = cap(groups.union(other.groups))
        return m
    }

    /// Why two places differ in a part both name, or nil. Buildings, units and rooms compare within one place; a
    /// crossing, a number on the same road and a district compare anywhere. `withinOnePlace: false` leaves buildings,
    /// units and rooms out (an incident that reaches several buildings).
    public func conflict(with o: PlaceStructure, withinOnePlace: Bool = true) -> String? {
        func differ(_ a: Set<String>, _ b: Set<String>) -> Bool { !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) }
        func list(_ s: Set<String>) -> String { s.sorted().joined(separator: ",") }
        if differ(crossings, o.crossings) { return "different crossings: \(list(crossings)) / \(list(o.crossings))" }
        if differ(districts, o.districts) { return "different districts: \(list(districts)) / \(list(o.districts))" }
        if differ(towns, o.towns) { return "different towns: \(list(towns)) / \(list(o.towns))" }
        // Numbers on a road both name.
        for road in roads.intersection(o.roads) {
            let a = roadNumbers.filter { $0.hasPrefix(road) }, b = o.roadNumbers.filter { $0.hasPrefix(road) }
            if differ(a, b) { return "different numbers on \(road): \(list(a)) / \(list(b))" }
        }
        if !withinOnePlace { return nil }
        if differ(buildings, o.buildings) {
            return "different buildings: " + buildings.sorted().map { $0 + "栋" }.joined(separator: ",") + " / "
                + o.buildings.sorted().map { $0 + "栋" }.joined(separator: ",")
        }
        if differ(units, o.units) { return "different units: \(list(units)) / \(list(o.units)) 单元" }
        if differ(rooms, o.rooms) { return "different rooms: \(list(rooms)) / \(list(o.rooms))" }
        if differ(exits, o.exits) { return "different exits: \(list(exits)) / \(list(o.exits))" }
        if differ(gates, o.gates) { return "different gates: \(list(gates)) / \(list(o.gates))" }
        if differ(groups, o.groups) { return "different village groups: \(list(groups)) / \(list(o.groups)) 组" }
        return nil
    }

    // MARK: Reading

    static func scalars(_ s: String) -> [UInt32] { s.scalarValues }
    static let lu: UInt32 = 0x8DEF, jie: UInt32 = 0x8857, dao: UInt32 = 0x9053, kou: UInt32 = 0x53E3, xiang: UInt32 = 0x5DF7
    /// A `路` before these is a word of its own, not a road's (`路面`, `路灯`: `往外冒路面` names no road 外冒路).
    static let notRoadAfter = ScalarSet(scalars("面灯"))
    static let daDao = scalars("大道"), daJie = scalars("大街"), lou = scalars("楼")[0]
    /// Lane words (`三板桥弄`, `菊儿胡同`): a lane is a road of its own, but `弄` is a verb (`弄好了`) and `胡同` a word as
    /// often, so a lane is read only before a door number on it (`三板桥弄3号`, `菊儿胡同5号`).
    static let nong = scalars("弄")[0], huTong = scalars("胡同")
    /// `楼` after these is a building (`商务大楼路口`, `写字楼`, `教学楼`), not part of a road's name.
    static let notTowerBefore = ScalarSet(scalars("大号栋层高主办教宿住门字公"))
    static let shan = scalars("山")[0]
    /// A road name stops (read backwards) at these: grammar, place words, other road words.
    /// `城` is no stop inside a road's name (`平城街`, `东城根街`) as it is before other place words (`进城`).
    static let nameStops = ScalarSet(PlaceNames.stops.values.subtracting(scalars("城")).union(Set(scalars("路街巷道苑村区市县省镇乡号栋楼幢座单元室"))))
    /// A `路`/`街` after one of these is not a road name (`马路`, `门口路面`, `线路`, `步行街`, `一条街`, `炸街`).
    static let notRoadBefore = ScalarSet(scalars("马公道走堵占挡修半区门口边条小铁线网思出让带迷过上下水山近一同套行夜岔叉绕问赶挖封断拦认引开铺电沿临满逛活退跑班油泥土头错段程见冷右得知分外臭米炸"))
    static let pier = scalars("码头")
    /// Whether the character before the road word at `i` makes it no road's (`notRoadBefore`): not `头` of 码头 (`码头路`,
    /// `码头街`: the road to the pier, in every port town), which `回头路`, `街头` are not.
    static func noRoadBefore(_ c: [UInt32], at i: Int) -> Bool {
        notRoadBefore.contains(c[i - 1]) && !(i >= 2 && c[i - 2] == pier[0] && c[i - 1] == pier[1])
    }

    /// A lone `1` before the road word at `i` after a character: `一路` ("all the way", `掉得一路都是`) once normalized,
    /// not a road numbered 1.
    /// After a district's `区` it is a numbered road (`新区1路`).
    static func isLoneOne(before i: Int, in c: [UInt32]) -> Bool {
        i >= 2 && c[i - 1] == 0x31 && !isDigit(c[i - 2]) && c[i - 2] != districtWord
    }
    static let directions = ScalarSet(scalars("东西南北中"))
    /// Words of going from one road to another: two roads with them between name no crossing.
    static let notBetweenCrossingRoads = ScalarSet(scalars("到去走从至"))
    static let connectors = ScalarSet(scalars("与和跟及同交"))
    /// (`十字` is `10字` once normalized.)
    static let crossingWords: [[UInt32]] = ["口", "路口", "交叉口", "交叉", "交汇", "交界", "10字"].map(scalars)
    static let buildingWords: [[UInt32]] = ["号楼", "栋", "幢", "座"].map(scalars)
    static let upOrDownStairs: [[UInt32]] = ["楼上", "楼下"].map(scalars)
    static let unitWord = scalars("单元"), roomWord = scalars("室"), haoWord = scalars("号")
    static let districtWord: UInt32 = 0x533A  // 区
    static let townWord: UInt32 = 0x9547  // 镇
    static let villageWord: UInt32 = 0x6751  // 村
    /// A village's group words after its number (`村3组`, `村3社`).
    static let groupWords = ScalarSet(scalars("组社"))
    static let notTownAfter = ScalarSet(scalars("里上"))
    /// A `区` after these ends a place name (`小区`, `社区`, `园区`, `工业区`), not a district.
    static let notDistrictBefore = ScalarSet(scalars("小社园校厂景片营矿库住宅城业辖街市禁山湾站活务发车公学息烟护览"))

    /// The first scalars of the words `parse` reads at a position: 大道, 路, 街, the building words, 单元, 室, 区, 村.
    static let partStarts = ScalarSet([daDao[0], lu, jie, xiang, nong, huTong[0], unitWord[0], roomWord[0], districtWord, townWord, kou, 0x95E8,
                                       villageWord]
        + buildingWords.map { $0[0] })
    static let chu: UInt32 = 0x51FA, ru: UInt32 = 0x5165  // 出, 入
    static let men: UInt32 = 0x95E8, da: UInt32 = 0x5927  // 门, 大
    static let gateSides = ScalarSet(scalars("东西南北正后侧"))

    /// The gate a `门` at `i` names (`南门`, `东大门`, `3号门`), or nil.
    static func gate(at i: Int, in c: [UInt32]) -> String? {
        var k = i
        if k >= 2, c[k - 1] == da { k -= 1 }
        if k >= 1, gateSides.contains(c[k - 1]) { return string(c[(k - 1)..<k]) }
        if k >= 2, c[k - 1] == haoWord[0], isDigit(c[k - 2]), let (n, _) = number(endingAt: k - 1, in: c) { return n }
        return nil
    }

    /// The exit a `口` at `i` ends (`A口`, `B出口`, `3号口`, `4号出口`, `2号入口`), or nil: a letter right before, or a
    /// number before 号 (`1口` is 一口 once normalized).
    static func exit(endingAt i: Int, in c: [UInt32]) -> String? {
        var k = i
        if k > 0, c[k - 1] == chu || c[k - 1] == ru { k -= 1 }
        if k >= 2, c[k - 1] == haoWord[0], isDigit(c[k - 2]), let (n, _) = number(endingAt: k - 1, in: c) { return n }
        guard k >= 1, isLetter(c[k - 1]), k < 2 || !isLetter(c[k - 2]) && !isDigit(c[k - 2]) else { return nil }
        return string(c[(k - 1)..<k])
    }

    static func isHan(_ v: UInt32) -> Bool { (0x4E00...0x9FFF).contains(v) }
    static func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }
    static func isLetter(_ v: UInt32) -> Bool { (0x61...0x7A).contains(v) }

    static func matches(_ c: [UInt32], _ at: Int, _ word: [UInt32]) -> Bool {
        guard at >= 0, at + word.count <= c.count else { return false }
        for k in 0..<word.count where c[at + k] != word[k] { return false }
        return true
    }

    static func string(_ c: ArraySlice<UInt32>) -> String {
        var out = String.UnicodeScalarView()
        for v in c { if let u = Unicode.Scalar(v) { out.append(u) } }
        return String(out)
    }

    /// The digits (or one letter) ending just before `end`, as a string, and where they start.
    static func number(endingAt end: Int, in c: [UInt32]) -> (String, Int)? {
        var start = end
        while start > 0, end - start < 6, isDigit(c[start - 1]) { start -= 1 }
        if start == end, end > 0, isLetter(c[end - 1]), end < 2 || !isLetter(c[end - 2]) { start = end - 1 }
        guard start < end else { return nil }
        var digits = c[start..<end]
        while digits.count > 1, digits.first == 0x30 { digits = digits.dropFirst() }
        return (string(digits), start)
    }

    /// A door number said after its road and a pause (`永安街啊，二十六号嗰间骑楼`: the filler and the comma leave one
    /// space in the match text): the number on the road, unless a word of time follows it (`人民路，5号开始停水` is a
    /// date) or it is a building's or a metro line's (`号楼`, `号线`).
    static func spokenDoorNumber(after end: Int, in c: [UInt32]) -> String? {
        guard end < c.count, c[end] == 0x20, let (n, after) = number(startingAt: end + 1, in: c), matches(c, after, haoWord),
              !matches(c, after + 1, [lou]), !matches(c, after + 1, scalars("线")),
              !timeAfterDate.contains(where: { matches(c, after + 1, $0) }) else { return nil }
        return n
    }

    /// Words after `N号` that make it a day of the month.
    static let timeAfterDate: [[UInt32]] = ["早", "晚", "上午", "下午", "中午", "凌晨", "半夜", "夜里", "那天", "当天", "开始", "以后", "之后",
                                             "以前", "之前", "前", "后", "到", "至", "左右", "起"].map(scalars)

    /// Whether a door number starts at `i` (`3号`, not `3号楼`).
    static func doorNumber(at i: Int, in c: [UInt32]) -> Bool {
        guard let (_, after) = number(startingAt: i, in: c) else { return false }
        return matches(c, after, haoWord) && (!matches(c, after + 1, [lou]) || upOrDownStairs.contains { matches(c, after + 1, $0) })
    }

    /// The digits starting at `start`, and where they end.
    static func number(startingAt start: Int, in c: [UInt32]) -> (String, Int)? {
        var end = start
        while end < c.count, end - start < 6, isDigit(c[end]) { end += 1 }
        return end > start ? (string(c[start..<end]), end) : nil
    }

    /// The name of a road whose road word starts at `i`: two characters, three when the last is a direction or a
    /// digit (`人民南路`, `天府3街`) or where a crossing's road starts (`东城根街和太升路`, `瓦窑路铁佛寺街口`);
    /// nil for words that only look like roads.
    static func roadName(before i: Int, in c: [UInt32], daDao: Bool = false, afterRoadEndingAt lastEnd: Int? = nil) -> Int? {
        // `山路` is a mountain path, but `中山大道` a road.
        guard i >= 2, !noRoadBefore(c, at: i) || (daDao && c[i - 1] == shan) else { return nil }
        // Digits alone name a 大道 (`五一大道` is `51大道` once normalized); `28路` is a bus line.
        if daDao {
            var d = i
            while d > 0, i - d < 3, isDigit(c[d - 1]) { d -= 1 }
            if i - d >= 2, d == 0 || !isDigit(c[d - 1]) { return d }
        }
        var start = i
        while start > 0, i - start < 3 {
            let v = c[start - 1]
            // `楼` after a name is part of a road's name (`鼓楼街`, `红旗楼东巷`), not a building word (`3号楼`).
            let tower = v == lou && start >= 2 && isHan(c[start - 2]) && !nameStops.contains(c[start - 2])
                && !notTowerBefore.contains(c[start - 2])
            // A numbered road's name may end in 区 (`新区2路`, `园区1路`).
            let numberedDistrict = v == districtWord && start < i && isDigit(c[i - 1]) && start - 1 > 0 && isHan(c[start - 2])
            if nameStops.contains(v) && !tower && !numberedDistrict && !PlaceNames.frontInRoadName(c, at: start - 1, roadWordAt: i) {
                // A word that ends names elsewhere may begin a road's name of two characters after a boundary (`和平路`).
                if i - start == 1, PlaceNames.nameInitials.contains(v), start < 2 || !isHan(c[start - 2]) || nameStops.contains(c[start - 2]) {
                    start -= 1
                }
                break
            }
            if !(isHan(v) || (isDigit(v) && start == i)) { break }
            start -= 1
        }
        // Three characters are the name where a crossing's second road starts (the text's start, right after another
        // road or a 与/和); elsewhere the first may be another word's (`门口解放路`, `还在响青石路`: punctuation is gone).
        let crossingStart = start == 0 || start == lastEnd || connectors.contains(c[start - 1])
        if i - start == 3 && !(directions.contains(c[i - 1]) || isDigit(c[i - 1])) && (!crossingStart || connectors.contains(c[start])) {
            start += 1
        }
        // `110转河街`: a 110 transfer about 河街, no road 转河街.
        guard i - start >= 2, isHan(c[start]), !(start > 0 && c[start] == PlaceNames.zhuan && isDigit(c[start - 1])) else { return nil }
        return start
    }

    /// A road of one character and its word (`河街`, `正街`) is read only where it meets a road read before it, by a
    /// connector or side by side, at a crossing (`滨江路与河街交叉口`, `滨江路河街路口`): elsewhere `上街`, `逛街` are
    /// no roads. The name's start, or nil.
    static func shortRoadName(before i: Int, in c: [UInt32], afterRoadEndingAt lastEnd: Int?) -> Int? {
        guard let lastEnd, i >= 1, isHan(c[i - 1]), !nameStops.contains(c[i - 1]), !notRoadBefore.contains(c[i - 1]) else { return nil }
        let crossingWordFollows = crossingWords.contains { matches(c, i + 1, $0) }
        if i - 1 == lastEnd, crossingWordFollows { return i - 1 }
        if i - 2 == lastEnd, connectors.contains(c[lastEnd]), crossingWordFollows || c[lastEnd] == 0x4E0E || c[lastEnd] == 0x4EA4 {
            return i - 1
        }
        return nil
    }

    /// A road of one character ending right before a connector at `k - 1` (`河街和`), at the start of the text or
    /// after a character that ends names: the first road of a crossing written `河街和滨江路路口`.
    static func shortRoad(endingBefore k: Int, in c: [UInt32]) -> (name: String, start: Int, end: Int)? {
        let j = k - 1
        guard j >= 2, connectors.contains(c[j]), c[j - 1] == lu || c[j - 1] == jie || c[j - 1] == xiang, isHan(c[j - 2]),
              !nameStops.contains(c[j - 2]), !notRoadBefore.contains(c[j - 2]),
              j - 3 < 0 || !isHan(c[j - 3]) || nameStops.contains(c[j - 3]) else { return nil }
        return (string(c[(j - 2)..<j]), j - 2, j)
    }

    /// Reads the parts named in normalized text.
    public static func parse(normalized text: String) -> PlaceStructure { parse(scalars: scalars(text)) }

    /// `parse(normalized:)` of the text whose scalars' values are `c`.
    static func parse(scalars c: [UInt32]) -> PlaceStructure {
        var p = PlaceStructure()
        func insert(_ v: String, _ keyPath: WritableKeyPath<PlaceStructure, Set<String>>) {
            if p[keyPath: keyPath].count < limit { p[keyPath: keyPath].insert(v) }
        }
        // The last road read: its name, where its name started and where its road word ended.
        var last: (name: String, start: Int, end: Int)?
        // The buildings named, in reading order, and which of them the caller says is his own (`我是…2号楼的`).
        var named: [(number: String, start: Int, end: Int)] = []
        var own: Int?
        // Which of them the caller says it is not (`不是2号楼那个啊，是3号楼`).
        var denied: Set<Int> = []
        // Where a road's door number ends with its `号` before 楼上 or 楼下: no building's `号楼`.
        var doorNumberAt = -1
        var i = 0
        while i < c.count {
            let v = c[i]
            // Every part below starts at one of these; elsewhere there is nothing to read.
            if !partStarts.contains(v) { i += 1; continue }
            // Roads: `路` (not `路面`), `街` (not `街道`), `巷`, `大道`, `大街` (its name is the two characters before), and
            // lanes before a door number (`弄3号`, `胡同5号`).
            var wordLength = 0, lane = false
            let next = i + 1 < c.count ? c[i + 1] : 0
            if matches(c, i, daDao) || matches(c, i, daJie) {
                wordLength = 2
            } else if (v == lu && !notRoadAfter.contains(next) && !isLoneOne(before: i, in: c)) || (v == jie && next != dao) || v == xiang {
                wordLength = 1
            } else if let word = [[nong], huTong].first(where: { matches(c, i, $0) }), doorNumber(at: i + word.count, in: c) {
                wordLength = word.count
                lane = true
            }
            if wordLength > 0, var start = roadName(before: i, in: c, daDao: wordLength == 2 && !lane, afterRoadEndingAt: last?.end)
                ?? (wordLength == 1 && !lane ? shortRoadName(before: i, in: c, afterRoadEndingAt: last?.end) : nil) {
                // A lane's name is its two characters (`天一弄`, `鼓楼弄`): the word before is a caller's (`阿拉天一弄`,
                // Wu for 我们), not the lane's, however it ends.
                if lane { start = max(start, i - 2) }
                let name = string(c[start..<(i + wordLength)])
                let end = i + wordLength
                // A road of one character before a connector and this road (`河街和滨江路路口`): the crossing's first road.
                if last.map({ $0.end < start - 1 }) ?? true, let short = shortRoad(endingBefore: start, in: c) {
                    insert(short.name, \.roads)
                    last = short
                }
                insert(name, \.roads)
                if let (n, after) = number(startingAt: end, in: c), matches(c, after, haoWord) {
                    // Up or down the stairs of a door number (`望海路18号楼上`, `人民路5号楼下`): the number on the road,
                    // not a building 18.
                    let stairs = upOrDownStairs.contains { matches(c, after + 1, $0) }
                    if stairs { doorNumberAt = after }
                    if stairs || !matches(c, after + 1, [0x697C]) { insert(name + n + "号", \.roadNumbers) }
                } else if let n = spokenDoorNumber(after: end, in: c) {
                    insert(name + n + "号", \.roadNumbers)
                }
                // Two roads side by side (or joined by 与/和) and then a crossing word, or joined by 与/交: a crossing.
                let crossingWordFollows = crossingWords.contains { matches(c, end, $0) }
                    || (matches(c, end, [0x7684]) && crossingWords.contains { matches(c, end + 1, $0) })  // 的路口
                if let l = last, l.name != name, start - l.end <= 1,
                   start == l.end || connectors.contains(c[l.end]) {
                    let joinedBy = start == l.end ? nil : c[l.end]
                    if crossingWordFollows || joinedBy == 0x4E0E || joinedBy == 0x4EA4 {  // 与, 交
                        insert([l.name, name].sorted().joined(separator: "/"), \.crossings)
                    }
                } else if let l = last, l.name != name, crossingWordFollows, start - l.end <= 2,
                          c[l.end..<start].allSatisfy({ isHan($0) && !notBetweenCrossingRoads.contains($0) }) {
                    // A word or two between the roads before the crossing word (`人民路上靠解放路口`, `解放路靠近人民路的路口`,
                    // `人民路往解放路10字路口`), but no going from one to the other (`从人民路走到解放路口`).
                    insert([l.name, name].sorted().joined(separator: "/"), \.crossings)
                }
                last = (name, start, end)
                i = end
                continue
            }
            // Buildings, units, rooms after a number.
            if i != doorNumberAt, let w = buildingWords.first(where: { matches(c, i, $0) }), let (n, ns) = number(endingAt: i, in: c) {
                // `3楼` is a floor and `号` alone a door or a date; `号楼` is a building.
                insert(n, \.buildings)
                let after = i + w.count
                if own == nil, declaresOwn(before: ns, in: c, after: named.last?.end ?? 0) { own = named.count }
                if ns >= notWord.count, matches(c, ns - notWord.count, notWord) { denied.insert(named.count) }
                named.append((n, ns, after))
                if let (room, end) = number(startingAt: after, in: c), room.count >= 3, !matches(c, end, haoWord) {
                    insert(room, \.rooms)
                }
                i = after
                continue
            }
            if matches(c, i, unitWord), let (n, _) = number(endingAt: i, in: c) {
                insert(n, \.units)
                if let (room, _) = number(startingAt: i + 2, in: c), room.count >= 3 { insert(room, \.rooms) }
                i += 2
                continue
            }
            if v == kou, let e = exit(endingAt: i, in: c) { insert(e, \.exits) }
            // A village's group: its number right after the village's 村 and before 组 or 社 (`红柳村3组`, `曼帕村3社`), and
            // the groups named with it as a list (`前进村2组、3组`, `村2组和3组`).
            if v == villageWord, let (n, first) = number(startingAt: i + 1, in: c), n.count <= 2, first < c.count, groupWords.contains(c[first]) {
                insert(n, \.groups)
                var end = first
                while end + 1 < c.count, let (m, e) = number(startingAt: buildingJoins.contains(c[end + 1]) ? end + 2 : end + 1, in: c),
                      m.count <= 2, e < c.count, groupWords.contains(c[e]) {
                    insert(m, \.groups)
                    end = e
                }
            }
            if v == men, let g = gate(at: i, in: c) { insert(g, \.gates) }
            if v == roomWord[0], let (n, _) = number(endingAt: i, in: c) {
                insert(n, \.rooms)
            }
            if v == districtWord, i >= 2, isHan(c[i - 1]), isHan(c[i - 2]), !notDistrictBefore.contains(c[i - 1]),
               !nameStops.contains(c[i - 1]), !nameStops.contains(c[i - 2]) {
                insert(string(c[(i - 2)...i]), \.districts)
            }
            // (`镇里`, `镇上` are the town's office or the town centre, after any verb: `要等镇里`, `到镇上`.)
            if v == townWord, i >= 2, isHan(c[i - 1]), isHan(c[i - 2]), !nameStops.contains(c[i - 1]), !nameStops.contains(c[i - 2]),
               i + 1 >= c.count || !notTownAfter.contains(c[i + 1]) {
                insert(string(c[(i - 2)...i]), \.towns)
            }
            i += 1
        }
        if let own, named.count > 1 {
            p.buildings = ownBuildings(named, own: own, in: c)
        } else if !denied.isEmpty, denied.count < named.count {
            p.buildings = Set(named.indices.filter { !denied.contains($0) }.prefix(limit).map { named[$0].number })
        }
        return p
    }

    /// `不是` right before a building's number: the caller names that building as the one he does not mean (`不是2号楼
    /// 那个啊，是3号楼`, told to set his apart from the one another caller reported). Beside a building he does mean, it
    /// is not where he reports.
    static let notWord = scalars("不是")

    /// Words of a caller saying where he lives or is from (`我是红砖楼小区2号楼的`, `我家住6栋`, `俺是4栋的`), or where his
    /// household or his neighbours are (`我们5栋的也来登记`, `俺们3号楼`): beside it, a building he names as where others
    /// call from (`听说3栋也在反映`) is named for reference.
    static let ownWords: [[UInt32]] = ["我是", "我住", "我家", "我们", "俺是", "俺家", "俺住", "俺们"].map(scalars)
    /// How far before a building's number the words of the caller's own may stand (an estate's name between).
    static let ownReach = 10

    /// Whether the caller's own words (`ownWords`) stand within `ownReach` before the number starting at `ns`, after the
    /// building read before it (`after`).
    static func declaresOwn(before ns: Int, in c: [UInt32], after: Int) -> Bool {
        let from = max(after, ns - ownReach)
        guard from < ns else { return false }
        for end in stride(from: ns, through: from, by: -1) where ownWords.contains(where: { end - $0.count >= from && matches(c, end - $0.count, $0) }) {
            return true
        }
        return false
    }

    /// Characters that join buildings named as a list or a span (`3栋和5栋之间`, `3号楼到5号楼`, `3栋4栋都没电`).
    static let buildingJoins = ScalarSet(scalars("和与到至及跟同、 "))

    /// The building the caller says is his own and those named with it as a list or span; a building named apart from
    /// it (`隔壁1号楼不是停工了吗`, `前几天2栋不是掉了吗`) is named for reference, as one beside an address's building is.
    static func ownBuildings(_ named: [(number: String, start: Int, end: Int)], own: Int, in c: [UInt32]) -> Set<String> {
        func joined(_ a: Int, _ b: Int) -> Bool {
            named[b].start - named[a].end <= 2 && c[named[a].end..<named[b].start].allSatisfy(buildingJoins.contains)
        }
        var lo = own, hi = own
        while lo > 0, joined(lo - 1, lo) { lo -= 1 }
        while hi + 1 < named.count, joined(hi, hi + 1) { hi += 1 }
        return Set(named[lo...hi].map(\.number))
    }
}
