import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// `POST /v1/intake/phone/missed` end to end: signed like the phone channel, folded per caller, listed for operators,
/// finished by them, closed by a later answered call, counted in /metrics.
@Suite(.serialized) struct MissedCallRouteTests {
    func signed(_ t: TestGateway, _ path: String, _ body: String, secret: String? = nil) throws -> HTTPResult {
        let headers = StandardWebhooks(secret: try #require(secret ?? Demo.secrets["phone"]))
            .headers(id: "msg_" + UUID().uuidString, timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8))
        return try t.request("POST", path, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
    }

    @Test(arguments: TestStore.allCases)
    func missedCallsFoldAndAreClosedByOperatorsOrAnAnsweredCall(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let missed = "/v1/intake/phone/missed"
        let first = try signed(t, missed, #"{"callId":"m1","caller":"13800138000","callee":"12345","at":"2026-11-30T09:00:00+08:00","waitSeconds":40}"#)
        #expect(first.status == 202)
        #expect(first.json?["status"] == "queued")
        let taskId = try #require(first.json?["taskId"]?.stringValue)
        let second = try signed(t, missed, #"{"callId":"m2","caller":"+86 138-0013-8000","callee":"12345","at":"2026-11-30T09:04:00+08:00"}"#)
        #expect(second.json?["status"] == "folded" && second.json?["taskId"]?.stringValue == taskId && second.json?["attempts"] == 2)
        #expect(try signed(t, missed, #"{"callId":"m2","caller":"13800138000"}"#).status == 200)  // a retried report
        #expect(try signed(t, missed, #"{"callId":"m3","caller":"anonymous"}"#).json?["status"] == "withheld")
        let other = try signed(t, missed, #"{"callId":"m4","caller":"13900139000","reason":"outOfHours"}"#)
        let otherId = try #require(other.json?["taskId"]?.stringValue)
        // Refusals: unsigned, bad signature, bad fields.
        #expect(try t.postJSON(missed, #"{"callId":"m5","caller":"13800138000"}"#).status == 401)
        #expect(try signed(t, missed, #"{"callId":"m6"}"#, secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()).status == 401)
        #expect(try signed(t, missed, #"{"caller":"13800138000"}"#).json?["field"] == "callId")
        #expect(try signed(t, missed, #"{"callId":"m7","caller":"1","reason":"busy"}"#).json?["field"] == "reason")
        let longCaller = String(repeating: "1", count: 65)
        #expect(try signed(t, missed, #"{"callId":"m8","caller":"\#(longCaller)"}"#).json?["field"] == "caller")

        let list = try #require(try t.admin("/v1/missed-calls").json)
        let items = try #require(list["items"]?.arrayValue)
        #expect(items.compactMap { $0["id"]?.stringValue } == [taskId, otherId])  // oldest first, withheld not queued
        #expect(items.first?["attempts"] == 2 && items.first?["maxWaitSeconds"] == 40)
        #expect(try t.admin("/v1/missed-calls?state=all").json?["count"] == 3)
        let metrics = try t.request("GET", "/metrics").text
        #expect(metrics.contains("intake_callbacks_waiting 2"), "\(metrics)")
        #expect(metrics.contains(#"intake_requests_total{channel="phone-missed",outcome="folded"} 1"#))

        // An operator calls the second caller back.
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]
        let done = try t.request("POST", "/v1/missed-calls/\(otherId)/done", headers: auth, body: Array(#"{"result":"unreachable","note":"无人接听"}"#.utf8))
        #expect(done.status == 200 && done.json?["state"] == "unreachable")
        #expect(try t.request("POST", "/v1/missed-calls/\(otherId)/done", headers: auth, body: Array(#"{"result":"reached"}"#.utf8)).status == 409)
        #expect(try t.request("POST", "/v1/missed-calls/nope/done", headers: auth, body: Array(#"{"result":"reached"}"#.utf8)).status == 404)
        #expect(try t.request("POST", "/v1/missed-calls/\(taskId)/done", headers: auth, body: Array(#"{"result":"ticket","ticket":"nope"}"#.utf8)).status == 422)

        // The first caller gets through: the answered call's ticket closes the task.
        let call = #"{"callId":"answered-1","caller":"13800138000","callee":"12345","summary":"家里停水了，请尽快处理"}"#
        let stored = try signed(t, "/v1/intake/phone", call)
        #expect(stored.status == 202)
        let ticketId = try #require(stored.json?["ticketId"]?.stringValue)
        #expect(try t.eventually { try t.admin("/v1/missed-calls").json?["count"] == 0 })
        let closed = try t.admin("/v1/missed-calls?state=all").json?["items"]?.arrayValue?.first { $0["id"]?.stringValue == taskId }
        #expect(closed?["state"] == "answered" && closed?["ticketId"]?.stringValue == ticketId)
    }
}
