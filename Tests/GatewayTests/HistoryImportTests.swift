import Foundation
import Testing
import IntakeCore
@testable import Gateway

/// `intake-gateway import`: last month's open cases are known to a new deployment, so a caller's repeat links to them.
@Suite(.serialized) struct HistoryImportTests {
    @Test func importsOnceCountsBadLinesAndLinksLaterRepeats() throws {
        let dir = NSTemporaryDirectory() + "intake-import-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Date()
        let yesterday = Timestamp.format(now.addingTimeInterval(-86_400))
        let lines = [
            "# history",
            #"{"id":"h-1","receiptNo":"20261101-000001","channel":"phone","receivedAt":"\#(yesterday)","phone":"13812345678","text":"阳光花园楼下烧烤店油烟太大，每晚熏到半夜。","requestType":"投诉","address":"南山区阳光花园","status":"open","caseId":"SZ-1"}"#,
            #"{"id":"h-2","receiptNo":"20261101-000002","channel":"web","receivedAt":"\#(yesterday)","phone":"13900001111","text":"公交站牌破损","status":"closed"}"#,
            #"{"channel":"web","text":"no time"}"#,
            "not json",
        ]
        try lines.joined(separator: "\n").write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        var config = GatewayConfiguration()
        config.database = dir + "/db.sqlite"
        let first = try HistoryImport.importFile(path: dir + "/history.jsonl", config: config, progress: false)
        #expect(first.imported == 2 && first.invalid == 2 && first.open == 1 && first.closed == 1)
        let again = try HistoryImport.importFile(path: dir + "/history.jsonl", config: config, progress: false)
        #expect(again.imported == 0 && again.alreadyPresent == 2)
        #expect(HistoryImport.run(path: dir + "/missing.jsonl", config: config) == 2)
        #expect(HistoryImport.run(path: dir + "/history.jsonl", config: config) == 1)

        // The same caller about the same matter today: a repeat of the imported case, which carries its case id.
        let t = try TestGateway { $0.database = config.database }
        defer { t.stop() }
        let r = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"阳光花园楼下的烧烤店油烟还是很大，每天晚上熏到半夜","address":"南山区阳光花园"}"#)
        // The public answer says nothing about other tickets; operators see the link.
        #expect(r.json?["status"] == "created", "\(r.text)")
        let stored = try t.admin("/v1/tickets/\(r.json?["ticketId"]?.stringValue ?? "")").json
        #expect(stored?["dedup"]?["repeatOf"] == "h-1", "\(stored?["dedup"] ?? .null)")
        #expect(t.eventually { t.receiver.received.contains { $0.json?["data"]?["originalCaseId"] == "SZ-1" } })
    }
}

@Suite struct HistoryImportRoutingTests {
    @Test func anImportedRecordIsRoutedAsAtIntakeAndKeepsItsOwnType() throws {
        let (ticket, _, _) = try HistoryImport.record(
            #"{"channel":"phone","text":"楼道里有很重的煤气味","receivedAt":"2026-11-02T10:00:00+08:00","requestType":"投诉"}"#,
            config: GatewayConfiguration())
        #expect(ticket.routing?.category == "gas")
        #expect(ticket.urgency == .A && ticket.requestType == .complaint)
        #expect(ticket.routing?.reasons.contains("type complaint: given by the channel") == true)
        #expect(ticket.routing?.deadline == Timestamp.parse("2026-11-02T12:00:00+08:00"))
    }
}
