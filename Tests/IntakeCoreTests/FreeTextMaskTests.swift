import Testing
@testable import IntakeCore

/// What a viewer sees of the personal data inside a citizen's own words.
@Suite struct FreeTextMaskTests {
    static let cases: [(label: String, text: String, masked: String)] = [
        ("mobile", "请打13812345678联系我", "请打138****5678联系我"),
        ("mobile with spaces", "电话 138 1234 5678。", "电话 138 **** 5678。"),
        ("mobile with dashes", "138-1234-5678", "138-****-5678"),
        ("full-width mobile", "电话：１３８１２３４５６７８", "电话：１３８****５６７８"),
        ("country code", "+86 138 1234 5678", "+86 1** **** 5678"),
        ("landline", "座机0755-8888 6666", "座机075*-**** 6666"),
        ("local number", "拨88886666", "拨888***66"),
        ("ID card", "身份证号11010519491231002X，", "身份证号110***********002X，"),
        ("ID card lower-case x", "11010519491231002x", "110***********002x"),
        ("18-digit ID card", "110105194912310021", "110***********0021"),
        ("e-mail", "邮箱zhang.san@example.com谢谢", "邮箱z***@example.com谢谢"),
        ("e-mail of digits", "13812345678@qq.com", "1***@qq.com"),
        ("date kept", "2026-11-30 早上", "2026-11-30 早上"),
        ("date then mobile", "2026-11-30 13812345678", "2026-11-30 138****5678"),
        ("house number kept", "3号楼1201室，建于1998年", "3号楼1201室，建于1998年"),
        ("short groups kept", "第 12 34 号", "第 12 34 号"),
        ("no @ domain kept", "价格@ 100 元", "价格@ 100 元"),
        ("plain text", "路灯坏了三天", "路灯坏了三天"),
        ("empty", "", ""),
    ]

    @Test(arguments: cases.indices)
    func maskedAsAViewerSeesIt(_ i: Int) {
        let c = Self.cases[i]
        #expect(PersonalData.maskFreeText(c.text) == c.masked, "\(c.label)")
    }

    /// Long text: every mobile's middle is hidden, and the work stays linear (a 40,000-character text at once).
    @Test func longTextIsMaskedThroughout() {
        let long = String(repeating: "路灯13812345678坏了 ", count: 2000)
        #expect(!PersonalData.maskFreeText(long).contains("1234"))
    }
}

/// One channel-data masker, two readers: retention keeps the citizen's words and masks every unknown partner field;
/// a viewer sees the words with numbers masked; both mask the caller's identity wherever a channel keeps it.
@Suite struct ChannelDataMaskTests {
    static let data: JSON = .object([
        ("police110", .object([("originalCategoryName", "市政设施故障"), ("lat", .double(22.54123)), ("callerPhone", "13812345678")])),
        ("unmapped", .object([("BZ", "已电话告知报警人13912345678转12345")])),
        ("transcript", .array([.object([("speaker", "citizen"), ("text", "我的电话是138 1234 5678")])])),
        ("fromUserName", "oUx9z-abcdef"), ("senderNumber", .int(13712345678)),
    ])

    @Test func eachReaderSeesWhatItMay() {
        let kept = ChannelDataMask.mask(Self.data, for: .retention)
        let shown = ChannelDataMask.mask(Self.data, for: .viewer)
        for m in [kept, shown] {
            #expect(m["police110"]?["originalCategoryName"] == "市政设施故障", "a category is not a name")
            #expect(m["police110"]?["callerPhone"] == "138****5678")
            #expect(m["fromUserName"]?.stringValue?.contains("abcdef") == false && m["senderNumber"] == "***")
        }
        #expect(kept["police110"]?["lat"] == .double(22.54) && shown["police110"]?["lat"] == .double(22.54123))
        #expect(kept["transcript"]?[0]?["text"] == "我的电话是138 1234 5678")
        #expect(shown["transcript"]?[0]?["text"] == "我的电话是138 **** 5678")
        #expect(kept["unmapped"]?["BZ"]?.stringValue?.contains("报警人") == false, "retention masks what no mapping named")
        #expect(shown["unmapped"]?["BZ"] == "已电话告知报警人139****5678转12345")
    }
}
