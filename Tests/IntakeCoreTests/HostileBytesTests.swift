import Foundation
import Testing
import TextCodec
@testable import IntakeCore

/// Byte-level parsing of public input stays linear, and only known charset labels reach iconv (issue 9, L1 and L6).
@Suite struct HostileBytesTests {
    @Test func aLongBoundaryCostsNoMoreThanAShortOne() throws {
        // The body is the boundary's own prefix over and over: a naive search compares up to 200 bytes at each
        // position; KMP looks at each byte once.
        let boundary = String(repeating: "a", count: 199) + "b"
        let filler = Array(String(repeating: "a", count: 1 << 20).utf8)
        func time(_ needle: [UInt8]) -> Double {
            let started = Date()
            #expect(ByteSearch.firstIndex(of: needle, in: filler, from: 0) == nil)
            return Date().timeIntervalSince(started)
        }
        let long = time(Array(("--" + boundary).utf8))
        let short = time(Array("--x".utf8))
        #expect(long < max(1.0, short * 10), "long boundary \(long) s, short \(short) s")
        // Found where it is, also across a partial match.
        let hay = Array(("xx--" + String(boundary.dropLast()) + "--" + boundary + "tail").utf8)
        #expect(ByteSearch.firstIndex(of: Array(("--" + boundary).utf8), in: hay, from: 0) == 2 + 2 + 199)
        #expect(ByteSearch.firstIndex(of: Array("abcabcabd".utf8), in: Array("abcabcabcabd".utf8), from: 0) == 3)
    }

    @Test func unknownLabelsNeverReachIconvAndFallBack() {
        #expect(TextCodec.iconvName(forLabel: "../../x") == nil)
        #expect(TextCodec.iconvName(forLabel: "UTF-7") == nil)
        #expect(TextCodec.iconvName(forLabel: "eucgb2312_cn") == .some("GB18030"))
        #expect(TextCodec.iconvName(forLabel: "cp950") == .some("CP950"))
        let gbk: [UInt8] = [0xCA, 0xD0, 0xB3, 0xA4]  // 市长
        #expect(TextCodec.decodeReporting(gbk, label: "x-nonsense").text == "市长")
        #expect(TextCodec.decodeReporting(gbk, label: "x-nonsense").used == .gb18030Fallback)
        #expect(TextCodec.decodeReporting(Array("市长".utf8), label: "x-nonsense").used == .utf8Fallback)
        #expect(TextCodec.decodeReporting(gbk, label: "x-gbk") == ("市长", .declared))
    }

    /// A lying label (bytes invalid in the declared charset) falls back like an unknown one: valid UTF-8, else valid
    /// GB18030, else the declared charset with replacement, and says which.
    @Test func lyingLabelsFallBackAndSaySo() {
        let gbk: [UInt8] = [0xCA, 0xD0, 0xB3, 0xA4]  // 市长
        #expect(TextCodec.decodeReporting(gbk, label: "utf-8") == ("市长", .gb18030Fallback))
        #expect(TextCodec.decodeReporting(Array("市长".utf8), label: "gb2312") == ("市长", .utf8Fallback))
        #expect(TextCodec.decodeReporting(Array("市长".utf8), label: "utf-8") == ("市长", .declared))
        // 0x80 and 0xFF lead no sequence in GB18030, Big5 or UTF-8.
        let broken: [UInt8] = [0xCA, 0xD0, 0xFF, 0x80]
        #expect(TextCodec.decodeReporting(broken, label: "gbk").used == .declaredWithReplacement)
        #expect(TextCodec.decodeReporting(broken, label: "gbk").text.hasPrefix("市"))
        #expect(TextCodec.decodeReporting(broken, label: "utf-8").used == .declaredWithReplacement)
        #expect(TextCodec.decodeReporting(broken, label: "x-nonsense").used == .gb18030Fallback)
    }

    @Test func aFloodOfInvalidBytesStopsCallingIconv() {
        let bytes = [UInt8](repeating: 0xFF, count: 200_000)
        let text = TextCodec.decode(bytes, label: "gbk")
        #expect(text.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
        #expect(text.unicodeScalars.count == bytes.count)
    }
}

/// Issue 9, L5: what reaches a log line has no full number, address or Message-ID.
@Suite struct LogRedactionTests {
    @Test func numbersAndAddressesAreMasked() {
        #expect(LogRedaction.redact("conflict on tencent:+8613812345678") == "conflict on tencent:+861********78")
        #expect(LogRedaction.redact("From zhang.san@example.com <20261123.1234@mail.example.cn>")
                == "From z***@example.com <2***@mail.example.cn>")
        #expect(LogRedaction.redact("回执 12 号，电话13912345678。") == "回执 12 号，电话139******78。")
        #expect(LogRedaction.redact("HTTP 503 after 2.5 s") == "HTTP 503 after 2.5 s")
        let long = String(repeating: "a@b ", count: 50_000)
        #expect(LogRedaction.redact(long).count == long.count + 3 * 50_000)
    }
}
