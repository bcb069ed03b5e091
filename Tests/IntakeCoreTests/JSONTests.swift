import Foundation
import Testing
@testable import IntakeCore

struct JSONTests {
    @Test func keepsSixtyFourBitIntegersExact() throws {
        let j = try JSON.parse(#"{"MsgId": 6054768590064713728, "big": 9223372036854775807, "f": 1.5e3}"#)
        #expect(j["MsgId"] == .int(6_054_768_590_064_713_728))
        #expect(j["MsgId"]?.scalarText == "6054768590064713728")
        #expect(j["big"] == .int(Int64.max))
        #expect(j["f"]?.doubleValue == 1500)
    }

    @Test func roundTripsUnicodeAndEscapes() throws {
        let text = "噪音\n\"引号\"\t\\ 😀 \u{1}"
        let doc: JSON = ["text": .string(text), "n": nil, "list": [1, true, 2.5]]
        let back = try JSON.parse(doc.serialized())
        #expect(back == doc)
        #expect(back["text"]?.stringValue == text)
    }

    /// The exact bytes written: escapes inside and at both ends of runs copied whole, non-ASCII as is.
    @Test func writesEscapesExactly() {
        #expect(JSON.string("噪音\n\"引号\"\t\\ 😀 \u{1}\u{7F}\r").text == #""噪音\n\"引号\"\t\\ 😀 \u0001\u007f\r""#)
        #expect(JSON.string("\"a\"").text == #""\"a\"""#)
        #expect(JSON.string("").text == "\"\"")
        #expect(JSON.object([("k\u{1F}", .string("v"))]).text == #"{"k\u001f":"v"}"#)
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSON.parse(#""\ud83d\ude00 \u4f60""#) == .string("😀 你"))
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "tru", "01", "\"unterminated", "{\"a\":1} x", "[\"\\q\"]", "-", "1.",
        "{a:1}", "\"\u{1}\"",
    ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
    }

    @Test func errorSaysWhere() {
        do {
            _ = try JSON.parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 12)
        }
    }
}

struct TimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_354_512.148)) == "2026-11-22T13:35:12.148Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test(arguments: [
        ("2026-11-22T21:35:12+08:00", 1_795_354_512.0),
        ("2026-11-22T13:35:12Z", 1_795_354_512.0),
        ("2026-11-22T13:35:12.500Z", 1_795_354_512.5),
        ("2026-11-22 21:35:12", 1_795_354_512.0),
        ("2026/11/22 21:35:12", 1_795_354_512.0),
        ("20261122213512", 1_795_354_512.0),
        ("1795354512", 1_795_354_512.0),
        ("1795354512000", 1_795_354_512.0),
        ("2026-11-22T21:35+0800", 1_795_354_500.0),
    ])
    func parsesTheFormsPartnersSend(_ c: (String, Double)) {
        #expect(Timestamp.parse(c.0)?.timeIntervalSince1970 == c.1, "\(c.0)")
    }

    @Test(arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-22T25:00:00Z", "2026-11-22T10:00:00+0x:00"])
    func refusesNonsense(_ s: String) {
        #expect(Timestamp.parse(s) == nil)
    }

    @Test func receiptDaysAreLocal() {
        // 2026-11-22T17:00Z is already the 23rd in Beijing.
        let d = Date(timeIntervalSince1970: 1_795_366_800)
        #expect(Timestamp.dayStamp(d, offsetSeconds: 8 * 3600) == "20261123")
        #expect(Timestamp.dayStamp(d, offsetSeconds: 0) == "20261122")
    }
}

struct TextNormalizerTests {
    @Test(arguments: [
        ("ＡＢＣ　１２３", "ABC 123"),
        ("  路灯\t\t不亮  ", "路灯 不亮"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("①号楼", "1号楼"),
        ("zero\u{200B}width", "zerowidth"),
        ("控制\u{7}字符", "控制字符"),
    ])
    func normalizes(_ c: (String, String)) {
        #expect(TextNormalizer.normalize(c.0) == c.1)
    }

    /// The fast path gives exactly what Foundation's NFKC gives, for every character it handles.
    @Test func fastPathAgreesWithFoundation() {
        var samples = ["您好，我是福田区的居民！路灯（东门）坏了？：；", "ＡＢＣ　ａｂｃ～＠＃", "“引号”‘单引’—破折号·间隔号《书名》【方括号】〔龟甲〕"]
        var all = ""
        for v in Array(0x21...0x7E) + Array(0xFF01...0xFF5E) + Array(0x3001...0x3003) + Array(0x3008...0x3011) + Array(0x3014...0x301B)
            + [0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x00B7, 0x4E00, 0x9FA5, 0x9FFF] {
            all.unicodeScalars.append(Unicode.Scalar(UInt32(v))!)
            all += "字"
        }
        samples.append(all)
        for s in samples {
            let fast = TextNormalizer.normalizeCommon(s)
            #expect(fast != nil)
            #expect(fast == s.precomposedStringWithCompatibilityMapping.replacingOccurrences(of: "\u{3000}", with: " "), "\(s)")
        }
        #expect(TextNormalizer.normalizeCommon("①") == nil)
        #expect(TextNormalizer.normalizeCommon("…") == nil)
    }

    /// What is stored: the words as written, only line endings, surrounding whitespace and never-text removed.
    @Test func theCleanerKeepsTheWordsAsWritten() {
        #expect(TextCleaner.clean("　市长您好：\r\n垃圾三天没人清运了，气味很大！\r\r😷👨‍👩‍👧 𠮷  \n", keepingLines: true)
                == "市长您好：\n垃圾三天没人清运了，气味很大！\n\n😷👨‍👩‍👧 𠮷")
        #expect(TextCleaner.clean("a\u{0}b\u{7F}c\u{85}d\u{FFFE}e\tf", keepingLines: true) == "abcde\tf")
        #expect(TextCleaner.clean("第一行\n第二行", keepingLines: false) == "第一行 第二行")
        #expect(TextCleaner.clean(" 第三段 ", keepingLines: true, trimming: false) == " 第三段 ")
        // Nothing to remove: the text as it is (the fast path), and the edges that still make a copy.
        #expect(TextCleaner.clean("第一行\n第二行", keepingLines: true) == "第一行\n第二行")
        #expect(TextCleaner.clean("\n第一行", keepingLines: true) == "第一行")
        #expect(TextCleaner.clean("第一行\u{3000}", keepingLines: false) == "第一行")
        #expect(TextCleaner.clean("a" + String(Unicode.Scalar(0xFDD0)!), keepingLines: false) == "a")
        #expect(TextCleaner.clean("", keepingLines: false) == "")
    }
}

struct IdentifierTests {
    @Test func uuidV7HasVersionVariantAndTime() {
        let id = UUIDv7.make(milliseconds: 0x0190_1234_5678, random: Array(repeating: 0xFF, count: 10))
        #expect(id == "01901234-5678-7fff-bfff-ffffffffffff")
        #expect(UUIDv7.looksLikeUUID(id))
        let generated = RandomIDGenerator().uuidV7(at: Date())
        #expect(UUIDv7.looksLikeUUID(generated))
        #expect(Array(generated)[14] == "7")
    }

    @Test func uuidV7SortsByTime() {
        let a = RandomIDGenerator().uuidV7(at: Date(timeIntervalSince1970: 1000))
        let b = RandomIDGenerator().uuidV7(at: Date(timeIntervalSince1970: 1001))
        #expect(a < b)
    }
}
