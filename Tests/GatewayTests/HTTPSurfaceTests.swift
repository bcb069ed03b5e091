import Foundation
import Testing
import SQLite
import IntakeCore
import Curl
@testable import Gateway

/// The HTTP surface over real loopback connections: statuses, problem+json, idempotency, admin, operations.
@Suite(.serialized) struct HTTPSurfaceTests {
    static let validBody = #"{"name":"李四","phone":"0755-8345 6789","text":"小区门口路灯不亮","requestType":"complaint"}"#

    @Test func acceptsAWebSubmissionAndServesIt() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let r = try t.postJSON("/v1/intake/web", Self.validBody)
        #expect(r.status == 202)
        #expect(r.header("Content-Type")?.hasPrefix("application/json") == true)
        let answer = try #require(r.json)
        let receipt = try #require(answer["receiptNo"]?.stringValue)
        #expect(receipt.count == 15 && receipt.contains("-"))
        #expect(answer["status"] == "created")
        #expect(answer["repeatOf"] == .null)
        let id = try #require(answer["ticketId"]?.stringValue)
        #expect(UUIDv7.looksLikeUUID(id))

        let byReceipt = try t.admin("/v1/tickets/\(receipt)")
        #expect(byReceipt.status == 200)
        let ticket = try #require(byReceipt.json)
        #expect(ticket["id"]?.stringValue == id)
        #expect(ticket["caller"]?["phoneKey"] == "+8675583456789")
        #expect(ticket["channel"] == "web")
        #expect(ticket["schema"] == "ticket/v1")
        #expect(try t.admin("/v1/tickets/\(id)").json?["receiptNo"]?.stringValue == receipt)
        // A path is percent-decoded once (by the HTTP server): an id encoded once is found, one encoded twice is not.
        let once = "%" + String(id.utf8.first!, radix: 16) + id.dropFirst()
        #expect(try t.admin("/v1/tickets/\(once)").json?["id"]?.stringValue == id)
        #expect(try t.admin("/v1/tickets/%25" + once.dropFirst()).status == 404)
        // Delivered to the case system, with the case id it answered.
        #expect(try t.eventually { try t.admin("/v1/tickets/\(id)").json?["delivery"]?[0]?["state"] == "delivered" })
        #expect(try t.admin("/v1/tickets/\(id)").json?["caseId"] == "CASE-1")
        // Listed by phone written another way.
        let list = try t.admin("/v1/tickets?phone=%2B86%20755%2083456789&limit=5")
        #expect(list.json?["items"]?[0]?["receiptNo"]?.stringValue == receipt)
        #expect(try t.admin("/v1/tickets?channel=sms").json?["count"] == 0)
    }

    @Test func errorsAreProblemDetailsNamingTheField() throws {
        let t = try TestGateway { $0.maxBodyBytes = 4096 }
        defer { t.stop() }
        func check(_ r: HTTPResult, _ status: Int, field: String? = nil, _ label: String) {
            #expect(r.status == status, "\(label): \(r.status) \(r.text)")
            #expect(r.header("Content-Type") == "application/problem+json", "\(label)")
            #expect(r.json?["status"]?.intValue == Int64(status), "\(label)")
            #expect(r.json?["title"] != nil && r.json?["type"] != nil, "\(label)")
            if let field { #expect(r.json?["field"]?.stringValue == field, "\(label): \(r.text)") }
        }
        check(try t.postJSON("/v1/intake/web", #"{"text": "#), 400, "bad JSON")
        check(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678"}"#), 422, field: "text", "missing text")
        check(try t.postJSON("/v1/intake/web", #"{"text":"路灯不亮"}"#), 422, field: "phone", "missing contact")
        check(try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "application/json")],
                            body: Array(repeating: 0x20, count: 5000)), 413, "too large")
        check(try t.request("GET", "/v1/nothing-here"), 404, "unknown route")
        let wrongMethod = try t.request("DELETE", "/v1/intake/web")
        check(wrongMethod, 405, "wrong method")
        #expect(wrongMethod.header("Allow") == "POST")
        check(try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "text/plain")], body: Array("hi".utf8)), 415,
              field: "Content-Type", "media type")
        check(try t.request("GET", "/v1/tickets/x"), 401, "admin without token")
        check(try t.request("GET", "/v1/tickets/x", headers: [("Authorization", "Bearer wrong")]), 401, "admin with a wrong token")
        check(try t.admin("/v1/tickets/20990101-000001"), 404, "no such ticket")
        check(try t.admin("/v1/tickets?since=yesterday"), 422, field: "since", "bad since")
        check(try t.request("GET", "/" + String(repeating: "a", count: 9000)), 414, "long URI")
        // Refused bodies are kept for operators; nothing else was stored.
        #expect(try t.store.stats().tickets == 0)
        #expect(try t.eventually { try t.admin("/v1/admin/rejected").json?["items"]?.arrayValue?.count ?? 0 >= 3 })
    }

    /// L2: keys are limited to 200 characters (422 naming the header) and scoped to the caller, so a key used by
    /// one caller cannot be squatted to refuse another's submission.
    @Test func idempotencyKeysAreBoundedAndScopedToTheCaller() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let long = try t.postJSON("/v1/intake/web", Self.validBody, headers: [("Idempotency-Key", String(repeating: "k", count: 201))])
        #expect(long.status == 422 && long.json?["field"] == "Idempotency-Key", "\(long.text)")
        #expect(try t.postJSON("/v1/intake/web", Self.validBody, headers: [("Idempotency-Key", String(repeating: "k", count: 200))]).status == 202)
        let key = [("Idempotency-Key", "guessable-1")]
        let squatter = try t.postJSON("/v1/intake/web", #"{"phone":"13900000001","text":"抢先占用这个键"}"#, headers: key)
        #expect(squatter.status == 202)
        let citizen = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"小区门口路灯不亮"}"#, headers: key)
        #expect(citizen.status == 202, "\(citizen.text)")
        #expect(citizen.json?["ticketId"] != squatter.json?["ticketId"])
        #expect(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"小区门口路灯不亮"}"#, headers: key).json?["status"] == "duplicate")
        #expect(try t.store.stats().tickets == 3)
    }

    @Test func idempotentReplayAndConflict() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let key = [("Idempotency-Key", "form-7f3a")]
        let first = try t.postJSON("/v1/intake/web", Self.validBody, headers: key)
        #expect(first.status == 202)
        let again = try t.postJSON("/v1/intake/web", Self.validBody, headers: key)
        #expect(again.status == 200)
        #expect(again.json?["status"] == "duplicate")
        #expect(again.json?["receiptNo"] == first.json?["receiptNo"])
        let other = try t.postJSON("/v1/intake/web", #"{"phone":"0755-8345 6789","text":"另一件事"}"#, headers: key)
        #expect(other.status == 409)
        #expect(other.json?["field"] == "Idempotency-Key")
        // L2: the refusal does not tell a stranger the first submitter's receipt number.
        #expect(!other.text.contains(first.json?["receiptNo"]?.stringValue ?? "-"), "\(other.text)")
        #expect(try t.store.stats().tickets == 1)
        // One event, delivered once.
        #expect(t.eventually { t.receiver.received.count == 1 })
        #expect(t.settled())
        #expect(t.receiver.received.count == 1)
    }

    @Test func multipartPhotoIsStoredWithTheTicket() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
        let body = TestGateway.photoForm(png)
        let r = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: body)
        #expect(r.status == 202, "\(r.text)")
        let ticket = try #require(try t.admin("/v1/tickets/\(r.json?["ticketId"]?.stringValue ?? "")").json)
        #expect(ticket["attachments"]?[0]?["name"] == "manhole.png")
        #expect(ticket["attachments"]?[0]?["size"] == 308)
        #expect(ticket["attachments"]?[0]?["sha256"]?.stringValue == hexString(Digest.sha256(png)))
        let stored = try SQLiteConnection(path: t.directory + "/gw.sqlite", readOnly: true).query("SELECT data FROM attachments WHERE ticket_id = ?", [.text(ticket["id"]!.stringValue!)]).first?.bytes("data")
        #expect(stored == png)
    }

    /// M8: a photo is stored once: in the ticket's attachments, not again inside the journaled raw request.
    @Test func aPhotoIsStoredOnce() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let r = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")],
                              body: TestGateway.photoForm(png))
        #expect(r.status == 202, "\(r.text)")
        let db = try SQLiteConnection(path: t.directory + "/gw.sqlite", readOnly: true)
        let raw = try #require(try db.query("SELECT body FROM raw_requests ORDER BY id DESC LIMIT 1").first?.bytes("body"))
        #expect(raw.count < 2_000, "the raw request keeps \(raw.count) bytes")
        #expect(String(decoding: raw, as: UTF8.self).contains("[attachment sha256:\(hexString(Digest.sha256(png))) size:\(png.count)]"))
        #expect(try db.query("SELECT data FROM attachments").first?.bytes("data") == png)
    }

    @Test func operationsEndpoints() throws {
        let t = try TestGateway()
        defer { t.stop() }
        #expect(try t.request("GET", "/healthz").status == 200)
        let ready = try t.request("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.json?["storeWritable"] == true)
        #expect(ready.json?["outbox"]?["pending"] != nil)
        _ = try t.postJSON("/v1/intake/web", Self.validBody)
        _ = try t.postJSON("/v1/intake/web", "{")
        #expect(t.eventually { t.receiver.received.count == 1 })
        let metrics = try t.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"intake_requests_total{channel="web",outcome="created"} 1"#))
        #expect(metrics.text.contains(#"intake_requests_total{channel="web",outcome="rejected-400"} 1"#))
        #expect(metrics.text.contains("intake_request_duration_seconds_bucket{channel=\"web\",le=\"+Inf\"} 2"))
        #expect(metrics.text.contains("intake_outbox_pending"))
        // The receiver counts the request before the forwarder has its answer: wait for the attempt to be counted.
        #expect(try t.eventually { try t.request("GET", "/metrics").text.contains(#"intake_delivery_attempts_total{destination="case-system",result="delivered"} 1"#) })
        let spec = try t.request("GET", "/openapi.yaml")
        #expect(spec.status == 200)
        #expect(spec.text.hasPrefix("openapi: 3.1"))
        #expect(spec.body == Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/openapi.yaml"))))
    }

    @Test func logsMaskPersonalDataAndNeverCarrySecrets() throws {
        let t = try TestGateway()
        defer { t.stop() }
        _ = try t.postJSON("/v1/intake/web", #"{"name":"张三丰","phone":"13812345678","text":"噪音"}"#)
        _ = try t.postJSON("/v1/intake/web", #"{"name":"张三丰","phone":"13812345678"}"#)
        _ = try t.admin("/v1/tickets/nothing")
        _ = try t.request("GET", "/v1/tickets", headers: [("Authorization", "Bearer guess-\(TestGateway.adminToken)")])
        t.receiver.fail(with: 500)
        _ = try t.postJSON("/v1/intake/web", #"{"name":"张三丰","phone":"13812345678","text":"再次"}"#)
        usleep(300_000)
        let logs = t.logLines.value.withLock { $0 }.joined(separator: "\n")
        #expect(!logs.isEmpty)
        #expect(logs.contains("138****5678"))
        for secret in [TestGateway.adminToken, TestGateway.caseSecret, "13812345678", "张三丰"] + Demo.secrets.values {
            #expect(!logs.contains(secret), "log contains \(secret)")
        }
    }
}
