import IntakeCore

/// Chinese text reduced to what matters for matching two reports of one matter.
///
/// The same complaint arrives typed on a form, as an SMS, and as an ASR transcript full of fillers; full-width and
/// half-width forms, punctuation, spacing and numerals written in characters or digits all differ. `normalize`
/// removes those differences so that character n-grams compare the words, not the typing.
public enum MatchText {
    /// Spoken fillers and politeness that ASR transcripts and SMS carry and that say nothing about the matter.
    /// Longest first, so `就是说` goes before `就是`.
    public static let fillers: [String] = [
        "我想反映一下", "我要反映一下", "我想反映", "我要反映", "反映一下", "我想问一下", "想咨询一下", "咨询一下", "问一下",
        "就是说", "然后呢", "那个那个", "您好", "你好", "请问", "麻烦", "谢谢", "那个", "这个", "就是", "然后", "那么", "喂",
        "嗯", "啊", "呃", "哦", "唉", "哎", "诶", "呀", "噢", "额",
    ]

    static let fillerBytes: [[UInt8]] = fillers.map { Array($0.utf8) }
    static let fillerSet = NeedleSet(fillerBytes)

    /// Characters that carry grammar, not content; dropped before shingling so that `我家楼下` and `楼下` match.
    static let stopCharacters: Set<Character> = ["的", "了", "是", "在", "我", "你", "他", "她", "们", "有", "也", "都", "就", "还",
                                                "很", "太", "又", "吗", "啦", "着", "过", "把", "被", "给", "和", "跟", "请", "能",
                                                "要", "说", "这", "那", "个", "一", "1", " "]

    static let digits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                           "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
    /// The scalars of `digits` and `units` (each one scalar).
    static let numeralScalars = ScalarSet((Array(digits.keys) + Array(units.keys)).flatMap { $0.unicodeScalars.map(\.value) })

    /// NFKC and width folding (via `TextNormalizer`), lowercase, Chinese numerals to digits, fillers, punctuation,
    /// symbols and whitespace removed; where sentence marks parted words, one space (`isSentenceMark`).
    public static func normalize(_ text: String) -> String {
        normalize(normalizedLowercased: TextNormalizer.normalizedLowercased(text))
    }

    /// `normalize` of a text given as `TextNormalizer.normalizedLowercased` of it.
    static func normalize(normalizedLowercased t: String) -> String {
        var bytes = Array(t.utf8)
        // A filler replaced by a space cannot make another occur, so only those in the text at first need a look.
        // (`replacingAll` returns the bytes as they are when an earlier filler's space took this one's place.) With no
        // filler in the text, `t` is kept as it is: no String made and validated again.
        let present = fillerSet.occurrences(in: bytes)
        var replaced = false
        for (k, f) in fillerBytes.enumerated() where present[k] {
            bytes = TextSearch.replacingAll(f, with: [0x20], in: bytes)
            replaced = true
        }
        let kept = replaced ? String(decoding: bytes, as: UTF8.self) : t
        return digitsAndLettersCommon(kept) ?? lettersAndNumbers(numeralsToDigits(kept))
    }

    /// The letters and numbers of `text`, the rest dropped; a sentence mark between two kept characters leaves one
    /// space (`isSentenceMark`).
    static func lettersAndNumbers(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var pending: UInt32?
        for s in text.unicodeScalars {
            if isSentenceMark(s.value) { pending = s.value; continue }
            guard isLetterOrNumber(s) else { continue }
            if let p = pending, let last = out.unicodeScalars.last, !(isNumberMark(p) && isDigit(last.value) && isDigit(s.value)) {
                out.unicodeScalars.append(" ")
            }
            pending = nil
            out.unicodeScalars.append(s)
        }
        return out
    }

    /// Marks that end a sentence or a clause (after `TextNormalizer`'s width folding: `，` is `,`): kept as one space
    /// between the words they part, so that a place's name is not read across them (`怎么还没处理？市场说…` names no
    /// `处理市场`). Spaces are no content (`stopCharacters`), and the lexicon reads through them as before. Whitespace
    /// and fillers are no marks: ASR text spaces its words.
    static func isSentenceMark(_ v: UInt32) -> Bool {
        switch v {
        case 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x3002, 0xFF61: return true
        default: return false
        }
    }

    /// Marks that are part of a number between two digits (`3.5`, `7:30`, `1,200`).
    static func isNumberMark(_ v: UInt32) -> Bool { v == 0x2C || v == 0x2E || v == 0x3A }
    static func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }

    /// What `normalize` keeps: letters and numbers.
    static func isLetterOrNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x00...0x7F: return false
        // CJK Unified Ideographs, all assigned (Lo) since Unicode 11.
        case 0x4E00...0x9FEF: return true
        default: break
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .otherLetter, .titlecaseLetter, .modifierLetter, .decimalNumber,
             .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `numeralsToDigits` and the letter filter of `normalize` in one pass over the scalars, into UTF-8 bytes, for text
    /// made only of scalars that are each a character of their own (ASCII, Latin-1, CJK ideographs and punctuation,
    /// general punctuation: no combining marks, joiners or prepended marks, so a numeral scalar is a numeral
    /// character); nil for anything else, which takes the general path. The same result by construction.
    static func digitsAndLettersCommon(_ text: String) -> String? {
        var text = text
        // (Decoded in place, `UTF8Decoding`.)
        return text.withUTF8 { bytes -> String? in
            let numerals = numeralScalars
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var run: [UInt32] = []
            var pending: UInt32?
            // A pending sentence mark becomes one space before the next kept character.
            func mark(beforeDigit digit: Bool) {
                guard let p = pending else { return }
                pending = nil
                if let last = out.last, !(isNumberMark(p) && isDigit(UInt32(last)) && digit) { out.append(0x20) }
            }
            func flush() {
                guard !run.isEmpty else { return }
                if let v = value(ofScalars: run) {
                    mark(beforeDigit: true)
                    out.append(contentsOf: String(v).utf8)
                } else {
                    mark(beforeDigit: false)
                    for v in run { appendUTF8(v, to: &out) }
                }
                run.removeAll(keepingCapacity: true)
            }
            // Letters and numbers with no mark pending and no numeral before them are kept as they are: a stretch of
            // them, from `kept`, is copied whole when something else comes.
            var kept = 0, i = 0
            while i < bytes.count {
                let start = i, (v, width) = UTF8Decoding.scalar(in: bytes, at: i)
                i += width
                switch v {
                case 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x3002:  // isSentenceMark, written out: this loop is hot
                    out.append(contentsOf: bytes[kept..<start])
                    kept = i
                    if !run.isEmpty { flush() }
                    pending = v
                    continue
                default:
                    guard isCommonScalar(v) else { return nil }
                }
                if numerals.contains(v) {
                    out.append(contentsOf: bytes[kept..<start])
                    kept = i
                    run.append(v)
                    continue
                }
                let letter = Unicode.Scalar(v).map(isLetterOrNumber) ?? false
                if letter && pending == nil && run.isEmpty { continue }
                out.append(contentsOf: bytes[kept..<start])
                kept = i
                if !run.isEmpty { flush() }
                if letter {
                    if pending != nil { mark(beforeDigit: isDigit(v)) }
                    appendUTF8(v, to: &out)
                }
            }
            out.append(contentsOf: bytes[kept..<bytes.count])
            flush()
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Runs of Chinese numerals (`三`, `十二`, `二十五`, `一百零八`) become Arabic digits; other text is kept.
    public static func numeralsToDigits(_ text: String) -> String {
        numeralsToDigitsCommon(text) ?? numeralsToDigitsByCharacter(text)
    }

    /// `numeralsToDigits` for any text, character by character.
    static func numeralsToDigitsByCharacter(_ text: String) -> String {
        var out = ""
        var run: [Character] = []
        func flush() {
            guard !run.isEmpty else { return }
            if let v = value(of: run) { out += String(v) } else { out += String(run) }
            run.removeAll()
        }
        for ch in text {
            if digits[ch] != nil || units[ch] != nil { run.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    /// `numeralsToDigits` by scalar into UTF-8 bytes, for text of the scalars `digitsAndLettersCommon` reads (each a
    /// character of its own, so a numeral scalar is a numeral character); nil for anything else. The same result by
    /// construction.
    static func numeralsToDigitsCommon(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var run: [UInt32] = []
        func flush() {
            if let v = value(ofScalars: run) { out.append(contentsOf: String(v).utf8) } else { for v in run { appendUTF8(v, to: &out) } }
            run.removeAll(keepingCapacity: true)
        }
        for s in text.unicodeScalars {
            guard isCommonScalar(s.value) else { return nil }
            if numeralScalars.contains(s.value) { run.append(s.value); continue }
            if !run.isEmpty { flush() }
            appendUTF8(s.value, to: &out)
        }
        if !run.isEmpty { flush() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The scalars the by-scalar paths read: ASCII, Latin-1, general punctuation, CJK marks, the unified ideographs and
    /// the full-width forms, each a character of its own (no combining mark or joiner among them).
    @inline(__always)
    static func isCommonScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x7F, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F, 0x4E00...0x9FFF,
             0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }

    /// A scalar's UTF-8, appended (`out.append(contentsOf: s.utf8)` went through the scalar's UTF-8 view, a good part
    /// of the by-scalar loops).
    @inline(__always)
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// `digits` and `units` by scalar (each of their characters is one scalar): a numeral's digit or unit without
    /// hashing a `Character`.
    static let numeralValues: [(scalar: UInt32, digit: Int?, unit: Int?)] = {
        var out: [(scalar: UInt32, digit: Int?, unit: Int?)] = []
        for (c, d) in digits { out.append((scalar: c.unicodeScalars.first!.value, digit: d, unit: nil)) }
        for (c, u) in units { out.append((scalar: c.unicodeScalars.first!.value, digit: nil, unit: u)) }
        return out
    }()

    @inline(__always)
    static func numeral(_ v: UInt32) -> (digit: Int?, unit: Int?) {
        for n in numeralValues where n.scalar == v { return (n.digit, n.unit) }
        return (nil, nil)
    }

    /// `value(of:)` of a run of numerals by their scalars (the by-scalar paths' runs, each scalar a numeral character).
    static func value(ofScalars run: [UInt32]) -> Int? {
        if let first = run.first, let u = numeral(first).unit, u > 10 { return nil }
        if !run.contains(where: { numeral($0).unit != nil }) {
            return run.count > 9 ? nil : run.reduce(0) { $0 * 10 + (numeral($1).digit ?? 0) }
        }
        var total = 0
        var current = 0
        for v in run {
            let n = numeral(v)
            if let d = n.digit {
                current = d
            } else if let u = n.unit {
                total += (current == 0 ? 1 : current) * u
                current = 0
            }
        }
        return total + current
    }

    static func value(of run: [Character]) -> Int? {
        // A number names its count of hundreds or thousands first (`一百`, `两千`); `十` alone is ten (`十二`). A bare
        // `百` or `千` begins a word (`百货大楼`, `千万别`), not a number.
        if let first = run.first, let u = units[first], u > 10 { return nil }
        // Digit strings without units read digit by digit (`二〇二六` -> 2026).
        if !run.contains(where: { units[$0] != nil }) {
            return run.count > 9 ? nil : run.reduce(0) { $0 * 10 + (digits[$1] ?? 0) }
        }
        var total = 0
        var current = 0
        for ch in run {
            if let d = digits[ch] {
                current = d
            } else if let u = units[ch] {
                total += (current == 0 ? 1 : current) * u
                current = 0
            }
        }
        return total + current
    }

    /// Hashes of the character bigrams of normalized text, grammar characters removed; sorted, without repeats.
    /// A text of one character yields that character as its only shingle.
    public static func shingles(ofNormalized text: String) -> [UInt64] {
        let chars = contentScalarsCommon(text) ?? text.filter { !stopCharacters.contains($0) }.unicodeScalars.map { UInt64($0.value) }
        if chars.count < 2 { return chars.map { StableHash.mix($0) } }
        var result: [UInt64] = []
        result.reserveCapacity(chars.count - 1)
        for i in 0..<(chars.count - 1) { result.append(StableHash.mix(chars[i] << 21 | chars[i + 1])) }
        result.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(result.count)
        for h in result where unique.last != h { unique.append(h) }
        return unique
    }

    /// The scalars of `text` without `stopCharacters`, by scalar, for text of ASCII and CJK ideographs only (each
    /// scalar a character of its own, so the same as filtering characters); nil for anything else.
    static func contentScalarsCommon(_ text: String) -> [UInt64]? {
        var text = text
        // (Decoded in place, `UTF8Decoding`.)
        return text.withUTF8 { bytes -> [UInt64]? in
            let stops = stopScalars
            var out: [UInt64] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let (v, width) = UTF8Decoding.scalar(in: bytes, at: i)
                i += width
                switch v {
                case 0x00...0x7F, 0x4E00...0x9FFF: break
                default: return nil
                }
                if !stops.contains(v) { out.append(UInt64(v)) }
            }
            return out
        }
    }

    static let stopScalars = ScalarSet(stopCharacters.flatMap { $0.unicodeScalars.map(\.value) })

    /// Similarity of two shingle sets (sorted, unique): the mean of Jaccard and the overlap coefficient.
    ///
    /// Jaccard alone punishes a short follow-up ("还是油烟的问题") against a long first report; the overlap
    /// coefficient alone calls any short text similar to any long one that contains it. The mean measured best on
    /// the labelled evaluation set (Tests/DedupTests/Fixtures).
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        let jaccard = Double(common) / Double(a.count + b.count - common)
        let overlap = Double(common) / Double(min(a.count, b.count))
        return (jaccard + overlap) / 2
    }
}
