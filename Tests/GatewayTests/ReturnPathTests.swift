import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// A 110 transfer found to be a police matter goes back (退回): the notice reaches 110's feedback endpoint in the
/// partner's own mapping, retried while that endpoint is down.
@Suite(.serialized) struct ReturnPathTests {
    @Test(arguments: TestStore.allCases) func returnNoticeReachesA110ReceiverAndIsRetriedWhileItIsDown(_ store: TestStore) throws {
        let police = LocalReceiver()
        try police.start()
        defer { police.stop() }
        let t = try TestGateway(store: store) { $0.settings["police110.feedbackUrl"] = police.url }
        defer { t.stop() }
        let example = try #require(try Demo.examples(in: repositoryRoot + "/Channels").first { $0.path == "/v1/intake/police110" })
        let transfer = try Demo.send(example, baseURL: t.base, easy: CurlEasy())
        #expect(transfer.status == 200, "\(transfer.text)")
        let receipt = try #require(try t.admin("/v1/tickets?channel=police110").json?["items"]?[0]?["receiptNo"]?.stringValue)
        let incident = try #require(try t.admin("/v1/tickets/\(receipt)").json?["channelRef"]?.stringValue)

        police.fail(with: 503)
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]
        let r = try t.request("POST", "/v1/tickets/\(receipt)/return", headers: auth, body: Array(#"{"reason":"涉及人身安全，属警务类"}"#.utf8))
        #expect(r.status == 202, "\(r.text)")
        #expect(try t.admin("/v1/tickets/\(receipt)").json?["state"] == "returned")
        // A second return (a retried callback, a second click) is the same notice, not another one.
        let again = try t.request("POST", "/v1/tickets/\(receipt)/return", headers: auth, body: Array(#"{"reason":"涉及人身安全，属警务类"}"#.utf8))
        #expect(again.status == 202 && again.json?["eventId"] == r.json?["eventId"])
        func returnDelivery() throws -> JSON? {
            try t.admin("/v1/tickets/\(receipt)").json?["delivery"]?.arrayValue?.first { $0["type"] == "police110.return" }
        }
        #expect(try t.eventually { (try returnDelivery()?["attempts"]?.intValue ?? 0) >= 2 })
        #expect(try returnDelivery()?["state"] == "pending")
        police.fail(with: nil)
        #expect(try t.eventually { try returnDelivery()?["state"] == "delivered" })
        let notice = try #require(police.received.first)
        let text = String(decoding: notice.body, as: UTF8.self)
        #expect(text.contains(incident), "\(text)")
        #expect(text.contains("涉及人身安全"))
        #expect(notice.header("webhook-id") != nil)
        // The case system never saw the return notice; 110 never saw the ticket event.
        #expect(t.receiver.received.allSatisfy { $0.json?["type"] != "police110.return" })
        #expect(police.received.count == 1)
    }

    @Test(arguments: TestStore.allCases) func onlyTransfersCanBeReturnedAndAReasonIsRequired(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let web = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"路灯"}"#).json?["receiptNo"]?.stringValue)
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]
        let notTransfer = try t.request("POST", "/v1/tickets/\(web)/return", headers: auth, body: Array(#"{"reason":"x"}"#.utf8))
        #expect(notTransfer.status == 422)
        #expect(try t.request("POST", "/v1/tickets/\(web)/return", headers: auth, body: Array("{}".utf8)).json?["field"] == "reason")
        #expect(try t.request("POST", "/v1/tickets/nope/return", headers: auth, body: Array(#"{"reason":"x"}"#.utf8)).status == 404)
    }

    @Test(arguments: TestStore.allCases) func theCaseSystemCanReturnATransfer(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let example = try #require(try Demo.examples(in: repositoryRoot + "/Channels").first { $0.path == "/v1/intake/police110" })
        _ = try Demo.send(example, baseURL: t.base, easy: CurlEasy())
        let id = try #require(try t.admin("/v1/tickets?channel=police110").json?["items"]?[0]?["id"]?.stringValue)
        let body = Array(#"{"type":"ticket.returned","ticketId":"\#(id)","reason":"属警务类事项"}"#.utf8)
        let signed = StandardWebhooks(secret: TestGateway.caseSecret).headers(id: "cb-r", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        let r = try t.request("POST", "/v1/callbacks/case-system", headers: signed, body: body)
        #expect(r.status == 202, "\(r.text)")
        // No feedback URL configured: the notice waits in the outbox, visible on the ticket.
        let ticket = try #require(try t.admin("/v1/tickets/\(id)").json)
        #expect(ticket["state"] == "returned")
        #expect(ticket["delivery"]?.arrayValue?.contains { $0["type"] == "police110.return" && $0["state"] == "pending" } == true)
    }
}
