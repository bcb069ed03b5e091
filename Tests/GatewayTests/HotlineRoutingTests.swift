import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// One number for many hotlines: each channel's entry point reaches the hotline the map names, the legacy SMS
/// setting still works beside the file, and an unlisted entry point keeps INTAKE_HOTLINE.
@Suite(.serialized) struct HotlineRoutingTests {
    static let file = #"""
    {"hotlines": [
      {"hotline": "12319", "name": "城市管理服务热线", "dnis": ["0755-12345"], "email": ["mayor@12345.example"],
       "wechatAppIds": ["gh_12345city"], "police110": ["440305550000"]},
      {"hotline": "12328", "name": "交通运输服务监督热线", "seatGroups": ["交通专席"]},
      {"hotline": "12329", "name": "住房公积金热线", "sms": ["1069012345123"]}
    ]}
    """#

    @Test func everyChannelsEntryPointReachesItsHotline() throws {
        let path = NSTemporaryDirectory() + "hotlines-\(UUID().uuidString).json"
        try Data(Self.file.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try ConfigurationLoader.load(file: nil, environment: ["INTAKE_HOTLINES_FILE": path])
        let t = try TestGateway { config in
            for (k, v) in ConfigurationLoader.smsDemoSettings { config.settings[k] = v }  // sms.hotlines: 106901234512319=12319
            for (k, v) in Demo.miniProgramSettings { config.settings[k] = v }
            config.hotlineMap = loaded.hotlineMap
        }
        defer { t.stop() }
        for e in try Demo.examples(in: repositoryRoot + "/Channels") { _ = try Demo.send(e, baseURL: t.base, easy: CurlEasy()) }
        let items = try #require(try t.admin("/v1/tickets?limit=1000").json?["items"]?.arrayValue)
        func tickets(_ channel: String) -> [(hotline: String?, entryPoint: String?)] {
            items.filter { $0["channel"]?.stringValue == channel }.map { ($0["hotline"]?.stringValue, $0["entryPoint"]?.stringValue) }
        }
        let phone = tickets("phone")
        #expect(phone.contains { $0 == ("12319", "dnis:075512345") }, "\(phone)")
        #expect(phone.contains { $0 == ("12328", "seatGroup:交通专席") }, "\(phone)")
        #expect(phone.contains { $0.entryPoint == "dnis:12345" && $0.hotline == "12345" }, "an unlisted number keeps the channel's own reading: \(phone)")
        let sms = tickets("sms")
        #expect(sms.contains { $0 == ("12329", "sms:106901234512345") }, "the file's prefix: \(sms)")
        #expect(sms.contains { $0 == ("12319", "sms:106901234512319") }, "the legacy INTAKE_SMS_HOTLINES entry: \(sms)")
        #expect(tickets("email").allSatisfy { $0 == ("12319", "email:mayor@12345.example") }, "\(tickets("email"))")
        #expect(tickets("miniprogram").contains { $0 == ("12319", "wechat:gh_12345city") }, "\(tickets("miniprogram"))")
        #expect(tickets("police110").contains { $0 == ("12319", "police110:440305550000") }, "\(tickets("police110"))")
        #expect(tickets("web").allSatisfy { $0 == ("12345", nil) }, "\(tickets("web"))")
    }

    @Test func aBadHotlinesFileStopsTheStartWithTheReason() throws {
        let path = NSTemporaryDirectory() + "hotlines-\(UUID().uuidString).json"
        try Data(#"{"hotlines": [{"dnis": ["12319"]}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ConfigurationLoader.load(file: nil, environment: ["INTAKE_HOTLINES_FILE": path])
            Issue.record("accepted a hotline without a number")
        } catch {
            #expect("\(error)".contains("hotlines[0].hotline is required"), "\(error)")
        }
    }
}
