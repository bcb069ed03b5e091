#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes legacy Chinese charsets with glibc's iconv. Labels that lie in practice (gb2312 carrying GBK)
/// map to the superset GB18030, per DOMAIN.md. Bytes that do not decode become U+FFFD, never an error.
public enum TextCodec {
    /// The iconv name to decode a declared charset label with, or nil for UTF-8/ASCII.
    public static func iconvName(forLabel label: String) -> String? {
        let l = label.trimmingCharacters(in: " \t\"'").lowercased()
        switch l {
        case "", "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8": return nil
        case "gb2312", "gbk", "cp936", "euc-cn", "x-gbk", "chinese", "csgb2312", "gb18030", "x-euc-cn", "gb_2312-80", "ms936", "windows-936":
            return "GB18030"
        case "big5", "csbig5", "x-big5", "cn-big5", "big-5": return "BIG5"
        case "big5-hkscs", "big5hkscs": return "BIG5-HKSCS"
        case "ucs-2", "ucs2", "iso-10646-ucs-2", "utf-16be", "unicodefffe": return "UTF-16BE"
        case "utf-16le": return "UTF-16LE"
        case "utf-16": return "UTF-16"
        case "latin1", "iso-8859-1", "iso8859-1", "l1": return "ISO-8859-1"
        default: return l.uppercased()
        }
    }

    /// Decodes `bytes` declared as `label`; unknown labels and invalid sequences never throw.
    public static func decode(_ bytes: [UInt8], label: String) -> String {
        guard let name = iconvName(forLabel: label) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return decode(bytes, iconvName: name) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes with an iconv charset name; nil when iconv does not know the name.
    public static func decode(_ bytes: [UInt8], iconvName: String) -> String? {
        let cd = iconv_open("UTF-8", iconvName)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var input = bytes
        var chunk = [CChar](repeating: 0, count: 4096)
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
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
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
