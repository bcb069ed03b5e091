import Foundation
import Testing
import IntakeCore

struct StandardWebhooksTests {
    /// The test vector published with the Standard Webhooks specification's reference libraries,
    /// checked independently with Python's hmac module.
    @Test func matchesThePublishedVector() {
        let signer = StandardWebhooks(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let sig = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    func request(_ headers: [(String, String)], body: String) -> ChannelRequest {
        ChannelRequest(path: "/v1/intake/phone", headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    @Test func verifierAcceptsGoodAndRefusesTampered() throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let clock = FixedTestClock(Date(timeIntervalSince1970: 1_614_265_330 + 60))
        let verifier = StandardWebhooksVerifier(secrets: ["whsec_b2xkLXNlY3JldA==", secret], clock: clock)
        let body = #"{"test": 2432232314}"#
        let good = [("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"), ("webhook-timestamp", "1614265330"),
                    ("webhook-signature", "v1,bm90LWl0 v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
        try verifier.verify(request(good, body: body))
        #expect(throws: IntakeError.self) { try verifier.verify(request(good, body: body + " ")) }
        var wrongID = good
        wrongID[0].1 = "msg_other"
        #expect(throws: IntakeError.self) { try verifier.verify(request(wrongID, body: body)) }
        #expect(throws: IntakeError.self) { try verifier.verify(request(Array(good.prefix(2)), body: body)) }
        let late = StandardWebhooksVerifier(secrets: [secret], clock: FixedTestClock(Date(timeIntervalSince1970: 1_614_265_330 + 301)))
        #expect(throws: IntakeError.self) { try late.verify(request(good, body: body)) }
        do { try late.verify(request(good, body: body)) } catch { #expect(error.status == 401) }
    }
}

struct FixedTestClock: IntakeClock {
    let date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { date }
}

struct HostileTimestampTests {
    @Test(arguments: ["-9223372036854775808", "9223372036854775807", "-1"])
    func extremeWebhookTimestampsAreRefusedNotCrashed(_ ts: String) {
        let verifier = StandardWebhooksVerifier(secrets: ["whsec_YQ=="], clock: FixedTestClock(Date(timeIntervalSince1970: 1_795_354_512)))
        let request = ChannelRequest(path: "/", headers: [(name: "webhook-id", value: "x"), (name: "webhook-timestamp", value: ts),
                                                          (name: "webhook-signature", value: "v1,AA==")], body: [])
        #expect(throws: IntakeError.self) { try verifier.verify(request) }
    }

    @Test func implausibleDatesAreNotParsedAndFormattingNeverTraps() {
        #expect(Timestamp.parse("99999999999999999999") == nil)
        #expect(Timestamp.parse(String(repeating: "9", count: 400)) == nil)
        #expect(Timestamp.parse("9300000000000000") == nil)
        #expect(Timestamp.parse("2201-01-01T00:00:00Z") == nil)
        #expect(Timestamp.unixSeconds(9_300_000_000_000_000) == nil)
        #expect(Timestamp.unixSeconds(1_795_354_512) != nil)
        for d in [1e300, -1e300, .infinity, .nan, 9.3e15] {
            #expect(!Timestamp.format(Date(timeIntervalSince1970: d)).isEmpty)
        }
    }

    @Test func integersBeyondSixtyFourBitsKeepTheirDigits() throws {
        // A CMPP Msg_Id from August to December is at least 2^63.
        let j = try JSON.parse(#"{"Msg_Id": 12345678901234567890, "next": 12345678901234567891}"#)
        #expect(j["Msg_Id"]?.scalarText == "12345678901234567890")
        #expect(j["Msg_Id"]?.scalarText != j["next"]?.scalarText)
    }
}
