import Foundation
import Testing
import IntakeCore
import Curl
import SQLite
import Store
import Synchronization
@testable import Gateway

/// INTAKE_RETENTION_RAW_DAYS and INTAKE_RETENTION_PERSONAL_DAYS: what is purged, what stays, and that intake goes on.
@Suite struct RetentionTests {
    static let auth = [("Authorization", "Bearer \(TestGateway.adminToken)"), ("Content-Type", "application/json")]

    func close(_ t: TestGateway, _ id: String) throws {
        let r = try t.request("POST", "/v1/tickets/\(id)/state", headers: Self.auth, body: Array(#"{"state":"closed"}"#.utf8))
        #expect(r.status == 200, "\(r.text)")
    }

    func lines(_ t: TestGateway, _ message: String) -> [JSON] {
        t.logLines.value.withLock { $0 }.compactMap { try? JSON.parse(Array($0.utf8)) }.filter { $0["msg"]?.stringValue == message }
    }

    @Test(arguments: TestStore.allCases)
    func oldDataIsPurgedInSmallTransactionsAndOpenTicketsStayIntact(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        let store = try #require(t.store as? any RetentionStore)
        let located = #"{"name":"张三","phone":"13812345678","email":"zhang.san@example.com","text":"小区门口路灯不亮三天了","location":{"address":"广东省深圳市南山区科技园南区深南大道10000号","lat":22.543096,"lng":113.934528,"crs":"wgs84"}}"#
        let closed = try #require(try t.postJSON("/v1/intake/web", located).json?["ticketId"]?.stringValue)
        let open = try #require(try t.postJSON("/v1/intake/web", #"{"name":"李四","phone":"13987654321","text":"楼下餐馆油烟扰民，每天晚上都很严重"}"#).json?["ticketId"]?.stringValue)
        for i in 0..<5 { _ = try t.postJSON("/v1/intake/web", #"{"phone":"1370000000\#(i)","text":"第\#(i)件：道路积水"}"#) }
        #expect(try t.postJSON("/v1/intake/web", "{").status == 400)
        // The journal is written after the answer (best effort, through the writer).
        #expect(try t.eventually { try t.admin("/v1/admin/rejected").json?["items"]?.arrayValue?.count == 1 })
        try close(t, closed)

        // Nothing is old enough yet: a pass with the real clock changes nothing.
        let purger = RetentionPurger(rawDays: 90, personalDays: 30, batchSize: 2, pauseSeconds: 0)
        #expect(purger.run(store: store, now: Date(), logger: t.gateway.logger) == RetentionCounts())

        // 91 days later: raw bodies and the journal are gone, in transactions of at most 2 rows per kind.
        let later = Date().addingTimeInterval(91 * 86_400)
        let counts = purger.run(store: store, now: later, logger: t.gateway.logger)
        #expect(counts.rawRequests == 7, "\(counts)")  // the refused request is in the journal, not a raw body
        #expect(counts.rejected == 1)
        #expect(counts.maskedTickets == 1)
        let logged = try #require(lines(t, "retention purge").last)
        #expect(logged["rawRequests"] == 7 && logged["maskedTickets"] == 1 && logged["rejected"] == 1, "\(logged)")
        #expect((logged["transactions"]?.intValue ?? 0) >= 5, "\(logged)")
        #expect(try t.admin("/v1/admin/rejected").json?["items"]?.arrayValue?.isEmpty == true)

        // The closed ticket keeps its receipt and text; its caller and address are masked.
        let masked = try #require(try t.admin("/v1/tickets/\(closed)").json)
        #expect(masked["text"] == "小区门口路灯不亮三天了")
        #expect(masked["receiptNo"]?.stringValue?.isEmpty == false)
        #expect(masked["caller"]?["name"] == "张*")
        #expect(masked["caller"]?["phone"]?.stringValue?.contains("12345678") == false, "\(masked["caller"] ?? .null)")
        #expect(masked["caller"]?["email"] == "z***@example.com")
        #expect(masked["location"]?["address"] == "广东省深圳市…")
        #expect(masked["location"]?["lat"]?.doubleValue == 22.54)
        let text = masked.text
        for secret in ["13812345678", "张三", "zhang.san", "科技园", "22.543096"] { #expect(!text.contains(secret), "\(secret) kept") }
        // The open ticket is untouched, and the dedup index still links a repeat to it.
        let kept = try #require(try t.admin("/v1/tickets/\(open)").json)
        #expect(kept["caller"]?["name"] == "李四")
        let again = try t.postJSON("/v1/intake/web", #"{"name":"李四","phone":"13987654321","text":"楼下餐馆油烟扰民，每天晚上都很严重，还是没人管"}"#)
        #expect(again.status == 202)
        let linked = try t.admin("/v1/tickets/\(again.json?["ticketId"]?.stringValue ?? "")").json
        #expect(linked?["dedup"]?["repeatOf"]?.stringValue == open, "\(linked?["dedup"] ?? .null)")
        // A second pass finds nothing more.
        #expect(purger.run(store: store, now: later, logger: t.gateway.logger).maskedTickets == 0)
    }

    @Test func deliveredPhotosLoseTheirBytesAndRawBodiesAreEmptied() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
        let body = TestGateway.photoForm(png)
        let r = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: body)
        let id = try #require(r.json?["ticketId"]?.stringValue)
        #expect(try t.eventually { try t.admin("/v1/tickets/\(id)").json?["delivery"]?[0]?["state"] == "delivered" })
        // An undelivered ticket keeps its photo whatever its age.
        t.receiver.fail(with: 503)
        let r2 = try t.request("POST", "/v1/intake/web", headers: [("Content-Type", "multipart/form-data; boundary=B")],
                               body: TestGateway.photoForm(png, text: "另一处井盖缺失", phone: "13912345678"))
        let undelivered = try #require(r2.json?["ticketId"]?.stringValue)
        let store = try #require(t.store as? any RetentionStore)
        let counts = RetentionPurger(rawDays: 90, personalDays: nil).run(store: store, now: Date().addingTimeInterval(91 * 86_400),
                                                                          logger: t.gateway.logger)
        #expect(counts.attachments == 1, "\(counts)")
        #expect(counts.rawRequests == 2)
        let db = try SQLiteConnection(path: t.directory + "/gw.sqlite", readOnly: true)
        #expect(try db.query("SELECT data FROM attachments WHERE ticket_id = ?", [.text(id)]).first?.bytes("data") == nil)
        #expect(try db.query("SELECT data FROM attachments WHERE ticket_id = ?", [.text(undelivered)]).first?.bytes("data") == png)
        #expect(try db.query("SELECT count(*) AS n FROM raw_requests WHERE length(body) > 0").first?.int("n") == 0)
        // What the case system and the operators see stays: name, size and digest of the photo.
        let ticket = try #require(try t.admin("/v1/tickets/\(id)").json)
        #expect(ticket["attachments"]?[0]?["sha256"]?.stringValue == hexString(Digest.sha256(png)))
    }

    /// A backlog of 6,000 old raw bodies is purged while citizens keep submitting: each submission is answered meanwhile.
    @Test func aLargePurgeNeverHoldsUpIntake() throws {
        let t = try TestGateway()
        defer { t.stop() }
        guard let sqlite = t.store as? SQLiteTicketStore else { Issue.record("not the SQLite store"); return }
        let old = Int64(Date().addingTimeInterval(-200 * 86_400).timeIntervalSince1970 * 1000)
        try sqlite.writeAndWait { db in
            for i in 0..<6_000 {
                try db.run("INSERT INTO raw_requests (received_at, channel, path, content_type, headers, body) VALUES (?, 'web', '/v1/intake/web', 'application/json', '{}', ?)",
                           [.integer(old + Int64(i)), .blob(Array(repeating: 0x41, count: 2_000))])
            }
        }
        let purger = RetentionPurger(rawDays: 90, personalDays: nil, batchSize: 200, pauseSeconds: 0.005)
        let finished = Atomic<Bool>(false)
        let result = Mutex(RetentionCounts())
        Thread.detachNewThread {
            let counts = purger.run(store: sqlite, now: Date(), logger: t.gateway.logger)
            result.withLock { $0 = counts }
            finished.store(true, ordering: .releasing)
        }
        var slowest = 0.0
        var answered = 0
        while !finished.load(ordering: .acquiring) && answered < 200 {
            let started = Date()
            let r = try t.postJSON("/v1/intake/web", #"{"phone":"13800000000","text":"清理期间的提交 \#(answered)"}"#)
            slowest = max(slowest, Date().timeIntervalSince(started))
            #expect(r.status == 202)
            answered += 1
        }
        #expect(t.eventually(60) { finished.load(ordering: .acquiring) })
        #expect(result.withLock { $0.rawRequests } >= 6_000)
        #expect(answered > 0, "the purge finished before a submission could be made")
        // Generous: the point is that no submission waits for the whole purge.
        #expect(slowest < 2, "a submission waited \(slowest) s during the purge")
    }

    @Test func theOptionsAreReadAndValidated() throws {
        let c = try ConfigurationLoader.load(file: nil, environment: ["INTAKE_RETENTION_RAW_DAYS": "30", "INTAKE_RETENTION_PERSONAL_DAYS": "365"])
        #expect(c.retentionRawDays == 30 && c.retentionPersonalDays == 365)
        let defaults = try ConfigurationLoader.load(file: nil, environment: [:])
        #expect(defaults.retentionRawDays == 90 && defaults.retentionPersonalDays == nil)
        #expect(try ConfigurationLoader.load(file: nil, environment: ["INTAKE_RETENTION_RAW_DAYS": "0"]).retentionRawDays == nil)
        for bad in ["-1", "ninety", "1.5"] {
            #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: nil, environment: ["INTAKE_RETENTION_RAW_DAYS": bad]) }
        }
    }
}
