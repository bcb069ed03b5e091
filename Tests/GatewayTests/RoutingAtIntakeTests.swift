import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Issue 14's acceptance: every ticket from every channel carries `routing` with reasons; operators filter by it;
/// /metrics counts tickets by category and urgency; an emergency's JSON answer tells the citizen to call now.
@Suite(.serialized) struct RoutingAtIntakeTests {
    @Test(arguments: TestStore.allCases)
    func everyChannelsTicketsCarryRoutingWithReasons(_ store: TestStore) throws {
        let t = try ChannelAcceptanceTests.gateway(store)
        defer { t.stop() }
        let examples = try Demo.examples(in: repositoryRoot + "/Channels")
        for e in examples { _ = try Demo.send(e, baseURL: t.base, easy: CurlEasy()) }
        let items = try #require(try t.admin("/v1/tickets?limit=1000").json?["items"]?.arrayValue)
        let channels = Set(items.compactMap { $0["channel"]?.stringValue })
        #expect(channels == ["web", "sms", "phone", "email", "miniprogram", "police110"], "\(channels)")
        for ticket in items {
            let routing = try #require(ticket["routing"], "\(ticket["receiptNo"] ?? .null)")
            #expect(routing["schema"] == "routing/v1")
            #expect(routing["category"]?.stringValue?.isEmpty == false)
            #expect(routing["urgency"]?.stringValue == ticket["urgency"]?.stringValue)
            #expect(routing["deadline"]?.stringValue != nil)
            #expect((routing["reasons"]?.arrayValue?.count ?? 0) >= 3, "\(routing)")
        }
        // A 110 transfer's own class wins over the rules, and the reasons say so.
        let police = items.filter { $0["channel"] == "police110" && $0["channelData"] != nil }
        #expect(!police.isEmpty)
        for p in police where p["urgency"] != .null {
            let reasons = p["routing"]?["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if reasons.contains(where: { $0.hasSuffix("given by the channel") }) { continue }
            Issue.record("a 110 ticket's urgency is not marked as given by the channel: \(reasons)")
        }
    }

    @Test(arguments: TestStore.allCases)
    func operatorsFilterByRoutingAndMetricsCountIt(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let gas = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"楼道里有很重的煤气味，怀疑燃气泄漏"}"#).json)
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13912345678","text":"楼下广场舞音响太吵了"}"#)
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13712345678","text":"请问公积金提取需要什么材料"}"#)
        func count(_ query: String) throws -> Int64? { try t.admin("/v1/tickets?" + query).json?["count"]?.intValue }
        #expect(try count("category=gas") == 1)
        #expect(try count("category=noise") == 1)
        #expect(try count("urgency=A") == 1)
        #expect(try count("urgency=C") == 2)
        #expect(try count("department=%E7%87%83%E6%B0%94%E5%85%AC%E5%8F%B8") == 1)  // 燃气公司
        // The gas leak is due in 2 hours; the others in working days.
        let soon = Timestamp.format(Date().addingTimeInterval(3 * 3600))
        #expect(try count("deadlineBefore=" + soon) == 1)
        #expect(try t.admin("/v1/tickets?urgency=D").status == 422)
        let gasId = try #require(gas["ticketId"]?.stringValue)
        let ticket = try #require(try t.admin("/v1/tickets/\(gasId)").json)
        #expect(ticket["requestType"] == "help")
        #expect(ticket["routing"]?["category"] == "gas")
        #expect(ticket["routing"]?["categoryLabel"] == "燃气")
        let metrics = try t.request("GET", "/metrics").text
        #expect(metrics.contains(#"intake_tickets_total{category="gas",urgency="A"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"intake_tickets_total{category="noise",urgency="C"} 1"#))
    }

    @Test(arguments: TestStore.allCases)
    func anEmergencyIsStoredAndTheAnswerSaysCallNow(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let answer = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"对面楼着火了，浓烟很大"}"#).json)
        #expect(answer["emergency"] == "119")
        #expect(answer["advice"]?.stringValue?.contains("请立即拨打119") == true)
        let receipt = try #require(answer["receiptNo"]?.stringValue)
        let ticket = try #require(try t.admin("/v1/tickets/\(receipt)").json)
        #expect(ticket["routing"]?["emergency"] == "119")
        #expect(ticket["urgency"] == "A")
        // Stored and forwarded like any ticket.
        #expect(try t.eventually { t.receiver.received.count >= 1 })
        let plain = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"路灯不亮"}"#).json)
        #expect(plain["emergency"] == nil && plain["advice"] == nil)
    }

    /// An agent's selection in a call record (category and urgency) wins over the rules, and the reasons say so.
    @Test func anAgentsSelectionInACallRecordWins() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let body = #"{"callId":"agent-1","caller":"13800138000","callee":"12345","summary":"楼下广场舞音响太吵了","category":"property","urgency":"B"}"#
        let headers = StandardWebhooks(secret: try #require(Demo.secrets["phone"]))
            .headers(id: "msg_agent_1", timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8))
        let r = try t.request("POST", "/v1/intake/phone", headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
        #expect(r.status == 202)
        let id = try #require(r.json?["ticketId"]?.stringValue)
        let routing = try #require(try t.admin("/v1/tickets/\(id)").json?["routing"])
        #expect(routing["category"] == "property" && routing["urgency"] == "B")
        let reasons = routing["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(reasons.contains("category property (物业管理): given by the channel"), "\(reasons)")
        #expect(reasons.contains("urgency B: given by the channel"), "\(reasons)")
    }

    /// The web page says it too: a browser posting the form gets a receipt page that leads with the number to call.
    @Test func theReceiptPageTellsTheCitizenToCallTheEmergencyNumber() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let body = "text=" + URLEncodedForm.encode("我爸突然晕倒了没有意识，叫不醒") + "&phone=13812345678"
        let page = try t.request("POST", "/v1/intake/web", headers: [("Accept", "text/html"),
                                 ("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
        #expect(page.status == 202)
        #expect(page.text.contains(#"id="emergency""#) && page.text.contains("请立即拨打120"), "\(page.text)")
        let plainBody = "text=" + URLEncodedForm.encode("路灯不亮") + "&phone=13812345678"
        let plain = try t.request("POST", "/v1/intake/web", headers: [("Accept", "text/html"),
                                  ("Content-Type", "application/x-www-form-urlencoded")], body: Array(plainBody.utf8))
        #expect(plain.status == 202 && !plain.text.contains(#"id="emergency""#))
    }

    @Test func readyzWarnsOfAMissingCalendarYear() throws {
        let dir = NSTemporaryDirectory() + "intake-cal-" + UUID().uuidString + ".json"
        try Data(#"{"holidays": ["2001-01-01"]}"#.utf8).write(to: URL(fileURLWithPath: dir))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = try TestGateway { c in
            c.routing = (try? ConfigurationLoader.load(file: nil, environment: ["INTAKE_CALENDAR_FILE": dir]).routing) ?? c.routing
        }
        defer { t.stop() }
        let ready = try #require(try t.request("GET", "/readyz").json)
        let missing = ready["calendar"]?["missingYears"]?.arrayValue ?? []
        #expect(missing.count == 2)
        #expect(ready["calendar"]?["warning"]?.stringValue?.contains("INTAKE_CALENDAR_FILE") == true)
        #expect(t.logLines.value.withLock { $0.contains { $0.contains("the working calendar does not cover") } })
        let shipped = try TestGateway()
        defer { shipped.stop() }
        // The shipped calendar covers 2025 and 2026: from 2026 on this machine's clock, 2027 is missing until shipped.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let expected = [year, year + 1].filter { !(2025...2026).contains($0) }
        #expect(try shipped.request("GET", "/readyz").json?["calendar"]?["missingYears"]?.arrayValue?.compactMap(\.intValue) == expected.map(Int64.init))
    }

    @Test func theDeadlineCommandPrintsWhatTheGatewayWouldSet() throws {
        let out = try runCLI(["deadline", "--from", "2026-09-30T10:00:00+08:00", "--type", "consultation"])
        #expect(out.code == 0)
        #expect(out.text.hasPrefix("2026-10-09T23:59:59+08:00"), "\(out.text)")
        let b = try runCLI(["deadline", "--from", "2026-09-30T23:30:00+08:00", "--type", "help", "--urgency", "B"])
        #expect(b.text.hasPrefix("2026-10-01T23:30:00+08:00"), "\(b.text)")
        let late = try runCLI(["deadline", "--from", "2027-09-30T10:00:00+08:00", "--type", "complaint"])
        #expect(late.text.contains("warning: the working calendar does not cover 2027"))
        #expect(try runCLI(["deadline", "--type", "help"]).code == 2)
    }

    /// Runs the built executable (the commands print to standard output).
    func runCLI(_ args: [String]) throws -> (code: Int32, text: String) {
        let p = try Subprocess(repositoryRoot + "/.build/debug/intake-gateway", args, environment: ["PATH": "/usr/bin:/bin"])
        let data = p.readOutputToEnd()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
