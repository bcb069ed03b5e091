#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes legacy Chinese charsets with glibc's iconv. Labels that lie in practice (gb2312 carrying GBK)
/// map to the superset GB18030, per DOMAIN.md. Bytes that do not decode become U+FFFD, never an error.
///
/// Labels come from public input (mail headers, form parts), so only the labels in `knownLabels` ever reach
/// `iconv_open`; any other label is decoded by the fallback order: valid UTF-8, else GB18030.
public enum TextCodec {
    /// The labels senders write, lower-cased, and the iconv name each is decoded with (nil: UTF-8).
    static let knownLabels: [String: String?] = {
        var table: [String: String?] = [:]
        for l in ["utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8", "x-unknown", "unknown-8bit", "ansi_x3.4-1968",
                  "iso-ir-6", "us", "csascii"] {
            table[l] = .some(nil)
        }
        // The GB family: every label Python's `email` and real mail clients write, read as GB18030, the superset.
        for l in ["gb2312", "gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "eucgb2312_cn", "euc_cn",
                  "gb_2312-80", "gb2312-80", "gb2312-1980", "x-gbk", "chinese", "csgb2312", "csgb231280", "iso-ir-58",
                  "gb18030", "gb-18030", "gb18030-2000", "gb18030-2005", "gb18030-2022", "cn-gb", "x-gb2312", "hz-gb-2312-8bit",
                  "936", "euccn", "x-cp936"] {
            table[l] = "GB18030"
        }
        for l in ["big5", "csbig5", "x-big5", "cn-big5", "big-5", "big5-tw", "x-x-big5", "big5_tw", "tca-big5"] {
            table[l] = "BIG5"
        }
        for l in ["cp950", "ms950", "windows-950", "x-windows-950", "950"] { table[l] = "CP950" }
        for l in ["big5-hkscs", "big5hkscs", "big5_hkscs", "x-big5-hkscs"] { table[l] = "BIG5-HKSCS" }
        for l in ["ucs-2", "ucs2", "iso-10646-ucs-2", "utf-16be", "unicodefffe", "csunicode"] { table[l] = "UTF-16BE" }
        table["utf-16le"] = "UTF-16LE"
        table["utf-16"] = "UTF-16"
        for l in ["latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "cp819", "ibm819"] { table[l] = "ISO-8859-1" }
        for l in ["windows-1252", "cp1252", "x-cp1252"] { table[l] = "CP1252" }
        for l in ["iso-8859-15", "iso8859-15", "latin-9"] { table[l] = "ISO-8859-15" }
        for l in ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "cp932", "windows-31j"] {
            table[l] = "CP932"
        }
        for l in ["euc-jp", "x-euc-jp", "eucjp"] { table[l] = "EUC-JP" }
        for l in ["iso-2022-jp", "csiso2022jp"] { table[l] = "ISO-2022-JP" }
        for l in ["euc-kr", "ks_c_5601-1987", "cp949", "ks_c_5601", "x-windows-949", "windows-949"] { table[l] = "CP949" }
        for l in ["koi8-r", "cskoi8r"] { table[l] = "KOI8-R" }
        return table
    }()

    /// Which decoding was used for a text part.
    public enum Choice: String, Sendable {
        /// The declared label (or UTF-8 for UTF-8 and ASCII labels), and the bytes were valid in it.
        case declared
        /// The label was unknown, missing or lying (invalid bytes in it): the bytes were valid UTF-8.
        case utf8Fallback = "utf-8"
        /// The label was unknown, missing or lying, the bytes were not UTF-8: valid GB18030 (an unknown label whose
        /// bytes are valid in neither is read as GB18030 too, invalid sequences replaced).
        case gb18030Fallback = "gb18030"
        /// A known label whose bytes are valid in neither it nor UTF-8 nor GB18030: read as declared, invalid
        /// sequences replaced by U+FFFD.
        case declaredWithReplacement = "declared-with-replacement"
    }

    /// The iconv name to decode a declared charset label with: `.some(nil)` for UTF-8/ASCII, nil for a label not
    /// known here (which is never passed to iconv).
    public static func iconvName(forLabel label: String) -> String?? {
        let l = label.trimmingCharacters(in: " \t\"'").lowercased()
        if l.isEmpty { return .some(nil) }
        return knownLabels[l]
    }

    /// Decodes `bytes` declared as `label`; unknown labels and invalid sequences never throw.
    public static func decode(_ bytes: [UInt8], label: String) -> String {
        decodeReporting(bytes, label: label).text
    }

    /// Decodes `bytes` declared as `label` and says how. A known label whose bytes are valid in it decodes as
    /// declared. An unknown or lying one falls back to valid UTF-8, else valid GB18030, else the declared charset
    /// with replacement (an unknown label: GB18030 with replacement). A label lies when its decoding fails on at
    /// least two sequences and on at least one in eight non-ASCII bytes (GBK under a UTF-8 label fails on nearly
    /// every character; one damaged sequence in a UTF-8 text does not make it another charset), or when a legacy
    /// CJK label (GB family, Big5) carries valid UTF-8 with at least two three-byte sequences (CJK in UTF-8, which
    /// such text almost never forms by accident).
    public static func decodeReporting(_ bytes: [UInt8], label: String) -> (text: String, used: Choice) {
        let declared = iconvName(forLabel: label)
        var asDeclared: String?
        switch declared {
        case .some(.none):
            if let text = String(validating: bytes, as: UTF8.self) { return (text, .declared) }
            let invalid = invalidUTF8Sequences(bytes)
            if !lies(invalid: invalid, bytes) { return (String(decoding: bytes, as: UTF8.self), invalid == 0 ? .declared : .declaredWithReplacement) }
            asDeclared = String(decoding: bytes, as: UTF8.self)
        case .some(.some(let name)):
            if legacyCJK.contains(name), utf8Multibyte(bytes) >= 2, let text = String(validating: bytes, as: UTF8.self) {
                return (text, .utf8Fallback)
            }
            if let (text, invalid) = decodeCounting(bytes, iconvName: name) {
                if invalid == 0 { return (text, .declared) }
                if !lies(invalid: invalid, bytes) { return (text, .declaredWithReplacement) }
                asDeclared = text
            }
        case .none:
            break
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8Fallback) }
        if let (text, invalid) = decodeCounting(bytes, iconvName: "GB18030"), invalid == 0 { return (text, .gb18030Fallback) }
        if let asDeclared { return (asDeclared, .declaredWithReplacement) }
        return (decode(bytes, iconvName: "GB18030") ?? String(decoding: bytes, as: UTF8.self), .gb18030Fallback)
    }

    /// The iconv names of the legacy CJK charsets a UTF-8 text is often mislabelled with.
    static let legacyCJK: Set<String> = ["GB18030", "BIG5", "CP950", "BIG5-HKSCS"]

    static func lies(invalid: Int, _ bytes: [UInt8]) -> Bool {
        invalid >= 2 && invalid * 8 >= bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
    }

    /// The invalid sequences a UTF-8 decoder replaces (U+FFFD it writes, less those the bytes spelled out).
    static func invalidUTF8Sequences(_ bytes: [UInt8]) -> Int {
        var written = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars where scalar == "\u{FFFD}" { written += 1 }
        var spelled = 0
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD { spelled += 1; i += 3 } else { i += 1 }
        }
        return written - spelled
    }

    /// The three- and four-byte sequences in (valid or not) UTF-8 bytes: lead bytes 0xE0-0xF4.
    static func utf8Multibyte(_ bytes: [UInt8]) -> Int { bytes.reduce(0) { $0 + ($1 >= 0xE0 && $1 <= 0xF4 ? 1 : 0) } }

    /// After this many undecodable sequences the rest of the input is not given to iconv any more (each one costs
    /// an iconv call): it is read as UTF-8 with replacement, linear and without the C library.
    static let maxInvalidSequences = 1_024

    /// Decodes with an iconv charset name; nil when iconv does not know the name.
    public static func decode(_ bytes: [UInt8], iconvName: String) -> String? {
        decodeCounting(bytes, iconvName: iconvName)?.text
    }

    /// Decodes with an iconv charset name, counting the undecodable sequences replaced; nil when iconv does not
    /// know the name.
    static func decodeCounting(_ bytes: [UInt8], iconvName: String) -> (text: String, invalid: Int)? {
        let cd = iconv_open("UTF-8", iconvName)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var input = bytes
        var chunk = [CChar](repeating: 0, count: 4096)
        var invalid = 0
        var rest = 0
        input.withUnsafeMutableBytes { inBuf in
            var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                let (rc, produced, err) = chunk.withUnsafeMutableBufferPointer { outBuf -> (Int, Int, Int32) in
                    var outPtr = outBuf.baseAddress
                    var outLeft = outBuf.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (rc, outBuf.count - outLeft, errno)
                }
                output.append(contentsOf: chunk[0..<produced].map { UInt8(bitPattern: $0) })
                if rc == -1 {
                    if err == E2BIG { continue }
                    // EILSEQ or EINVAL (truncated): emit U+FFFD, skip one byte, reset the shift state.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                    iconv(cd, nil, nil, nil, nil)
                    invalid += 1
                    if invalid >= maxInvalidSequences {
                        rest = inLeft
                        break
                    }
                }
            }
        }
        if rest > 0 { output.append(contentsOf: String(decoding: bytes[(bytes.count - rest)...], as: UTF8.self).utf8) }
        return (String(decoding: output, as: UTF8.self), invalid)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
