import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import MiniProgram

/// The demo's examples (Channels/MiniProgram/Examples) are sent as they are: their signatures and ciphertexts must
/// verify with the credentials the demo configures (Demo.miniProgramSettings in the gateway), and make tickets.
@Suite struct MiniProgramExampleTests {
    static let token = "demo-wechat-token"
    static let encodingAESKey = "ZGVtb3dlY2hhdGVuY29kaW5nYWVza2V5MDEyMzQ1Njc"
    static let appId = "wxdemo00000000001"

    static var examplesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Channels/MiniProgram/Examples")
    }

    func example(_ name: String) throws -> ChannelRequest {
        let doc = try JSON.parse(Array(try Data(contentsOf: Self.examplesDirectory.appendingPathComponent(name))))
        var body: [UInt8] = []
        if let b = doc["body"] { body = b.serialized() }
        if let t = doc["bodyText"]?.stringValue { body = Array(t.utf8) }
        return ChannelRequest(
            method: doc["method"]?.stringValue ?? "POST", path: try #require(doc["path"]?.stringValue),
            query: (doc["query"]?.objectValue ?? []).map { (name: $0.0, value: $0.1.scalarText ?? "") },
            headers: (doc["headers"]?.objectValue ?? []).map { (name: $0.0, value: $0.1.scalarText ?? "") },
            body: body, receivedAt: TestRequests.fixedDate)
    }

    @Test func wechatExamplesVerifyWithTheDemoCredentials() throws {
        let crypto = try #require(WeChatMessageCrypto(encodingAESKey: Self.encodingAESKey, appId: Self.appId))
        // The demo runs with the timestamp check off (INTAKE_WECHAT_TOLERANCE=0), at any date.
        let verifier = WeChatSignatureVerifier(token: Self.token, crypto: crypto, toleranceSeconds: nil,
                                               clock: FixedClock(Date(timeIntervalSince1970: 2_000_000_000)))
        let adapter = WeChatMessageAdapter(configuration: WeChatConfiguration(crypto: crypto))
        runChannelTestCases(adapter, [
            ChannelTestCase("00 URL verification", try example("00-wechat-url-verification.json"), .submissions([])),
            ChannelTestCase("01 plain text", try example("01-wechat-plain-text.json"), .submissions([ExpectedSubmission(
                channelRef: "7301234567890100001", openId: "oDemoCitizen_0001", recordOnly: false)])),
            ChannelTestCase("02 safe mode", try example("02-wechat-safe-mode.json"), .submissions([ExpectedSubmission(
                textContains: "垃圾桶已经三天没有清运了", channelRef: "7301234567890100002", openId: "oDemoCitizen_0002",
                recordOnly: false)])),
        ], verifier: verifier)
    }

    @Test func submissionExampleDecodes() throws {
        runChannelTestCases(MiniProgramSubmissionAdapter(), [
            ChannelTestCase("03 structured submission", try example("03-structured-submission.json"), .submissions([ExpectedSubmission(
                channelRef: "submission:mp-demo-20261122-0001", openId: "oDemoCitizen_0003", requestType: .complaint, attachments: 1)])),
        ])
    }
}
