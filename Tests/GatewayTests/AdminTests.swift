import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

@Suite(.serialized) struct AdminTests {
    @Test(arguments: TestStore.allCases) func deadLettersAreListedAndReplayed(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        t.receiver.fail(with: 400)
        let receipt = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"被拒收"}"#).json?["receiptNo"]?.stringValue)
        #expect(try t.eventually { try t.admin("/v1/admin/dead-letters").json?["count"] == 1 })
        let dead = try #require(try t.admin("/v1/admin/dead-letters").json?["items"]?[0])
        #expect(dead["receiptNo"]?.stringValue == receipt)
        #expect(dead["lastStatus"] == 400)
        let eventId = try #require(dead["eventId"]?.stringValue)
        t.receiver.fail(with: nil)
        let replay = try t.request("POST", "/v1/admin/dead-letters/\(eventId)/replay", headers: [("Authorization", "Bearer \(TestGateway.adminToken)")])
        #expect(replay.status == 200)
        #expect(t.eventually { t.receiver.received.count == 1 })
        #expect(try t.admin("/v1/admin/dead-letters").json?["count"] == 0)
        let again = try t.request("POST", "/v1/admin/dead-letters/\(eventId)/replay", headers: [("Authorization", "Bearer \(TestGateway.adminToken)")])
        #expect(again.status == 404)
        #expect(try t.request("POST", "/v1/admin/dead-letters/\(eventId)/replay").status == 401)
    }

    @Test(arguments: TestStore.allCases) func operatorsAndTheCaseSystemSetTicketState(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let id = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"已处理"}"#).json?["ticketId"]?.stringValue)
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]
        let closed = try t.request("POST", "/v1/tickets/\(id)/state", headers: auth, body: Array(#"{"state":"closed"}"#.utf8))
        #expect(closed.status == 200)
        #expect(closed.json?["state"] == "closed")
        #expect(try t.request("POST", "/v1/tickets/\(id)/state", headers: auth, body: Array(#"{"state":"gone"}"#.utf8)).json?["field"] == "state")
        #expect(try t.request("POST", "/v1/tickets/nope/state", headers: auth, body: Array(#"{"state":"open"}"#.utf8)).status == 404)

        // The case system reopens it, signed with the case-system secret.
        let body = Array(#"{"type":"case.reopened","ticketId":"\#(id)","caseId":"CASE-1"}"#.utf8)
        let signed = StandardWebhooks(secret: TestGateway.caseSecret).headers(id: "cb-1", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        let ok = try t.request("POST", "/v1/callbacks/case-system", headers: signed + [("Content-Type", "application/json")], body: body)
        #expect(ok.status == 200, "\(ok.text)")
        #expect(try t.admin("/v1/tickets/\(id)").json?["state"] == "open")
        let forged = StandardWebhooks(secret: "whsec_Zm9yZ2Vk").headers(id: "cb-2", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        #expect(try t.request("POST", "/v1/callbacks/case-system", headers: forged, body: body).status == 401)
        let unknown = Array(#"{"type":"case.exploded","ticketId":"\#(id)"}"#.utf8)
        let signedUnknown = StandardWebhooks(secret: TestGateway.caseSecret).headers(id: "cb-3", timestamp: Int64(Date().timeIntervalSince1970), body: unknown)
        #expect(try t.request("POST", "/v1/callbacks/case-system", headers: signedUnknown, body: unknown).json?["field"] == "type")
    }
}

@Suite(.serialized) struct DestinationPauseTests {
    /// A 410 Gone pauses the destination: no event is dead-lettered, none is sent until an operator resumes it.
    @Test(arguments: TestStore.allCases) func goneDestinationPausesUntilResumed(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        t.receiver.fail(with: 410)
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"第一件"}"#)
        #expect(try t.eventually { try t.request("GET", "/readyz").json?["outbox"]?["pausedDestinations"] == ["case-system"] })
        for i in 0..<3 { _ = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"之后 \#(i)"}"#) }
        #expect(t.settled())
        #expect(try t.store.stats().dead == 0)
        #expect(try t.store.stats().pending == 4)
        #expect(try t.request("GET", "/metrics").text.contains(#"intake_destination_paused{destination="case-system"} 1"#))
        t.receiver.fail(with: nil)
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)")]
        let resumed = try t.request("POST", "/v1/admin/destinations/case-system/resume", headers: auth)
        #expect(resumed.status == 200 && resumed.json?["wasPaused"] == true)
        #expect(t.eventually { t.receiver.received.count == 4 })
        // The receiver counts an event before the forwarder has recorded its delivery.
        #expect(try t.eventually { try t.store.stats().pending == 0 })
        #expect(try t.request("POST", "/v1/admin/destinations/nowhere/resume", headers: auth).status == 404)
    }
}
