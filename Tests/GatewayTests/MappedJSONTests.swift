import Crypto
import Foundation
import Testing
import HTTPServer
import IntakeCore
@testable import Forwarder
@testable import Gateway

/// A municipal case (派单) system written from the issue's sample, not from the mapping code: `POST
/// /TbPushWork/uploadTbPushWork` with `workordercode`, `workordercontent`, `place`, `area`, `dispatchtime`
/// (`yyyy-MM-dd HH:mm:ss`), `processlimited`, `workordertype`, `attachments` (comma-separated URLs), answered
/// `{"success": true, "code": 10000, "message": ..., "resultData": ...}`. It checks the `X-Sign` header as the
/// shipped mapping documents it: hex HMAC-SHA256 of workordercode + dispatchtime + X-Timestamp with the shared key.
/// Bodies are read with Foundation's JSONSerialization, not the gateway's JSON.
final class MunicipalCaseReceiver: @unchecked Sendable {
    struct Received {
        var fields: [String: Any]
        var signatureValid: Bool
    }
    let lock = NSLock()
    var requests: [Received] = []
    var nextId = 1
    /// What to answer, by work-order content: (HTTP status, body); nil: success with the next id.
    var answer: @Sendable (String) -> (Int, String)? = { _ in nil }
    let key: String
    var server: HTTPServer!

    init(key: String) throws {
        self.key = key
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1)) { [unowned self] req, responder in
            responder.respond(self.handle(req))
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.boundPort)/TbPushWork/uploadTbPushWork" }
    func stop() { server.shutdown(graceSeconds: 1) }
    var received: [Received] { lock.withLock { requests } }

    static func json(_ status: Int, _ body: String) -> HTTPResponse { HTTPResponse(status: status, contentType: "application/json", body: body) }

    func handle(_ req: HTTPRequest) -> HTTPResponse {
        guard req.method == "POST", req.path == "/TbPushWork/uploadTbPushWork" else {
            return Self.json(404, #"{"success":false,"code":404,"message":"no such interface"}"#)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(req.body)), let fields = object as? [String: Any] else {
            return Self.json(200, #"{"success":false,"code":40001,"message":"参数格式错误"}"#)
        }
        let code = fields["workordercode"] as? String ?? ""
        let time = fields["dispatchtime"] as? String ?? ""
        let stamp = req.header("X-Timestamp") ?? ""
        let expected = HMAC.sha256(key: Array(key.utf8), data: Array((code + time + stamp).utf8)).map { String(format: "%02x", $0) }.joined()
        let valid = req.header("X-Sign") == expected && !stamp.isEmpty
        lock.lock()
        defer { lock.unlock() }
        requests.append(Received(fields: fields, signatureValid: valid))
        guard valid else { return Self.json(200, #"{"success":false,"code":40003,"message":"签名错误"}"#) }
        if let (status, body) = answer(fields["workordercontent"] as? String ?? "") { return Self.json(status, body) }
        defer { nextId += 1 }
        return Self.json(200, #"{"success":true,"code":10000,"message":"操作成功","resultData":{"id":"GD-\#(nextId)"}}"#)
    }
}

@Suite(.serialized) struct MappedJSONTests {
    static let key = "municipal-shared-key-7f3a"

    /// A gateway whose only destination is the municipal system, through the shipped `tbpushwork` mapping.
    static func gateway(_ store: TestStore = .sqlite, maxAttempts: Int = 15) throws -> (TestGateway, MunicipalCaseReceiver, () -> Void) {
        let city = try MunicipalCaseReceiver(key: key)
        let path = try DestinationTests.writeFile("""
            [{"name": "municipal", "url": "\(city.url)", "format": "mapped-json", "mapping": "tbpushwork", "secret": "\(key)",
              "maxAttempts": \(maxAttempts)}]
            """)
        let t = try TestGateway(store: store) { config in
            do { config.destinations = try ConfigurationLoader.destinationsFile(path) } catch { Issue.record("\(error)") }
        }
        return (t, city, {
            t.stop()
            city.stop()
            try? FileManager.default.removeItem(atPath: path)
        })
    }

    /// A mini-program submission with two photo links (the ticket carries their URLs).
    static func submit(_ t: TestGateway, id: String, text: String) throws -> String {
        let body = Array("""
            {"submissionId":"\(id)","openId":"o-\(id)","phone":"13912345678","name":"李娜","requestType":"投诉","text":"\(text)",
             "location":{"address":"滨海大道辅路88号"},
             "photos":[{"url":"https://mp.example/u/a.jpg","sha256":"\(String(repeating: "a", count: 64))"},
                       {"url":"https://mp.example/u/b.jpg","sha256":"\(String(repeating: "b", count: 64))"}]}
            """.utf8)
        let headers = StandardWebhooks(secret: try #require(Demo.secrets["miniprogram"]))
            .headers(id: "msg_" + id, timestamp: Int64(Date().timeIntervalSince1970), body: body)
        let r = try t.request("POST", "/v1/intake/miniprogram/submissions", headers: [("Content-Type", "application/json")] + headers, body: body)
        #expect(r.status == 202, "\(r.text)")
        return try #require(r.json?["ticketId"]?.stringValue)
    }

    static func delivery(_ t: TestGateway, _ ticketId: String) throws -> JSON? {
        try t.admin("/v1/tickets/\(ticketId)").json?["delivery"]?.arrayValue?.first { $0["destination"] == "municipal" }
    }

    /// `yyyy-MM-dd HH:mm:ss` in Beijing time, by Foundation's formatter (not the mapping's).
    static func beijing(_ iso: String) throws -> String {
        let date = try #require(ISO8601DateFormatter.withFractionalSeconds.date(from: iso), "\(iso)")
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }

    @Test(arguments: TestStore.allCases) func theShippedMappingFillsTheSamplesFieldsSignsAndKeepsTheCaseId(_ store: TestStore) throws {
        let (t, city, done) = try Self.gateway(store)
        defer { done() }
        let id = try Self.submit(t, id: "mj-1-\(store)", text: "滨海大道辅路井盖缺失，非常危险。")
        #expect(try t.eventually { try Self.delivery(t, id)?["state"] == "delivered" })
        #expect(try Self.delivery(t, id)?["caseId"] == "GD-1", "the case id is taken from /resultData/id")
        let ticket = try #require(try t.admin("/v1/tickets/\(id)").json)
        let got = try #require(city.received.first)
        #expect(city.received.count == 1)
        #expect(got.signatureValid, "X-Sign verified by the receiver")
        let f = got.fields
        #expect(f["workordercode"] as? String == ticket["receiptNo"]?.stringValue)
        #expect(f["workordercontent"] as? String == "滨海大道辅路井盖缺失，非常危险。")
        #expect(f["place"] as? String == "滨海大道辅路88号", "\(f)")
        #expect(f["area"] as? String == "", "the mini-program names no district: the mapping's default")
        #expect(f["dispatchtime"] as? String == (try Self.beijing(try #require(ticket["receivedAt"]?.stringValue))), "\(f)")
        let deadline = try #require(ticket["routing"]?["deadline"]?.stringValue, "the catalogue gives a deadline")
        #expect(f["processlimited"] as? String == (try Self.beijing(deadline)), "\(f)")
        #expect(f["workordertype"] as? String == "投诉")
        #expect(f["attachments"] as? String == "https://mp.example/u/a.jpg,https://mp.example/u/b.jpg")
        #expect(Set(f.keys) == ["workordercode", "workordercontent", "place", "area", "dispatchtime", "processlimited",
                                "workordertype", "attachments"])
        let metrics = try t.request("GET", "/metrics").text
        #expect(metrics.contains(#"intake_delivery_attempts_total{destination="municipal",result="delivered"} 1"#), "\(metrics)")
    }

    @Test func storedPhotosGoAsSignedLinksWhenThereIsAPublicBaseURL() throws {
        let city = try MunicipalCaseReceiver(key: Self.key)
        defer { city.stop() }
        let path = try DestinationTests.writeFile("""
            [{"name": "municipal", "url": "\(city.url)", "format": "mapped-json", "mapping": "tbpushwork", "secret": "\(Self.key)"}]
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = "https://intake.example.gov.cn"
        let t = try TestGateway { config in
            do { config.destinations = try ConfigurationLoader.destinationsFile(path) } catch { Issue.record("\(error)") }
            config.settings["sms.publicBaseUrl"] = base
        }
        defer { t.stop() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 5, count: 100)
        let r = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")],
                              body: TestGateway.photoForm(png))
        let id = try #require(r.json?["ticketId"]?.stringValue, "\(r.text)")
        #expect(t.eventually { city.received.count == 1 })
        let links = try #require(city.received.first?.fields["attachments"] as? String)
        #expect(links.hasPrefix(base + "/v1/media/\(id)/0?expires="), "\(links)")
        let photo = try t.request("GET", String(links.dropFirst(base.count)))
        #expect(photo.status == 200 && photo.body == png)
        #expect(try t.admin("/v1/tickets/\(id)").json?["attachments"]?[0]?["url"] == nil, "the stored ticket is unchanged")
    }

    @Test func anotherCodeIsRetriedAndAListedPermanentCodeIsADeadLetter() throws {
        let (t, city, done) = try Self.gateway()
        defer { done() }
        let busy = Flag()
        city.lock.withLock { city.answer = { content in
            if content.contains("系统繁忙") && busy.isSet { return (200, #"{"success":false,"code":30002,"message":"系统繁忙"}"#) }
            if content.contains("重复工单") { return (200, #"{"success":false,"code":40004,"message":"工单编号重复"}"#) }
            return nil
        } }
        let retried = try Self.submit(t, id: "mj-2", text: "测试系统繁忙时重试：路灯不亮")
        #expect(try t.eventually { (try Self.delivery(t, retried)?["attempts"]?.intValue ?? 0) >= 2 })
        let pending = try #require(try Self.delivery(t, retried))
        #expect(pending["state"] == "pending", "\(pending)")
        #expect(pending["lastError"]?.stringValue?.contains("code 30002") == true, "\(pending)")
        busy.clear()
        #expect(try t.eventually { try Self.delivery(t, retried)?["state"] == "delivered" })
        #expect(try Self.delivery(t, retried)?["caseId"]?.stringValue?.hasPrefix("GD-") == true)

        let refused = try Self.submit(t, id: "mj-3", text: "重复工单：井盖丢失")
        #expect(try t.eventually { try Self.delivery(t, refused)?["state"] == "dead" })
        let dead = try #require(try Self.delivery(t, refused))
        #expect(dead["attempts"] == 1, "a listed permanent code is not retried")
        #expect(dead["lastError"]?.stringValue?.contains("code 40004: 工单编号重复") == true, "\(dead)")
        let letters = try #require(try t.admin("/v1/admin/dead-letters").json?["items"]?.arrayValue)
        #expect(letters.contains { $0["ticketId"]?.stringValue == refused && $0["destination"] == "municipal" }, "\(letters)")
        let metrics = try t.request("GET", "/metrics").text
        #expect(metrics.contains(#"intake_delivery_attempts_total{destination="municipal",result="dead"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"intake_delivery_attempts_total{destination="municipal",result="retry"}"#), "\(metrics)")
    }

    @Test func theShippedMappingIsItsFileAndParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/Sources/Forwarder/Mappings").filter { $0.hasSuffix(".json") }
        #expect(files.sorted() == ShippedCaseMappings.sources.map { $0.file + ".json" }.sorted())
        for (file, text) in ShippedCaseMappings.sources {
            let onDisk = try String(contentsOfFile: repositoryRoot + "/Sources/Forwarder/Mappings/\(file).json", encoding: .utf8)
            #expect(onDisk == text, "run python3 scripts/generate-embedded.py")
            #expect(throws: Never.self) { try CaseMapping.parse(Array(text.utf8)) }
        }
        #expect(ShippedCaseMappings.all.count == ShippedCaseMappings.sources.count)
    }

    static func mapping(_ fields: String, extra: String = "") throws -> CaseMapping {
        try CaseMapping.parse(Array(#"{"name": "t", "fields": {\#(fields)}\#(extra)}"#.utf8))
    }

    static func mistake(_ text: String) -> String {
        do {
            _ = try CaseMapping.parse(Array(text.utf8))
            return "accepted"
        } catch { return error.description }
    }

    @Test func mistakesInAMappingNameTheKey() {
        let cases: [(String, String)] = [
            (#"{"name": "t", "fields": {"a": {"from": "data"}}}"#, "fields.a.from: data is not a JSON pointer"),
            (#"{"name": "t", "fields": {"a": {"from": "/x", "value": 1}}}"#, "fields.a: give exactly one of from"),
            (#"{"name": "t", "fields": {"a": {"from": "/x", "date": "yyyy-MM-dd hh:mm"}}}"#, "fields.a.date: yyyy-MM-dd hh:mm: h is not one of"),
            (#"{"name": "t", "fields": {"a": {"from": "/x", "truncate": 0}}}"#, "fields.a.truncate: must be a number"),
            (#"{"name": "t", "fields": {"a": {"from": "/x", "colour": 1}}}"#, "fields.a.colour: is not a known key"),
            (#"{"name": "t", "fields": {"a": {"from": "/x", "date": "yyyy", "timeZone": "Mars/Olympus"}}}"#, "fields.a.timeZone: Mars/Olympus"),
            (#"{"name": "t", "fields": {"a": {"value": 1}}, "signing": {"scheme": "hmac-fields", "header": "X-Sign", "fields": ["b"]}}"#,
             "signing.fields: \"b\" is not one of the target fields"),
            (#"{"name": "t", "fields": {"a": {"value": 1}}, "signing": {"scheme": "rsa"}}"#, "signing.scheme: must be none"),
            (#"{"name": "t", "fields": {"a": {"value": 1}}, "response": {"permanentCodes": [1]}}"#, "response.permanentCodes: needs response.code"),
            (#"{"name": "t", "fields": {"a": {"value": 1}}, "response": {"code": "/code", "permanentCodes": [1], "retryableCodes": [1]}}"#,
             "code 1 is listed as both"),
            (#"{"name": "t", "fields": {}}"#, "fields: must be a non-empty object"),
            (#"{"fields": {"a": {"value": 1}}}"#, "name: must be a string"),
            (#"{"name": "t", "fields": {"a": {"value": 1}}, "path": "/x"}"#, "path: is not a known key"),
        ]
        for (text, expected) in cases {
            #expect(Self.mistake(text).contains(expected), "\(text) -> \(Self.mistake(text))")
        }
        let big = #"{"name": "t", "fields": {"a": {"value": "\#(String(repeating: "x", count: CaseMapping.Limits.fileBytes))"}}}"#
        #expect(Self.mistake(big).contains("at most \(CaseMapping.Limits.fileBytes) are read"))
        let many = (0...CaseMapping.Limits.fields).map { #""f\#($0)": {"value": 1}"# }.joined(separator: ",")
        #expect(Self.mistake(#"{"name": "t", "fields": {\#(many)}}"#).contains("fields: \(CaseMapping.Limits.fields + 1) fields; at most"))
    }

    @Test func transformsDateZoneEnumMapJoinAndTruncateOnACharacterBoundary() throws {
        let m = try Self.mapping(#"""
            "t": {"from": "/data/ticket/receivedAt", "date": "yyyy-MM-dd'T'HH:mm:ssXXX"},
            "utc": {"from": "/data/ticket/receivedAt", "date": "yyyy/MM/dd HH:mm:ss.SSS", "timeZone": "UTC"},
            "ms": {"from": "/data/ticket/receivedAt", "date": "epochMillis"},
            "level": {"from": "/data/ticket/urgency", "map": {"A": 1, "B": 2, "C": 3}},
            "short": {"from": "/data/ticket/text", "truncate": 3},
            "tags": {"from": "/data/ticket/tags", "join": "|"},
            "none": {"from": "/data/ticket/missing"},
            "fallback": {"from": "/data/ticket/missing", "default": "无"},
            "const": {"value": {"source": "12345"}},
            "slash": {"from": "/data/ticket/a~1b"}
            """#)
        let envelope = try JSON.parse(#"""
            {"id": "evt_1", "type": "ticket.created", "data": {"ticket": {"receivedAt": "2026-11-30T01:02:03.456Z", "urgency": "B",
             "text": "井👨‍👩‍👧盖缺失", "tags": ["a", 2, true], "a/b": "x"}}}
            """#)
        let fields = try m.render(envelope).get()
        let out = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        #expect(fields.map(\.0) == ["t", "utc", "ms", "level", "short", "tags", "fallback", "const", "slash"], "file order; none omitted")
        #expect(out["t"] == "2026-11-30T09:02:03+08:00", "a quoted letter is literal")
        #expect(out["utc"] == "2026/11/30 01:02:03.456")
        #expect(out["ms"] == .int(1_796_000_523_456))
        #expect(out["level"] == .int(2))
        #expect(out["short"] == "井👨‍👩‍👧盖", "three characters, the family emoji kept whole")
        #expect(out["tags"] == "a|2|true")
        #expect(out["fallback"] == "无")
        #expect(out["const"]?["source"] == "12345")
        #expect(out["slash"] == "x")

        let strict = try Self.mapping(#""level": {"from": "/data/ticket/urgency", "map": {"A": "1"}}, "need": {"from": "/x", "required": true}"#)
        #expect(throws: CaseMappingRefusal.self) { try strict.render(envelope).get() }
        let refusal = strict.render(envelope)
        if case .failure(let r) = refusal { #expect(r.reason == "field level: B is not in its map and it has no default") }
    }

    @Test func answersAreClassifiedByTheMappingsSuccessValueAndCodes() throws {
        let m = try #require(ShippedCaseMappings.all.first { $0.name == "tbpushwork" })
        func a(_ status: Int, _ body: String) -> CaseMapping.Answer { m.answer(status: status, body: Array(body.utf8)) }
        #expect(a(200, #"{"success":true,"code":10000,"message":"ok","resultData":{"id":"GD-9"}}"#) == .delivered(caseId: "GD-9"))
        #expect(a(200, #"{"success":true,"code":"10000","resultData":{"id":77}}"#) == .delivered(caseId: "77"), "codes compare as text")
        #expect(a(200, #"{"success":true,"code":10000,"resultData":null}"#) == .delivered(caseId: nil))
        guard case .retryable = a(200, #"{"success":false,"code":30002,"message":"系统繁忙"}"#) else { Issue.record("unlisted code: retry"); return }
        guard case .retryable = a(200, #"{"success":true,"code":20000}"#) else { Issue.record("success true but code not 10000"); return }
        guard case .retryable = a(200, "not json") else { Issue.record("unreadable 200: retry"); return }
        guard case .retryable = a(400, #"{"success":false,"code":50001,"message":"数据库维护"}"#) else { Issue.record("listed retryable"); return }
        guard case .permanent(let why) = a(200, #"{"success":false,"code":40001,"message":"参数错误"}"#) else { Issue.record("listed permanent"); return }
        #expect(why == "HTTP 200, code 40001: 参数错误")
        guard case .permanent = a(500, #"{"code":40003}"#) else { Issue.record("a listed code wins over the status"); return }
        #expect(a(503, "<html>down</html>") == .byStatus)
        #expect(a(404, #"{"code":99}"#) == .byStatus)
    }

    @Test func standardWebhooksSigningCoversTheRenderedBody() throws {
        let m = try Self.mapping(#""code": {"from": "/data/ticket/receiptNo"}"#, extra: #", "signing": {"scheme": "standard-webhooks"}"#)
        let fields = try m.render(try JSON.parse(#"{"data": {"ticket": {"receiptNo": "20261130-000001"}}}"#)).get()
        let body = JSON.object(fields).serialized()
        let secret = "whsec_" + Data("a-test-key".utf8).base64EncodedString()
        let headers = Dictionary(m.signatureHeaders(fields: fields, body: body, eventId: "evt_1", timestamp: 1_800_000_000, secret: secret),
                                 uniquingKeysWith: { a, _ in a })
        // The Standard Webhooks definition, computed here: base64 HMAC-SHA256 of "id.timestamp.body".
        let mac = HMAC.sha256(key: Array("a-test-key".utf8), data: Array("evt_1.1800000000.".utf8) + body)
        #expect(headers["webhook-signature"] == "v1," + Data(mac).base64EncodedString())
        #expect(headers["webhook-id"] == "evt_1" && headers["webhook-timestamp"] == "1800000000")
        #expect(String(decoding: body, as: UTF8.self) == #"{"code":"20261130-000001"}"#)
    }

    @Test func aDestinationsFileNamesTheMappingsMistake() throws {
        func load(_ entry: String, files: [String: String] = [:]) -> String {
            let dir = NSTemporaryDirectory() + "mj-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            for (name, text) in files { try? Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
            try? Data("[\(entry)]".utf8).write(to: URL(fileURLWithPath: dir + "/destinations.json"))
            do {
                let d = try ConfigurationLoader.destinationsFile(dir + "/destinations.json")
                return "accepted \(d.first?.mapping?.name ?? "-")"
            } catch { return "\(error)" }
        }
        let url = "https://cases.example/TbPushWork/uploadTbPushWork"
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "tbpushwork", "secret": "k"}"#) == "accepted tbpushwork")
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "secret": "k"}"#).contains("destination \"m\": mapping is missing"))
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "tbpushwork"}"#)
            .contains("signs fields with an HMAC: secret or secretFile (the shared key) is required"))
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "nosuch"}"#).contains("nosuch is not a shipped mapping (tbpushwork)"))
        #expect(load(#"{"name": "m", "url": "\#(url)", "mapping": "tbpushwork"}"#).contains("mapping is for format mapped-json only"))
        let bad = #"{"name": "x", "fields": {"a": {"from": "/data/ticket/text", "truncate": "ten"}}}"#
        let message = load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "city.json"}"#, files: ["city.json": bad])
        #expect(message.contains("INTAKE_DESTINATIONS_FILE") && message.contains("destination \"m\": mapping ")
                    && message.contains("city.json: fields.a.truncate: must be a number of characters"), "\(message)")
        let own = #"{"name": "own", "fields": {"a": {"from": "/data/ticket/text"}}}"#
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "city.json"}"#, files: ["city.json": own]) == "accepted own")
        #expect(load(#"{"name": "m", "url": "\#(url)", "format": "mapped-json", "mapping": "city.json", "secret": "k"}"#, files: ["city.json": own])
            .contains("signs nothing"))
    }

    /// README's destinations example (secret files replaced by inline values) is a file the gateway accepts.
    @Test func theReadmesDestinationsExampleLoads() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        let section = try #require(readme.range(of: "### Destinations by rule").map { readme[$0.upperBound...] })
        let block = try #require(section.range(of: "```json\n").flatMap { start in
            section[start.upperBound...].range(of: "```").map { section[start.upperBound..<$0.lowerBound] }
        })
        let text = String(block)
            .replacingOccurrences(of: #""secretFile": "/etc/intake/case-system.whsec""#, with: #""secret": "\#(TestGateway.caseSecret)""#)
            .replacingOccurrences(of: #""apiKeyFile": "/etc/intake/szcg.key""#, with: #""apiKey": "k""#)
            .replacingOccurrences(of: #""secretFile": "/etc/intake/housing.key""#, with: #""secret": "k""#)
        let path = try DestinationTests.writeFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let destinations = try ConfigurationLoader.destinationsFile(path)
        #expect(destinations.map(\.format) == [.standardWebhooks, .open311, .mappedJSON])
        #expect(destinations.last?.mapping?.name == "tbpushwork" && destinations[1].open311?.attributes.first?.code == "HOTLINE_RECEIPT")
    }

    @Test func checkConfigNamesTheMappingsKey() throws {
        let dir = NSTemporaryDirectory() + "mj-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"name": "x", "fields": {"dispatchtime": {"from": "/timestamp", "date": "yyyy-MM-dd HH:mm:ss", "timeZone": "Beijing"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/city.json"))
        try Data(#"[{"name": "m", "url": "https://a.example/x", "format": "mapped-json", "mapping": "city.json"}]"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/destinations.json"))
        let report = ConfigurationCheck.check(configFile: nil, environment: [
            "INTAKE_DESTINATIONS_FILE": dir + "/destinations.json", "INTAKE_DATABASE": dir + "/db.sqlite"])
        #expect(report.problems.contains { $0.contains("destination \"m\": mapping \(dir)/city.json: fields.dispatchtime.timeZone: Beijing is not") },
                "\(report.problems)")
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = true
    var isSet: Bool { lock.withLock { value } }
    func clear() { lock.withLock { value = false } }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
