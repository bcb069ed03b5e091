import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import MiniProgram

@Suite struct MiniProgramSubmissionTests {
    static let secret = "whsec_ZGVtby1taW5pcHJvZ3JhbS1zZWNyZXQtMDEyMw=="
    static let path = "/v1/intake/miniprogram/submissions"
    let adapter = MiniProgramSubmissionAdapter()
    let verifier = StandardWebhooksVerifier(secrets: [secret], clock: FixedClock())

    func signed(_ json: String, secret: String = secret, at date: Date = TestRequests.fixedDate) -> ChannelRequest {
        let body = Array(json.utf8)
        return TestRequests.post(Self.path, contentType: "application/json", body: body,
                                 headers: TestRequests.signatureHeaders(secret: secret, body: body, at: date))
    }

    static let full = #"""
        {"submissionId":"mp-20261122-0001","openId":"oMini_0001","phone":"139 1234 5678","name":"李娜","requestType":"投诉",
         "text":"滨海大道辅路井盖缺失，非常危险。","location":{"address":"深圳市南山区滨海大道辅路","lat":22.5093,"lng":113.9512,"crs":"gcj02"},
         "photos":[{"url":"https://mp.example/u/manhole.JPG?x=1","sha256":"9F2C6D1F8E4B3A7C5D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E"}],
         "submittedAt":"2026-11-22T09:15:00+08:00","extra":"kept out"}
        """#

    @Test func table() {
        func with(_ replace: String, _ by: String) -> String { Self.full.replacingOccurrences(of: replace, with: by) }
        runChannelTestCases(adapter, [
            ChannelTestCase("a full structured report", signed(Self.full), .submissions([ExpectedSubmission(
                text: "滨海大道辅路井盖缺失，非常危险。", channelRef: "submission:mp-20261122-0001", phone: "139 1234 5678",
                openId: "oMini_0001", name: "李娜", requestType: .complaint, address: "深圳市南山区滨海大道辅路", attachments: 1,
                recordOnly: false, check: { s in
                    #expect(s.location?.crs == .gcj02)
                    #expect(s.location?.lat == 22.5093)
                    #expect(s.submittedAt == Timestamp.parse("2026-11-22T01:15:00Z"))
                    let photo = s.attachments.first?.attachment
                    #expect(photo?.url == "https://mp.example/u/manhole.JPG?x=1")
                    #expect(photo?.sha256 == "9f2c6d1f8e4b3a7c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e")
                    #expect(photo?.contentType == "image/jpeg")
                    #expect(photo?.name == "manhole.JPG")
                    #expect(s.channelData?["miniprogram"]?["submissionId"] == "mp-20261122-0001")
                })])),
            ChannelTestCase("minimal: id, openId, text", signed(#"{"submissionId":42,"openId":"o2","text":"路灯不亮"}"#),
                            .submissions([ExpectedSubmission(text: "路灯不亮", channelRef: "submission:42", openId: "o2", attachments: 0)])),
            ChannelTestCase("unsigned", TestRequests.json(Self.path, Self.full), .error(.unauthorized)),
            ChannelTestCase("signed with another secret", signed(Self.full, secret: "whsec_b3RoZXI="), .error(.unauthorized)),
            ChannelTestCase("signed 10 minutes ago", signed(Self.full, at: TestRequests.fixedDate.addingTimeInterval(-600)),
                            .error(.unauthorized)),
            ChannelTestCase("no submissionId", signed(with(#""submissionId":"mp-20261122-0001","#, "")),
                            .error(.invalidField, field: "submissionId")),
            ChannelTestCase("fractional submissionId", signed(with(#""mp-20261122-0001""#, "1.5")), .error(.invalidField, field: "submissionId")),
            ChannelTestCase("no openId", signed(with(#""openId":"oMini_0001","#, "")), .error(.invalidField, field: "openId")),
            ChannelTestCase("no text", signed(with(#""text":"滨海大道辅路井盖缺失，非常危险。","#, "")), .error(.invalidField, field: "text")),
            ChannelTestCase("blank text", signed(with("滨海大道辅路井盖缺失，非常危险。", " \u{3000} ")), .error(.invalidField, field: "text")),
            ChannelTestCase("unknown requestType", signed(with("投诉", "吐槽")), .error(.invalidField, field: "requestType")),
            ChannelTestCase("coordinates without crs", signed(with(#","crs":"gcj02""#, "")), .error(.invalidField, field: "location.crs")),
            ChannelTestCase("unknown crs", signed(with(#""gcj02""#, #""mercator""#)), .error(.invalidField, field: "location.crs")),
            ChannelTestCase("lat out of range", signed(with("22.5093", "122.5")), .error(.invalidField, field: "location.lat")),
            ChannelTestCase("lat without lng", signed(with(#","lng":113.9512"#, "")), .error(.invalidField, field: "location.lng")),
            ChannelTestCase("location not an object", signed(#"{"submissionId":"1","openId":"o","text":"x","location":"somewhere"}"#),
                            .error(.invalidField, field: "location")),
            ChannelTestCase("photo without sha256", signed(with(#","sha256":"9F2C6D1F8E4B3A7C5D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E""#, "")),
                            .error(.invalidField, field: "photos[0].sha256")),
            ChannelTestCase("photo with a short sha256", signed(with("9F2C6D1F8E4B3A7C5D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E", "abc")),
                            .error(.invalidField, field: "photos[0].sha256")),
            ChannelTestCase("photo url not http", signed(with("https://mp.example/u/manhole.JPG?x=1", "file:///etc/passwd")),
                            .error(.invalidField, field: "photos[0].url")),
            ChannelTestCase("photos not an array", signed(#"{"submissionId":"1","openId":"o","text":"x","photos":{}}"#),
                            .error(.invalidField, field: "photos")),
            ChannelTestCase("ten photos", signed(#"{"submissionId":"1","openId":"o","text":"x","photos":["#
                + Array(repeating: #"{"url":"https://a/b.png","sha256":"\#(String(repeating: "a", count: 64))"}"#, count: 10).joined(separator: ",")
                + "]}"), .error(.invalidField, field: "photos")),
            ChannelTestCase("bad submittedAt", signed(with("2026-11-22T09:15:00+08:00", "yesterday")), .error(.invalidField, field: "submittedAt")),
            ChannelTestCase("not JSON", signed("{"), .error(.malformedBody)),
            ChannelTestCase("a JSON array", signed("[]"), .error(.malformedBody)),
            ChannelTestCase("form-encoded", TestRequests.post(Self.path, contentType: "application/x-www-form-urlencoded",
                                                              body: Array("a=b".utf8),
                                                              headers: TestRequests.signatureHeaders(secret: Self.secret, body: Array("a=b".utf8))),
                            .error(.unsupportedMediaType)),
        ], verifier: verifier)
    }

    @Test func answersWithTheReceipt() throws {
        let answer = adapter.answer([IntakeOutcome(status: .created, ticketId: "t1", receiptNo: "20261122-000007")], to: signed(Self.full))
        #expect(answer.status == 202)
        let json = try JSON.parse(answer.body)
        #expect(json["receiptNo"] == "20261122-000007")
    }

    @Test func sameSubmissionTwiceIsOneDelivery() throws {
        let a = try #require(try adapter.decode(signed(Self.full)).first)
        let b = try #require(try adapter.decode(signed(Self.full)).first)
        #expect(a.channelRef == b.channelRef)
        #expect(a.fingerprint == b.fingerprint)
    }
}
