import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Tickets settled on the call (直办): stored closed with the answer, `settledAtIntake` in their events, routed by
/// `match.settledAtIntake`, and a caller asking again is a new matter whose reasons say it was asked before.
@Suite(.serialized) struct SettledAtIntakeTests {
    static let resolution = #","resolution":{"settled":true,"answer":"已告知市民：社保卡补办可在任一社保网点办理，携带身份证即可。"}"#

    @Test func aSettledCallIsStoredClosedAndGoesOnlyWhereTheRuleTakesSettledTickets() throws {
        let (t, archive, done) = try DestinationTests.gateway { caseURL, archiveURL in
            """
            [{"name": "case-system", "url": "\(caseURL)", "match": {"settledAtIntake": false}},
             {"name": "records", "url": "\(archiveURL)", "match": {"settledAtIntake": true}}]
            """
        }
        defer { done() }
        let settled = try DestinationTests.call(t, id: "s-1", callee: "12345", category: "social", text: "社保卡丢了怎么补办",
                                                extra: Self.resolution)
        let open = try DestinationTests.call(t, id: "s-2", callee: "12345", category: "streetlight", text: "幸福路路灯不亮",
                                             caller: "13900139000")
        let view = try #require(try t.admin("/v1/tickets/\(settled)").json)
        #expect(view["state"] == "closed" && view["settledAtIntake"] == true, "\(view)")
        #expect(view["channelData"]?["resolution"]?["answer"]?.stringValue?.contains("社保网点") == true)
        #expect(try t.admin("/v1/tickets/\(open)").json?["state"] == "open")
        #expect(t.eventually { DestinationTests.ticketIds(archive) == [settled] && DestinationTests.ticketIds(t.receiver) == [open] })
        let event = try #require(archive.received.first?.json)
        #expect(event["data"]?["ticket"]?["settledAtIntake"] == true, "\(event)")

        // The same caller asks the same again: not a repeat of a closed matter, but the reasons say it was asked.
        let again = try DestinationTests.call(t, id: "s-3", callee: "12345", category: "social", text: "社保卡丢了怎么补办啊")
        let dedup = try #require(try t.admin("/v1/tickets/\(again)").json?["dedup"])
        #expect(dedup["status"] == "new" && (dedup["repeatOf"]?.isNull ?? true), "\(dedup)")
        let reasons = dedup["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(reasons.contains { $0.hasPrefix("asked before: same matter as ") && $0.contains("closed") }, "\(reasons)")
    }

    @Test func a110TransferMayBeSettledAtIntakeToo() throws {
        let t = try TestGateway()
        defer { t.stop() }
        var example = try #require(try Demo.examples(in: repositoryRoot + "/Channels").first { $0.path == "/v1/intake/police110" })
        let text = String(decoding: example.body, as: UTF8.self)
        #expect(text.hasPrefix("{"))
        example.body = Array((#"{"resolution": {"settled": true, "answer": "已联系交警到场指挥"}, "# + text.dropFirst()).utf8)
        let r = try Demo.send(example, baseURL: t.base, easy: CurlEasy())
        #expect(r.status == 202 || r.status == 200, "\(r.text)")
        let item = try #require(try t.admin("/v1/tickets?channel=police110").json?["items"]?[0])
        #expect(item["state"] == "closed" && item["settledAtIntake"] == true, "\(item)")
        #expect(item["channelData"]?["unmapped"]?["resolution"] == nil)

        var bad = example
        bad.body = Array(String(decoding: example.body, as: UTF8.self).replacingOccurrences(of: "已联系交警到场指挥", with: "").utf8)
        let refused = try Demo.send(bad, baseURL: t.base, easy: CurlEasy())
        #expect(refused.status == 422 && refused.json?["field"] == "resolution.answer", "\(refused.text)")
    }
}
