import IntakeCore

/// Addresses as citizens write them, reduced for comparison: `广东省深圳市南山区阳光花园三号楼502` and
/// `阳光花园3栋 502室` name one building; `阳光花园小区门口` names the same place.
public enum AddressKey {
    /// Characters after which a leading administrative part ends (`广东省`, `深圳市`, `南山区`, `宝安县`).
    static let adminSuffixes: Set<Character> = ["省", "市", "区", "县", "旗"]
    /// A `区` after one of these ends a place name (`阳光小区`, `科技园区`), not a district.
    static let notAdminBefore: Set<Character> = ["小", "社", "园", "校", "厂", "景", "片", "营", "矿", "库", "住", "宅", "城"]
    /// Road words and a crossing's 与: after a name of two characters (`道里区`, `路北区` are districts) they end a road.
    static let notInAdminName: Set<Character> = ["路", "街", "道", "巷", "与"]
    static let buildingWords: [(String, String)] = [("号楼", "栋"), ("幢", "栋"), ("座", "栋"), ("#楼", "栋"), ("#", "栋"), ("楼栋", "栋")]
    static let buildingWordBytes: [([UInt8], [UInt8])] = buildingWords.map { (Array($0.0.utf8), Array($0.1.utf8)) }
    /// (`大门口` before `门口`: `新村大门口` is at `新村`, not at `新村大`.)
    static let placeTrailers = ["大门口", "小区", "社区", "门口", "附近", "旁边", "对面", "楼下", "周边", "东门", "西门", "南门", "北门",
                                "大门", "门前", "里面", "内", "里", "处", "一带", "路口", "这边", "那边", "边上"]

    /// The address normalized: NFKC, lowercase, numerals to digits, building words unified, punctuation and
    /// spaces removed, the province/city/district prefix removed (one hotline serves one city).
    public static func normalize(_ address: String) -> String { normalizeKeepingDistricts(address).address }

    /// `normalize`, and the districts or counties its removed prefix named (`东湖区` of `东湖区人民路与解放路交叉口`), in
    /// the form `PlaceStructure.districts` takes from a text: one city has a 人民路 in more than one district, and two
    /// addresses in two districts are two places however alike the rest.
    public static func normalizeKeepingDistricts(_ address: String) -> (address: String, districts: Set<String>) {
        var t = TextNormalizer.normalizedLowercased(address)
        var bytes = Array(t.utf8)
        // (Most addresses hold no building word: then `t` is kept, no String made and validated again.)
        var replaced = false
        for (from, to) in buildingWordBytes where TextSearch.contains(bytes, from) {
            bytes = TextSearch.replacingAll(from, with: to, in: bytes)
            replaced = true
        }
        if replaced { t = String(decoding: bytes, as: UTF8.self) }
        t = MatchText.numeralsToDigits(t)
        // Letters and decimal digits, as UTF-8 bytes (ASCII and the CJK ideographs, all `otherLetter`, without the
        // property tables), and as scalar values while each is a character of its own (`scalarLetters`).
        var keptBytes: [UInt8] = []
        keptBytes.reserveCapacity(t.utf8.count)
        var keptScalars: [UInt32]? = []
        keptScalars?.reserveCapacity(t.utf8.count)
        for s in t.unicodeScalars {
            switch s.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x4E00...0x9FEF:
                MatchText.appendUTF8(s.value, to: &keptBytes)
                keptScalars?.append(s.value)
            case 0x00...0x7F: continue
            default:
                switch s.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .otherLetter, .decimalNumber:
                    keptBytes.append(contentsOf: s.utf8)
                    keptScalars = nil
                default: continue
                }
            }
        }
        if let keptScalars { return withoutPrefix(keptScalars, scalarLetters) }
        return withoutPrefix(Array(String(decoding: keptBytes, as: UTF8.self)), characterLetters)
    }

    /// The address's letters without its administrative prefix and a leading `街道`, and the districts the prefix named.
    static func withoutPrefix<T>(_ letters: [T], _ l: Letters<T>) -> (address: String, districts: Set<String>) {
        var chars = letters
        var districts: Set<String> = []
        for _ in 0..<4 {
            guard let cut = adminPrefixEnd(chars, l) else { break }
            // (Its last three characters, as `PlaceStructure` reads a district in a text: `沙湾新区` is `湾新区` there.)
            if cut >= 3, l.countyLevel.contains(chars[cut - 1]) { districts.insert(l.string(chars[(cut - 3)..<cut])) }
            chars.removeFirst(cut)
        }
        if let street = firstRange(of: l.street, in: chars), street.upperBound <= 10, chars.count - street.upperBound >= 2 {
            chars.removeFirst(street.upperBound)
        }
        return (l.string(chars[...]), districts)
    }

    /// The characters the address is read by, as `Character`s (any text), or as scalar values (`scalarLetters`: text whose
    /// every scalar is ASCII or a CJK ideograph, each a character of its own, so the same answers without breaking the
    /// text into graphemes nor hashing characters, which was most of what reading an address cost).
    struct Letters<T: Hashable>: Sendable where T: Sendable {
        let adminSuffixes: Set<T>, notAdminBefore: Set<T>, notInAdminName: Set<T>, countyLevel: Set<T>, roadWords: Set<T>
        let qu: T, shi: T, cheng: T, da: T, dao: T
        let street: [T]
        let trailers: [[T]]
        let isNumber: @Sendable (T) -> Bool
        let string: @Sendable (ArraySlice<T>) -> String
    }

    static let characterLetters = Letters<Character>(
        adminSuffixes: adminSuffixes, notAdminBefore: notAdminBefore, notInAdminName: notInAdminName, countyLevel: countyLevel,
        roadWords: roadWords, qu: "区", shi: "市", cheng: "城", da: "大", dao: "道", street: Array("街道"), trailers: placeTrailerCharacters,
        isNumber: { $0.isNumber }, string: { String($0) })

    /// `characterLetters` by scalar value (each of its characters is one scalar).
    static let scalarLetters: Letters<UInt32> = {
        func set(_ c: Set<Character>) -> Set<UInt32> { Set(c.map(value)) }
        func value(_ c: Character) -> UInt32 { c.unicodeScalars.first!.value }
        let l = characterLetters
        return Letters<UInt32>(adminSuffixes: set(l.adminSuffixes), notAdminBefore: set(l.notAdminBefore), notInAdminName: set(l.notInAdminName),
                               countyLevel: set(l.countyLevel), roadWords: set(l.roadWords), qu: value(l.qu), shi: value(l.shi),
                               cheng: value(l.cheng), da: value(l.da), dao: value(l.dao), street: l.street.map(value),
                               trailers: l.trailers.map { $0.map(value) },
                               // (`Character.isNumber` is its first scalar's numeric type.)
                               isNumber: { v in (0x30...0x39).contains(v) || (v >= 0x80 && Unicode.Scalar(v)?.properties.numericType != nil) },
                               string: { s in
                                   var bytes: [UInt8] = []
                                   bytes.reserveCapacity(3 * s.count)
                                   for v in s { MatchText.appendUTF8(v, to: &bytes) }
                                   return String(decoding: bytes, as: UTF8.self)
                               })
    }()

    /// The scalar values of `text` when each is ASCII (printable) or a CJK ideograph, each a character of its own.
    static func simpleScalars(_ text: String) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s.value {
            case 0x20...0x7E, 0x4E00...0x9FEF: out.append(s.value)
            default: return nil
            }
        }
        return out
    }

    /// A prefix ending in these is a district or county (not a province or a city, which holds districts).
    static let countyLevel: Set<Character> = ["区", "县"]

    /// The form the index stores an address in: the normalized address, then the districts its prefix named after
    /// `storedSeparator` (`人民路与解放路交叉口|东湖区`), so that features rebuilt from the row (`stored(_:)`) compare as
    /// those made from the submission. Rows without the separator (stored before) have no districts.
    public static func stored(_ address: String, districts: Set<String>) -> String {
        districts.isEmpty ? address : address + String(storedSeparator) + districts.sorted().joined(separator: ",")
    }

    /// The normalized address and the districts of a stored form (`stored(_:districts:)`).
    public static func stored(_ form: String) -> (address: String, districts: Set<String>) {
        guard let bar = form.lastIndex(of: storedSeparator) else { return (form, []) }
        let names = form[form.index(after: bar)...].split(separator: ",").map(String.init)
        return (String(form[..<bar]), Set(names))
    }

    /// Never in a normalized address (letters and digits only).
    static let storedSeparator: Character = "|"

    static func adminPrefixEnd<T>(_ chars: [T], _ l: Letters<T>) -> Int? {
        // An address of punctuation only (`!!!`) normalizes to nothing: no prefix, and no empty range to trap on.
        guard chars.count >= 2 else { return nil }
        for i in 1..<min(chars.count, 10) where l.adminSuffixes.contains(chars[i]) {
            // A district's name has no road or crossing after its first two characters (`青澜大道与新区1路` is no
            // district `青澜大道与新区`).
            if i > 2, chars[2..<i].contains(where: l.notInAdminName.contains) { return nil }
            // A district of two characters ending in 城 (`川城区`, `新城区`) at the start is one.
            if chars[i] == l.qu, i == 2, chars[1] == l.cheng { return i + 1 }
            if chars[i] == l.qu || chars[i] == l.shi, l.notAdminBefore.contains(chars[i - 1]) { return nil }
            guard chars.count - (i + 1) >= 2 else { return nil }
            return i + 1
        }
        return nil
    }

    static func firstRange<T: Equatable>(of needle: [T], in hay: [T]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) {
            return i..<(i + needle.count)
        }
        return nil
    }

    /// The place an address is at, without building, unit and room: `阳光花园3栋502` -> `阳光花园`,
    /// `深南大道6008号` -> `深南大道`. Nil when fewer than two characters are left.
    public static func placeKey(normalized: String) -> String? {
        if let scalars = simpleScalars(normalized) { return placeKey(scalars, scalarLetters) }
        return placeKey(Array(normalized), characterLetters)
    }

    static func placeKey<T>(_ all: [T], _ l: Letters<T>) -> String? {
        // Characters, not String indices: each trailer test and removal is then constant time, so stripping a
        // thousand `门口`s is linear (String.count per removal made it quadratic).
        // Up to the first number that is not part of a road's name (`中山2路`, `科技3街`): a door, building or room.
        var cut = 0
        while cut < all.count {
            guard l.isNumber(all[cut]) else { cut += 1; continue }
            var end = cut
            while end < all.count, l.isNumber(all[end]) { end += 1 }
            guard end < all.count, l.roadWords.contains(all[end]) || (all[end] == l.da && end + 1 < all.count && all[end + 1] == l.dao)
            else { break }
            cut = end
        }
        var prefix = Array(all[..<cut])
        var trimmed = true
        while trimmed {
            trimmed = false
            for w in l.trailers where prefix.count > w.count + 1 && prefix[(prefix.count - w.count)...].elementsEqual(w) {
                prefix.removeLast(w.count)
                trimmed = true
            }
        }
        return prefix.count >= 2 ? l.string(prefix[...]) : nil
    }

    static let placeTrailerCharacters: [[Character]] = placeTrailers.map(Array.init)
    static let roadWords: Set<Character> = ["路", "街", "巷"]
}
