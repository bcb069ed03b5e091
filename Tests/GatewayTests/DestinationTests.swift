import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Destinations by name and rule (INTAKE_DESTINATIONS_FILE): each ticket reaches every destination whose match
/// accepts it, each destination keeps its own outbox, case ids and dead letters, and one down delays no other.
@Suite(.serialized) struct DestinationTests {
    /// A phone record signed as the demo phone partner: `callee` picks the hotline, `category` the agent's choice.
    static func call(_ t: TestGateway, id: String, callee: String, category: String, text: String = "路灯坏了好几天了",
                     caller: String = "13800138000", extra: String = "") throws -> String {
        let body = #"{"callId":"\#(id)","caller":"\#(caller)","callee":"\#(callee)","summary":"\#(text)","category":"\#(category)"\#(extra)}"#
        let headers = StandardWebhooks(secret: try #require(Demo.secrets["phone"]))
            .headers(id: "msg_" + id, timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8))
        let r = try t.request("POST", "/v1/intake/phone", headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
        #expect(r.status == 202, "\(r.text)")
        return try #require(r.json?["ticketId"]?.stringValue)
    }

    static func writeFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "destinations-\(UUID().uuidString).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func ticketIds(_ r: LocalReceiver) -> [String] { r.received.compactMap { $0.json?["data"]?["ticket"]?["id"]?.stringValue } }

    @Test func ticketsGoToEveryDestinationWhoseRuleAcceptsThemAndOneDownDelaysNoOther() throws {
        let city = LocalReceiver()
        try city.start()
        defer { city.stop() }
        let caseSecret = TestGateway.caseSecret
        var t: TestGateway!
        let path = try Self.writeFile("[]")
        defer { try? FileManager.default.removeItem(atPath: path) }
        t = try TestGateway { config in
            let file = """
            [{"name": "case-system", "url": "\(config.caseSystemURL!)", "secret": "\(caseSecret)", "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(city.url)", "format": "standard-webhooks", "secret": "\(caseSecret)",
              "match": {"hotline": ["12319"], "category": ["streetlight", "manhole"]}}]
            """
            try? Data(file.utf8).write(to: URL(fileURLWithPath: path))
            config.destinations = try? ConfigurationLoader.load(file: nil, environment: ["INTAKE_DESTINATIONS_FILE": path]).destinations
        }
        defer { t.stop() }
        #expect(t.gateway.forwarders.map(\.destination.name) == ["case-system", "city-management"])

        // The city-management platform is down: its events wait, the case system's do not.
        city.fail(with: 503)
        let a = try Self.call(t, id: "d-1", callee: "12345", category: "streetlight")
        let b = try Self.call(t, id: "d-2", callee: "12319", category: "streetlight", text: "井盖丢了", caller: "13900139000")
        let c = try Self.call(t, id: "d-3", callee: "12319", category: "noise", text: "工地夜里施工很吵", caller: "13700137000")
        #expect(try t.eventually { Self.ticketIds(t.receiver) == [a] })
        #expect(Self.ticketIds(t.receiver) == [a], "only the 12345 ticket goes to the case system")

        // Back up: the 12319 streetlight ticket arrives; the 12319 noise ticket goes nowhere (no default destination).
        city.fail(with: nil)
        #expect(try t.eventually { Self.ticketIds(city) == [b] })
        let event = try #require(city.received.first)
        #expect(event.header("webhook-id") == "evt_city-management_" + b)
        let signed = StandardWebhooks(secret: caseSecret).signature(
            id: event.header("webhook-id") ?? "", timestamp: Int64(event.header("webhook-timestamp") ?? "") ?? 0, body: event.body)
        #expect(event.header("webhook-signature") == signed, "signed with the destination's own secret")

        // Each destination's case id is kept on its own delivery (once the result is recorded).
        #expect(try t.eventually { try t.admin("/v1/tickets/\(b)").json?["delivery"]?[0]?["state"] == "delivered" })
        let stored = try #require(try t.admin("/v1/tickets/\(b)").json)
        let deliveries = try #require(stored["delivery"]?.arrayValue)
        #expect(deliveries.count == 1 && deliveries[0]["destination"] == "city-management" && deliveries[0]["caseId"] == "CASE-1",
                "\(deliveries)")
        let none = try #require(try t.admin("/v1/tickets/\(c)").json)
        #expect(none["delivery"]?.arrayValue?.isEmpty == true && none["notForwarded"] == true, "no rule accepts it: not forwarded")
        #expect(t.settled())
        #expect(!Self.ticketIds(t.receiver).contains(c) && !Self.ticketIds(city).contains(c))
    }

    /// Issue 15's acceptance in one run: two Standard Webhooks destinations and one Open311 platform chosen by hotline
    /// and category; each receives exactly its tickets; one down (then refusing) delays no other; its dead letter is
    /// its own, and replaying it reaches only that destination.
    @Test(arguments: TestStore.allCases) func twoWebhookDestinationsAndAnOpen311PlatformEachGetTheirOwn(_ store: TestStore) throws {
        let geo = try GeoReportReceiver(apiKey: Open311Tests.apiKey)
        defer { geo.stop() }
        let (t, city, done) = try Self.gateway(store) { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)", "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(cityURL)", "match": {"hotline": ["12319"], "category": ["streetlight"]}},
             {"name": "szcg", "url": "\(geo.url)", "format": "open311", "apiKey": "\(Open311Tests.apiKey)",
              "jurisdictionId": "city.example", "serviceCodes": {"manhole": "001"}, "match": {"hotline": ["12319"], "category": ["manhole"]}}]
            """
        }
        defer { done() }
        #expect(t.gateway.forwarders.map(\.destination.name) == ["case-system", "city-management", "szcg"])
        city.fail(with: 503)  // down: its tickets wait, nobody else's do
        let a = try Self.call(t, id: "m-1", callee: "12345", category: "streetlight", text: "幸福路路灯不亮", extra: #","address":"幸福路12号""#)
        let b = try Self.call(t, id: "m-2", callee: "12319", category: "streetlight", text: "人民路路灯倒了", caller: "13900139000",
                              extra: #","address":"人民路88号""#)
        let c = try Self.call(t, id: "m-3", callee: "12319", category: "manhole", text: "建设路井盖丢了，很危险", caller: "13700137000",
                              extra: #","address":"建设路与和平路交叉口""#)
        #expect(try t.eventually { Self.ticketIds(t.receiver) == [a] && geo.received.count == 1 })
        #expect(geo.received.first?["service_code"] == "001" && geo.received.first?["description"]?.contains("井盖") == true)
        #expect(try t.eventually { (try t.admin("/v1/tickets/\(b)").json?["delivery"]?[0]?["attempts"]?.intValue ?? 0) >= 1 })
        #expect(Self.ticketIds(city).isEmpty)
        #expect(try t.eventually { try t.admin("/v1/tickets/\(c)").json?["delivery"]?[0]?["caseId"] == "SR-1" })

        // Now it refuses (a 4xx): a dead letter of city-management alone.
        city.fail(with: 422)
        #expect(try t.eventually { try t.admin("/v1/tickets/\(b)").json?["delivery"]?[0]?["state"] == "dead" })
        let dead = try #require(try t.admin("/v1/admin/dead-letters").json?["items"]?.arrayValue)
        #expect(dead.count == 1 && dead[0]["destination"] == "city-management" && dead[0]["ticketId"]?.stringValue == b, "\(dead)")

        // Back, and replayed: b reaches city-management once; nobody else receives anything more.
        city.fail(with: nil)
        let eventId = try #require(dead[0]["eventId"]?.stringValue)
        let replay = try t.request("POST", "/v1/admin/dead-letters/\(eventId)/replay", headers: [("Authorization", "Bearer \(TestGateway.adminToken)")])
        #expect(replay.status == 200 && replay.json?["state"] == "pending", "\(replay.text)")
        #expect(try t.eventually { Self.ticketIds(city) == [b] })
        #expect(t.settled())
        #expect(Self.ticketIds(t.receiver) == [a] && geo.received.count == 1 && Self.ticketIds(city) == [b])
        #expect(try t.admin("/v1/admin/dead-letters").json?["items"]?.arrayValue?.isEmpty == true)
    }

    /// A gateway whose destinations file `file(caseSystemURL, cityURL)` names the test's case system and a second
    /// receiver, the city-management platform.
    static func gateway(_ store: TestStore = .sqlite, _ file: @escaping (String, String) -> String) throws -> (TestGateway, LocalReceiver, () -> Void) {
        let city = LocalReceiver()
        try city.start()
        let path = try writeFile("[]")
        let t = try TestGateway(store: store) { config in
            try? Data(file(config.caseSystemURL!, city.url).utf8).write(to: URL(fileURLWithPath: path))
            config.destinations = try? ConfigurationLoader.destinationsFile(path)
        }
        return (t, city, {
            t.stop()
            city.stop()
            try? FileManager.default.removeItem(atPath: path)
        })
    }

    @Test(arguments: TestStore.allCases) func aRepeatCarriesTheCaseIdItsOwnDestinationGaveTheOriginal(_ store: TestStore) throws {
        let (t, city, done) = try Self.gateway(store) { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)"},
             {"name": "city-management", "url": "\(cityURL)", "match": {"category": ["streetlight"]}}]
            """
        }
        defer { done() }
        // The case system numbers its cases from CASE-1; the city platform too, but it is asked once first.
        _ = try Self.call(t, id: "r-0", callee: "12345", category: "noise", text: "广场舞太吵", caller: "13600136000")
        #expect(try t.eventually { t.receiver.received.count == 1 })
        let original = try Self.call(t, id: "r-1", callee: "12345", category: "streetlight", text: "幸福路路灯不亮")
        #expect(try t.eventually { Self.ticketIds(city) == [original] && t.receiver.received.count == 2 })
        let again = try Self.call(t, id: "r-2", callee: "12345", category: "streetlight", text: "幸福路路灯还是不亮")
        #expect(try t.eventually { city.received.count == 2 && t.receiver.received.count == 3 })
        let toCity = try #require(city.received.last?.json)
        let toCase = try #require(t.receiver.received.last?.json)
        #expect(toCity["type"] == "ticket.repeat" && toCase["type"] == "ticket.repeat", "\(toCity)")
        #expect(toCity["data"]?["ticket"]?["id"]?.stringValue == again)
        #expect(toCity["data"]?["originalCaseId"] == "CASE-1", "the city platform's own id: \(toCity)")
        #expect(toCase["data"]?["originalCaseId"] == "CASE-2", "the case system's own id: \(toCase)")
    }

    /// 退单 then 改派: the case system gave the ticket back; an operator sends it to the city platform, which gets a
    /// ticket.routed event naming the earlier delivery and its case id.
    @Test func anOperatorSendsAReturnedTicketToAnotherDestination() throws {
        let (t, city, done) = try Self.gateway { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)", "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(cityURL)", "match": {"hotline": ["12319"]}}]
            """
        }
        defer { done() }
        let a = try Self.call(t, id: "m-1", callee: "12345", category: "streetlight", text: "幸福路路灯不亮")
        #expect(try t.eventually { try t.admin("/v1/tickets/\(a)").json?["delivery"]?[0]?["state"] == "delivered" })
        let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]
        let body = Array(#"{"destination": "city-management", "reason": "退单：属城管职责，改派数字城管"}"#.utf8)
        let r = try t.request("POST", "/v1/tickets/\(a)/route", headers: auth, body: body)
        #expect(r.status == 202 && r.json?["eventId"] == .string("evt_city-management_routed_" + a), "\(r.text)")
        #expect(t.eventually { city.received.count == 1 })
        let event = try #require(city.received.first?.json)
        #expect(event["type"] == "ticket.routed" && event["data"]?["ticket"]?["id"] == .string(a), "\(event)")
        #expect(event["data"]?["reason"]?.stringValue?.hasPrefix("退单") == true)
        let previous = try #require(event["data"]?["previousDeliveries"]?[0])
        #expect(previous["destination"] == "case-system" && previous["caseId"] == "CASE-1" && previous["eventId"] == .string("evt_" + a))
        // Asking again finds the same event; an unknown destination or no reason is refused naming the field.
        #expect(try t.request("POST", "/v1/tickets/\(a)/route", headers: auth, body: body).status == 202)
        #expect(t.settled())
        #expect(city.received.count == 1)
        let unknown = try t.request("POST", "/v1/tickets/\(a)/route", headers: auth, body: Array(#"{"destination": "x", "reason": "r"}"#.utf8))
        #expect(unknown.status == 404, "\(unknown.text)")
        let noReason = try t.request("POST", "/v1/tickets/\(a)/route", headers: auth, body: Array(#"{"destination": "case-system"}"#.utf8))
        #expect(noReason.status == 422 && noReason.json?["field"] == "reason")
    }

    @Test func ticketsNoRuleAcceptsGoToTheDefaultDestination() throws {
        let (t, city, done) = try Self.gateway { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)", "default": true, "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(cityURL)", "match": {"hotline": ["12319"], "category": ["manhole"]}}]
            """
        }
        defer { done() }
        let a = try Self.call(t, id: "f-1", callee: "12319", category: "noise", text: "工地夜里施工很吵")
        let b = try Self.call(t, id: "f-2", callee: "12319", category: "manhole", text: "井盖丢了", caller: "13900139000")
        #expect(try t.eventually { Self.ticketIds(t.receiver) == [a] && Self.ticketIds(city) == [b] })
    }

    @Test(arguments: [
        (#"[{"name": "x", "url": "ftp://x"}]"#, #"destination "x": url must be an http"#),
        (#"[{"name": "x", "url": "http://x", "format": "soap"}]"#, #"destination "x": format soap is not"#),
        (#"[{"name": "x", "url": "http://x", "match": {"hotline": []}}]"#, #"destination "x": match.hotline must be a non-empty list"#),
        (#"[{"name": "x", "url": "http://x", "match": {"colour": ["red"]}}]"#, #"destination "x": match.colour is not a known key"#),
        (#"[{"name": "x", "url": "http://x", "match": {"urgency": ["D"]}}]"#, #"destination "x": match.urgency: D is not A, B or C"#),
        (#"[{"name": "x", "url": "http://x", "secretFile": "/nonexistent/s"}]"#, #"destination "x": secretFile: cannot read"#),
        (#"[{"name": "x", "url": "http://x"}, {"name": "x", "url": "http://y"}]"#, #"destination "x": the name is used twice"#),
        (#"[{"url": "http://x"}]"#, "destination #1: name must be"),
        (#"[{"name": "x", "url": "http://x", "apiKey": "k"}]"#, #"destination "x": apiKey is for format open311 only"#),
    ])
    func aBadDestinationsFileNamesTheOptionAndTheDestination(file: String, message: String) throws {
        let path = try Self.writeFile(file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ConfigurationLoader.load(file: nil, environment: ["INTAKE_DESTINATIONS_FILE": path])
            Issue.record("accepted \(file)")
        } catch {
            #expect("\(error)".contains("INTAKE_DESTINATIONS_FILE") && "\(error)".contains(message), "\(error)")
        }
    }
}
