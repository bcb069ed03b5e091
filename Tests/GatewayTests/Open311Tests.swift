import Foundation
import Testing
import Dedup
import HTTPServer
import IntakeCore
import Store
@testable import Forwarder
@testable import Gateway

/// A GeoReport v2 server written from the specification (wiki.open311.org/GeoReport_v2), not from the encoder:
/// `POST requests.json` (form-encoded; `api_key`, `service_code`, a location, answered with a service request id,
/// a token, or an error array) and `GET tokens/{token}.json`.
final class GeoReportReceiver: @unchecked Sendable {
    let lock = NSLock()
    var requests: [[String: String]] = []
    var nextId = 1
    /// Answer every POST with this error array and status, once set (an outage reported as 400).
    var outage: (Int, String)?
    var server: HTTPServer!

    init(apiKey: String) throws {
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1)) { [unowned self] req, responder in
            responder.respond(self.handle(req, apiKey: apiKey))
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.boundPort)/open311/v2" }
    func stop() { server.shutdown(graceSeconds: 1) }
    var received: [[String: String]] { lock.withLock { requests } }

    static func json(_ status: Int, _ body: String) -> HTTPResponse { HTTPResponse(status: status, contentType: "application/json", body: body) }

    /// `application/x-www-form-urlencoded` as browsers write it (HTML 4.01 §17.13.4): `+` is a space.
    static func decodeForm(_ body: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "<bad escape>"
            }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }

    func handle(_ req: HTTPRequest, apiKey: String) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        if req.method == "GET", req.path.hasPrefix("/open311/v2/tokens/"), req.path.hasSuffix(".json") {
            let token = String(req.path.dropFirst("/open311/v2/tokens/".count).dropLast(5))
            return Self.json(200, #"[{"service_request_id": "SR-FROM-\#(token)", "token": "\#(token)"}]"#)
        }
        guard req.method == "POST", req.path == "/open311/v2/requests.json" else { return Self.json(404, #"[{"code":404,"description":"not found"}]"#) }
        guard req.headers.first(where: { $0.name == "content-type" })?.value.hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.json(400, #"[{"code":400,"description":"form-encoded body expected"}]"#)
        }
        let form = Self.decodeForm(req.body)
        requests.append(form)
        if let (status, body) = outage { return Self.json(status, body) }
        guard form["api_key"] == apiKey else { return Self.json(403, #"[{"code":403,"description":"Invalid api_key"}]"#) }
        guard form["lat"] != nil && form["long"] != nil || form["address_string"] != nil else {
            return Self.json(400, #"[{"code":400,"description":"a location is required"}]"#)
        }
        switch form["service_code"] {
        case "001":
            defer { nextId += 1 }
            return Self.json(201, #"[{"service_request_id": "SR-\#(nextId)", "service_notice": "to be fixed in 2 days"}]"#)
        case "002":
            defer { nextId += 1 }
            return Self.json(201, #"[{"token": "tok-\#(nextId)"}]"#)
        case "003":
            return Self.json(400, #"[{"code": 400, "description": "Service request already exists"}]"#)
        default:
            return Self.json(400, #"[{"code": 404, "description": "service_code \#(form["service_code"] ?? "") not found"}]"#)
        }
    }
}

@Suite(.serialized) struct Open311Tests {
    static let apiKey = "open311-test-key"

    /// A gateway with the case system (12345) and a 12319 city-management platform speaking Open311.
    static func gateway(defaultCode: String? = nil) throws -> (TestGateway, GeoReportReceiver, () -> Void) {
        let geo = try GeoReportReceiver(apiKey: apiKey)
        let path = NSTemporaryDirectory() + "destinations-\(UUID().uuidString).json"
        let t = try TestGateway { config in
            let file = """
            [{"name": "case-system", "url": "\(config.caseSystemURL!)", "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(geo.url)", "format": "open311", "apiKey": "\(apiKey)", "jurisdictionId": "city.example",
              "serviceCodes": {"streetlight": "001", "manhole": "002", "garbage": "003"}\(defaultCode.map { #", "defaultServiceCode": "\#($0)""# } ?? ""),
              "tokenPollSeconds": 0.1, "match": {"category": ["streetlight", "manhole", "garbage", "noise"]}}]
            """
            try? Data(file.utf8).write(to: URL(fileURLWithPath: path))
            do { config.destinations = try ConfigurationLoader.destinationsFile(path) } catch { Issue.record("\(error)") }
        }
        return (t, geo, {
            t.stop()
            geo.stop()
            try? FileManager.default.removeItem(atPath: path)
        })
    }

    static func call(_ t: TestGateway, id: String, category: String, text: String, caller: String, extra: String = "") throws -> String {
        try DestinationTests.call(t, id: id, callee: "12319", category: category, text: text, caller: caller, extra: extra)
    }

    static func delivery(_ t: TestGateway, _ ticketId: String) throws -> JSON? {
        try t.admin("/v1/tickets/\(ticketId)").json?["delivery"]?.arrayValue?.first
    }

    @Test func requestsAreFormEncodedWithServiceCodeWGS84AndTheCallersDetails() throws {
        let (t, geo, done) = try Self.gateway()
        defer { done() }
        // A citizen's web form with a GCJ-02 point (what Chinese map SDKs return).
        let web = try t.postJSON("/v1/intake/web", #"{"phone":"13800138000","name":"张三","text":"幸福路12号门口路灯不亮","lat":39.915,"lng":116.404,"crs":"gcj02","address":"幸福路12号"}"#)
        let a = try #require(web.json?["ticketId"]?.stringValue)
        #expect(try t.admin("/v1/tickets/\(a)").json?["routing"]?["category"] == "streetlight")
        #expect(t.eventually { geo.received.count == 1 && t.receiver.received.count == 1 }, "both destinations take a 12345 streetlight ticket")
        #expect(try t.eventually {
            try t.admin("/v1/tickets/\(a)").json?["delivery"]?.arrayValue?.allSatisfy { $0["state"] == "delivered" } == true
        })
        let toCity = try #require(try t.admin("/v1/tickets/\(a)").json?["delivery"]?.arrayValue?.first { $0["destination"] == "city-management" })
        #expect(toCity["caseId"] == "SR-1")
        let form = try #require(geo.received.first)
        #expect(form["api_key"] == Self.apiKey && form["jurisdiction_id"] == "city.example" && form["service_code"] == "001")
        #expect(form["description"]?.contains("幸福路12号门口路灯不亮") == true, "\(form)")
        // GCJ-02 (39.915, 116.404) is WGS-84 (39.913596, 116.397756) (coordtransform's published pair).
        let lat = try #require(form["lat"].flatMap(Double.init)), long = try #require(form["long"].flatMap(Double.init))
        #expect(abs(lat - 39.91359571849836) < 5e-5 && abs(long - 116.39775550083061) < 5e-5, "\(lat), \(long)")
        #expect(form["phone"] == "13800138000" && form["last_name"] == "张" && form["first_name"] == "三", "\(form)")
        #expect(form["address_string"] == "幸福路12号", "\(form)")
    }

    @Test func aTokenIsPolledUntilTheServerNamesTheRequest() throws {
        let (t, geo, done) = try Self.gateway()
        defer { done() }
        let a = try Self.call(t, id: "o-2", category: "manhole", text: "人民路井盖丢了", caller: "13900139000",
                              extra: #","address":"人民路与解放路交叉口""#)
        let resolved = try t.eventually { try Self.delivery(t, a)?["caseId"] == "SR-FROM-tok-1" }
        let last = try Self.delivery(t, a)
        #expect(resolved, "\(String(describing: last))")
        #expect(try t.admin("/v1/tickets/\(a)").json?["caseId"] == "SR-FROM-tok-1")
        #expect(geo.received.first?["address_string"]?.contains("人民路与解放路交叉口") == true)
    }

    @Test func errorArraysAreClassifiedByCodeAndDescription() throws {
        let (t, geo, done) = try Self.gateway()
        defer { done() }
        // "already exists": delivered.
        let exists = try Self.call(t, id: "o-3", category: "garbage", text: "小区垃圾三天没人清运", caller: "13700137000",
                                   extra: #","address":"幸福小区""#)
        #expect(try t.eventually { try Self.delivery(t, exists)?["state"] == "delivered" })
        // An unmapped category with no default: a dead letter saying why, never sent.
        let unmapped = try Self.call(t, id: "o-4", category: "noise", text: "工地夜里施工很吵", caller: "13600136000",
                                     extra: #","address":"建设路工地""#)
        #expect(try t.eventually { try Self.delivery(t, unmapped)?["state"] == "dead" })
        #expect(try Self.delivery(t, unmapped)?["lastError"]?.stringValue?.contains("category noise has no service_code") == true)
        #expect(geo.received.count == 1)
        // An outage reported as HTTP 400 with code 503 in the array: retried, then delivered once it is over.
        geo.lock.withLock { geo.outage = (400, #"[{"code": 503, "description": "Service temporarily unavailable"}]"#) }
        let later = try Self.call(t, id: "o-5", category: "streetlight", text: "和平路路灯闪烁", caller: "13500135000",
                                  extra: #","address":"和平路""#)
        #expect(try t.eventually { (try Self.delivery(t, later)?["attempts"]?.intValue ?? 0) >= 2 })
        #expect(try Self.delivery(t, later)?["state"] == "pending")
        geo.lock.withLock { geo.outage = nil }
        #expect(try t.eventually { try Self.delivery(t, later)?["state"] == "delivered" })
        // A refusal by code (404 service_code not found): a dead letter, with the server's words.
        geo.lock.withLock { geo.outage = (400, #"[{"code": 404, "description": "service_code 001 not found"}]"#) }
        let refused = try Self.call(t, id: "o-6", category: "streetlight", text: "文化路路灯倒了", caller: "13400134000",
                                    extra: #","address":"文化路""#)
        #expect(try t.eventually { try Self.delivery(t, refused)?["state"] == "dead" })
        #expect(try Self.delivery(t, refused)?["lastError"]?.stringValue?.contains("service_code 001 not found") == true)
    }

    @Test func anonymousTicketsLeaveOutPersonalFieldsAndLongTextIsCutOnACharacter() throws {
        let long = String(repeating: "路灯不亮😀", count: 1000)  // 5,000 characters, astral ones included
        let cut = Open311Encoder.cut(long)
        #expect(cut.count == 4000 && cut.hasSuffix(Open311Encoder.cutNote) && long.hasPrefix(String(cut.dropLast(Open311Encoder.cutNote.count))))
        let ticket = Ticket(
            id: "t1", receiptNo: "20261130-000001", hotline: "12319", channel: .web, channelRef: nil, receivedAt: Date(), submittedAt: nil,
            caller: Caller(name: "李四", phone: "13800138000", phoneKey: nil, email: "li@example.com", openId: nil, anonymous: true,
                           confidential: false),
            requestType: .complaint, subject: nil, text: long, location: Location(lat: 39.915, lng: 116.404, crs: .bd09), urgency: nil,
            attachments: [], dedup: DedupInfo(status: .new, repeatOf: nil, clusterId: nil, score: nil, reasons: []), channelData: nil,
            routing: nil, entryPoint: nil)
        let record = OutboxRecord(seq: 1, id: "evt_1", type: "ticket.created", destination: "city-management", ticketId: "t1", attempts: 0,
                                  createdAt: Date(), ticketJSON: ticket.json().text, originalCaseId: nil, payload: nil)
        let fields = try Open311Encoder.fields(record, settings: Open311Settings(defaultServiceCode: "099")).get()
        let names = Set(fields.map(\.0))
        #expect(names.isDisjoint(with: ["first_name", "last_name", "phone", "email"]), "\(names)")
        #expect(fields.first { $0.0 == "description" }?.1.count == 4000)
        // BD-09 (39.915, 116.404) is GCJ-02 (39.908657, 116.397627) (coordtransform's published pair), then WGS-84.
        let gcj = CoordinateConversion.bd09ToGCJ02(GeoPoint(lat: 39.915, lng: 116.404))
        #expect(abs(gcj.lat - 39.90865673957631) < 1e-5 && abs(gcj.lng - 116.39762729119315) < 1e-5, "\(gcj)")
        let wgs = CoordinateConversion.gcj02ToWGS84(gcj)
        #expect(fields.first { $0.0 == "lat" }?.1 == String(format: "%.6f", wgs.lat))
        // The body decodes back to the same fields with an independent decoder.
        let decoded = GeoReportReceiver.decodeForm(Open311Encoder.formBody(fields))
        #expect(decoded["description"] == fields.first { $0.0 == "description" }?.1)
    }
}

/// Open311 `attribute[code]` for mapped fields and `media_url` as a signed, expiring link served by the gateway.
@Suite(.serialized) struct Open311MediaTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 200)
    static let base = "https://intake.example.gov.cn/gw"

    @Test(arguments: TestStore.allCases) func attributesAndASignedExpiringPhotoLink(_ store: TestStore) throws {
        let geo = try GeoReportReceiver(apiKey: Open311Tests.apiKey)
        defer { geo.stop() }
        let path = try DestinationTests.writeFile("""
            [{"name": "city-management", "url": "\(geo.url)", "format": "open311", "apiKey": "\(Open311Tests.apiKey)",
              "serviceCodes": {"manhole": "001"}, "defaultServiceCode": "001",
              "attributes": {"HOTLINE_RECEIPT": "/data/ticket/receiptNo", "URGENCY": "/data/ticket/routing/urgency",
                             "CALLER_PHONE": "/data/ticket/caller/phone", "NOTHING": "/data/ticket/nothing"}}]
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t = try TestGateway(store: store) { config in
            do { config.destinations = try ConfigurationLoader.destinationsFile(path) } catch { Issue.record("\(error)") }
            config.settings["sms.publicBaseUrl"] = Self.base + "/"
        }
        defer { t.stop() }
        var body = Array("--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n井盖缺失，很危险\r\n--B\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n13812345678\r\n--B\r\nContent-Disposition: form-data; name=\"address\"\r\n\r\n人民路8号\r\n--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"manhole.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += Self.png + Array("\r\n--B--\r\n".utf8)
        let r = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: body)
        let id = try #require(r.json?["ticketId"]?.stringValue, "\(r.text)")
        #expect(t.eventually { geo.received.count == 1 })
        let ticket = try #require(try t.admin("/v1/tickets/\(id)").json)
        let form = try #require(geo.received.first)
        #expect(form["attribute[HOTLINE_RECEIPT]"] == ticket["receiptNo"]?.stringValue, "\(form)")
        #expect(form["attribute[URGENCY]"] == ticket["routing"]?["urgency"]?.stringValue && form["attribute[URGENCY]"] != nil, "\(form)")
        #expect(form["attribute[CALLER_PHONE]"] == "13812345678", "\(form)")
        #expect(form["attribute[NOTHING]"] == nil, "a pointer that finds nothing sends no attribute")

        // The link: the configured prefix, the ticket and photo, an expiry and a signature.
        let link = try #require(form["media_url"], "\(form)")
        let prefix = Self.base + "/v1/media/\(id)/0?expires="
        #expect(link.hasPrefix(prefix), "\(link)")
        let local = String(link.dropFirst(Self.base.count))
        let photo = try t.request("GET", local)
        #expect(photo.status == 200 && photo.body == Self.png, "\(photo.status) \(photo.text)")
        #expect(photo.header("Content-Type") == "image/png")
        let expires = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "expires" }?.value.flatMap { Int64($0) })
        #expect(Double(expires) > Date().timeIntervalSince1970 + 29 * 86400, "30 days by default")

        // Altered signature, altered expiry, another photo, no signature: 403.
        let flipped = String(local.dropLast()) + (local.hasSuffix("0") ? "1" : "0")
        #expect(try t.request("GET", flipped).status == 403)
        #expect(try t.request("GET", local.replacingOccurrences(of: "expires=\(expires)", with: "expires=\(expires + 86400)")).status == 403)
        #expect(try t.request("GET", local.replacingOccurrences(of: "/\(id)/0?", with: "/\(id)/1?")).status == 403)
        #expect(try t.request("GET", "/v1/media/\(id)/0?expires=\(expires)").status == 403)
        // A link the gateway signed 31 days ago: expired, 410.
        let links = try #require(t.gateway.configuration.mediaLinks(trackKey: t.gateway.citizenPages.trackKey))
        let old = links.url(ticketId: id, position: 0, now: Date().addingTimeInterval(-31 * 86400))
        let gone = try t.request("GET", String(old.dropFirst(Self.base.count)))
        #expect(gone.status == 410, "\(gone.text)")
        #expect(gone.json?["status"] == 410)
    }

    @Test func noPublicBaseURLNoLinkAndAnonymousTicketsKeepTheCallerOutOfAttributes() throws {
        let ticket = Ticket(
            id: "t9", receiptNo: "20261130-000009", hotline: "12319", channel: .web, channelRef: nil, receivedAt: Date(), submittedAt: nil,
            caller: Caller(name: "李四", phone: "13800138000", phoneKey: nil, email: nil, openId: nil, anonymous: true, confidential: false),
            requestType: .complaint, subject: nil, text: "路灯不亮", location: Location(address: "和平路"), urgency: nil,
            attachments: [Attachment(name: "a.png", contentType: "image/png", size: 10, sha256: String(repeating: "a", count: 64))],
            dedup: DedupInfo(status: .new, repeatOf: nil, clusterId: nil, score: nil, reasons: []), channelData: nil, routing: nil, entryPoint: nil)
        let record = OutboxRecord(seq: 1, id: "evt_t9", type: "ticket.created", destination: "city", ticketId: "t9", attempts: 0,
                                  createdAt: Date(), ticketJSON: ticket.json().text, originalCaseId: nil, payload: nil)
        var settings = Open311Settings(defaultServiceCode: "099")
        settings.attributes = [("PHONE", ["data", "ticket", "caller", "phone"]), ("RECEIPT", ["data", "ticket", "receiptNo"])]
        let fields = try Open311Encoder.fields(record, settings: settings).get()
        #expect(!fields.contains { $0.0 == "media_url" }, "a stored photo without a public base URL: no link")
        #expect(!fields.contains { $0.0 == "attribute[PHONE]" })
        #expect(fields.contains { $0 == ("attribute[RECEIPT]", "20261130-000009") })
        let linked = try Open311Encoder.fields(record, settings: settings, media: MediaLinks(baseURL: "https://x.example", key: [1], lifetimeSeconds: 60)).get()
        #expect(linked.first { $0.0 == "media_url" }?.1.hasPrefix("https://x.example/v1/media/t9/0?expires=") == true)
    }
}
