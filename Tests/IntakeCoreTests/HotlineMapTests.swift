import IntakeCore
import Testing

@Suite struct HotlineMapTests {
    static let map: HotlineMap = {
        let text = #"""
        {"hotlines": [
          {"hotline": "12319", "name": "城市管理服务热线", "dnis": ["12319", "0731-22886000"], "seatGroups": ["城管专席"],
           "sms": ["106901234512319"], "email": ["CGJ@city.gov.cn"], "wechatAppIds": ["gh_cgj"], "police110": ["430102"]},
          {"hotline": "4420000", "name": "供水热线", "dnis": ["4420000"], "sms": ["1069012345442"]},
          {"hotline": "12345", "sms": ["10690123451"]}
        ]}
        """#
        return try! HotlineMap(json: try! JSON.parse(text))
    }()

    @Test(arguments: [
        (EntryPoint(.dnis, "073122886000"), "12319"),
        (EntryPoint(.dnis, "0731 2288 6000"), "12319"),
        (EntryPoint(.dnis, "4420000"), "4420000"),
        (EntryPoint(.seatGroup, "城管专席"), "12319"),
        (EntryPoint(.sms, "106901234512319"), "12319"),
        (EntryPoint(.sms, "10690123451231901"), "12319"),  // an extension code after the port: longest prefix
        (EntryPoint(.sms, "106901234544201"), "4420000"),
        (EntryPoint(.sms, "1069012345199"), "12345"),
        (EntryPoint(.email, "cgj@City.Gov.CN"), "12319"),
        (EntryPoint(.wechat, "gh_cgj"), "12319"),
        (EntryPoint(.police110, "430102"), "12319"),
    ])
    func entryPointsReachTheirHotline(_ point: EntryPoint, _ hotline: String) {
        #expect(Self.map.hotline(for: point) == hotline)
    }

    @Test func unlistedEntryPointsAndPrefixesOfOtherKindsDoNotMatch() {
        #expect(Self.map.hotline(for: EntryPoint(.sms, "1069")) == nil)
        #expect(Self.map.hotline(for: EntryPoint(.dnis, "073122886000123")) == nil)  // prefixes are for SMS only
        #expect(Self.map.hotline(for: EntryPoint(.email, "mayor@city.gov.cn")) == nil)
        #expect(Self.map.resolve([EntryPoint(.dnis, "99999"), EntryPoint(.seatGroup, "城管专席")])?.entryPoint == EntryPoint(.seatGroup, "城管专席"))
        #expect(Self.map.resolve([]) == nil)
    }

    @Test func theLegacySMSSettingFoldsInWithoutOverridingTheFile() {
        let merged = Self.map.addingSMS(["106901234512319": "99999", "106905555": "12328"])
        #expect(merged.hotline(for: EntryPoint(.sms, "106901234512319")) == "12319")
        #expect(merged.hotline(for: EntryPoint(.sms, "1069055551")) == "12328")
    }

    @Test(arguments: [
        (#"{"hotlines": {}}"#, "hotlines must be an array"),
        (#"{"hotlines": [{"dnis": ["1"]}]}"#, "hotlines[0].hotline is required"),
        (#"{"hotlines": [{"hotline": "1", "dnis": "12319"}]}"#, "hotlines[0].dnis must be an array of strings"),
        (#"{"hotlines": [{"hotline": "1", "dnis": ["12319"]}, {"hotline": "2", "dnis": ["12-319"]}]}"#, "hotlines[1].dnis: 12-319 is already listed for 1"),
    ])
    func aBadFileSaysWhere(_ text: String, _ message: String) throws {
        do {
            _ = try HotlineMap(json: try JSON.parse(text))
            Issue.record("accepted \(text)")
        } catch let e as ChannelConfigurationError {
            #expect(e.message == message)
        }
    }
}

@Suite struct EntryPointBoundTests {
    @Test func theNormalizerKeepsAtMostSixteenShortEntryPoints() throws {
        var points = [EntryPoint(.email, String(repeating: "a", count: 300) + "@x.cn"), EntryPoint(.dnis, "")]
        points += (0..<20).map { EntryPoint(.email, "box\($0)@city.gov.cn") }
        let s = Submission(channel: .email, caller: Caller(email: "a@b.cn"), text: "路灯不亮", entryPoints: points)
        let n = try SubmissionNormalizer().normalize(s, policy: .truncate)
        #expect(n.entryPoints.count == 16)
        #expect(n.entryPoints.first == EntryPoint(.email, "box0@city.gov.cn"))
    }
}
