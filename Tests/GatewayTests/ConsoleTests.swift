import Foundation
import Testing
import IntakeCore
import Store
import Curl
import ChannelTesting
@testable import Gateway

@Suite(.serialized) struct ConsoleTests {
    /// An operator with a fast hash (tests only) and an API token.
    func addOperator(_ t: TestGateway, _ name: String, _ role: OperatorRole, password: String = "password-123") throws -> String {
        let store = try #require(t.gateway.console.store)
        try store.saveOperator(OperatorAccount(name: name, role: role.rawValue, passwordHash: try PasswordHash.make(password, iterations: 1000),
                                               createdAt: Date()))
        let token = "ops_test_\(name)"
        try store.addAPIToken(hash: Gateway.tokenHash(token), operatorName: name, at: Date())
        return token
    }

    func bearer(_ token: String) -> [(String, String)] { [("Authorization", "Bearer \(token)")] }

    @Test(arguments: TestStore.allCases)
    func rolesDecideWhatTheJSONAPIShowsAndEveryViewIsAudited(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        let viewer = try addOperator(t, "vic", .viewer)
        let supervisor = try addOperator(t, "sue", .supervisor)
        let receipt = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","name":"王小明","text":"保密举报","confidential":true}"#)
            .json?["receiptNo"]?.stringValue)

        let masked = try t.request("GET", "/v1/tickets/\(receipt)", headers: bearer(viewer)).json
        #expect(masked?["caller"]?["phone"] == "138****5678")
        #expect(masked?["caller"]?["name"] == "王**")
        #expect(masked?["masked"] == true)

        let beforeReason = try t.request("GET", "/v1/tickets/\(receipt)", headers: bearer(supervisor)).json
        #expect(beforeReason?["caller"]?["phone"] == "138****5678" && beforeReason?["confidentialRequiresReason"] == true)
        let withReason = try t.request("GET", "/v1/tickets/\(receipt)?reason=%E6%A0%B8%E5%AE%9E", headers: bearer(supervisor)).json
        #expect(withReason?["caller"]?["phone"] == "13812345678")

        #expect(try t.request("POST", "/v1/admin/dead-letters/nope/replay", headers: bearer(viewer)).status == 403)
        #expect(try t.request("GET", "/v1/admin/audit", headers: bearer(supervisor)).status == 403)
        // Raw bodies and missed-call numbers are unmasked personal data: not for viewers.
        #expect(try t.request("GET", "/v1/admin/rejected", headers: bearer(viewer)).status == 403)
        #expect(try t.request("GET", "/v1/admin/rejected", headers: bearer(supervisor)).status == 200)
        #expect(try t.request("GET", "/v1/missed-calls", headers: bearer(viewer)).status == 403)
        #expect(try t.request("GET", "/v1/tickets", headers: bearer("ops_wrong")).status == 401)

        let audit = try #require(try t.admin("/v1/admin/audit?action=ticket.view").json?["items"]?.arrayValue)
        #expect(audit.count == 3)
        #expect(audit[0]["operator"] == "sue" && audit[0]["reason"] == "核实" && audit[0]["source"] == "127.0.0.1")
        #expect(audit.contains { $0["operator"] == "vic" && $0["detail"] == "masked" })
    }

    /// Logs in through the form; returns the session cookie, or nil with the page's status.
    func login(_ t: TestGateway, _ name: String, _ password: String) throws -> (cookie: String?, status: Int, page: String) {
        let form = try t.request("GET", "/ops/login")
        let loginCookie = try #require(form.header("set-cookie")?.split(separator: ";").first.map(String.init))
        let csrf = try #require(form.text.range(of: #"name="csrf" value=""#).map { String(form.text[$0.upperBound...].prefix(32)) })
        let body = "csrf=\(csrf)&name=\(name)&password=\(URLEncodedForm.encode(password))"
        let answer = try t.request("POST", "/ops/login", headers: [("Cookie", loginCookie), ("Content-Type", "application/x-www-form-urlencoded")],
                                   body: Array(body.utf8))
        let session = answer.headers.filter { $0.name.lowercased() == "set-cookie" && $0.value.hasPrefix("ops_session=") }
            .first?.value.split(separator: ";").first.map(String.init)
        return (answer.status == 303 ? session : nil, answer.status, answer.text)
    }

    @Test(arguments: TestStore.allCases)
    func loginSessionCSRFAndLockout(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind) { $0.settings["ops.lockoutAttempts"] = "3" }
        defer { t.stop() }
        _ = try addOperator(t, "amy", .admin)
        let ok = try login(t, "amy", "password-123")
        let cookie = try #require(ok.cookie)
        let dashboard = try t.request("GET", "/ops", headers: [("Cookie", cookie)])
        #expect(dashboard.status == 200 && dashboard.text.contains(#"id="chart""#))
        #expect(try t.request("GET", "/ops").status == 303)

        // A POST without the CSRF token changes nothing: the session survives.
        let forged = try t.request("POST", "/ops/logout", headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")])
        #expect(forged.status == 403)
        #expect(try t.request("GET", "/ops", headers: [("Cookie", cookie)]).status == 200)

        // Three wrong passwords in a row lock the account; then even the right one is refused.
        for _ in 0..<2 { #expect(try login(t, "amy", "wrong-password").status == 401) }
        #expect(try login(t, "amy", "wrong-password").status == 423)
        let locked = try login(t, "amy", "password-123")
        #expect(locked.cookie == nil && locked.status == 423)
        let failures = try #require(try t.admin("/v1/admin/audit?action=login.failed").json?["count"]?.intValue)
        #expect(failures == 3)
        #expect(try t.admin("/v1/admin/audit?action=login").json?["count"] == 1)
    }

    @Test(arguments: [TestStore.sqlite, .postgres])
    func theOperatorCommandManagesAccounts(_ kind: TestStore) throws {
        let directory = NSTemporaryDirectory() + "ops-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var database = directory + "/db.sqlite", drop: @Sendable () -> Void = {}
        if kind == .postgres { (database, drop) = try TestDatabase.create() }
        defer { drop() }
        let env = ["INTAKE_DATABASE": database]
        #expect(OperatorCommand.run(["add", "zhang", "--role", "supervisor"], environment: env, stdin: { "long enough password" }) == 0)
        #expect(OperatorCommand.run(["add", "zhang", "--role", "supervisor"], environment: env, stdin: { "long enough password" }) == 1)
        #expect(OperatorCommand.run(["add", "li", "--role", "boss"], environment: env, stdin: { "long enough password" }) == 2)
        #expect(OperatorCommand.run(["add", "li", "--role", "viewer"], environment: env, stdin: { "short" }) == 2)
        #expect(OperatorCommand.run(["disable", "zhang"], environment: env, stdin: { nil }) == 0)
        let store = try ConsoleStores.open(try ConfigurationLoader.load(file: nil, environment: env), tickets: nil)
        let zhang = try #require(try store.operatorAccount(named: "zhang"))
        #expect(zhang.disabled && zhang.role == "supervisor" && zhang.passwordHash.hasPrefix("pbkdf2-sha256$600000$"))
        #expect(PasswordHash.verify("long enough password", against: zhang.passwordHash))
        #expect(!PasswordHash.verify("long enough passworD", against: zhang.passwordHash))
        #expect(OperatorCommand.run(["reset", "zhang"], environment: env, stdin: { "another long password" }) == 0)
        #expect(try store.operatorAccount(named: "zhang")?.disabled == false)
        #expect(try store.audit(limit: 10, ticketId: nil, action: nil).map(\.action) == ["operator.reset", "operator.disable", "operator.add"])
    }

    /// The audit trail is in the tickets' database: a new process reads it, and `intake-gateway backup` copies it.
    @Test func theAuditTrailSurvivesARestartAndIsInTheBackup() throws {
        let directory = NSTemporaryDirectory() + "ops-audit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = directory + "/db.sqlite"
        let first = try SQLiteConsoleStore(path: database)
        try first.appendAudit(AuditEntry(at: Date(), actor: "wang", action: "ticket.view", ticketId: "T-1", source: "10.0.0.7", reason: "回访"))
        let reopened = try SQLiteConsoleStore(path: database)
        #expect(try reopened.audit(limit: 10, ticketId: "T-1", action: nil).first?.reason == "回访")
        _ = try DatabaseBackup.backup(database: database, to: directory + "/copy.sqlite")
        let copy = try SQLiteConsoleStore(path: directory + "/copy.sqlite")
        #expect(try copy.audit(limit: 10, ticketId: nil, action: nil).map(\.actor) == ["wang"])
    }

    @Test(arguments: TestStore.allCases)
    func attachmentsOpenForSupervisorsAndConfidentialOnesWithAReason(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        let viewer = try addOperator(t, "vic", .viewer)
        let supervisor = try addOperator(t, "sue", .supervisor)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 8, 7]
        let json = #"{"phone":"13812345678","text":"占道经营","confidential":true,"attachments":[{"name":"a.png","data":"\#(Data(png).base64EncodedString())"}]}"#
        let receipt = try #require(try t.postJSON("/v1/intake/web", json).json?["receiptNo"]?.stringValue)
        #expect(try t.request("GET", "/v1/tickets/\(receipt)/attachments/0", headers: bearer(viewer)).status == 403)
        #expect(try t.request("GET", "/v1/tickets/\(receipt)/attachments/0", headers: bearer(supervisor)).status == 403)
        let photo = try t.request("GET", "/v1/tickets/\(receipt)/attachments/0?reason=%E5%8F%96%E8%AF%81", headers: bearer(supervisor))
        #expect(photo.status == 200 && photo.body == png && photo.header("content-type") == "image/png")
        #expect(try t.request("GET", "/v1/tickets/\(receipt)/attachments/1", headers: bearer(supervisor)).status == 404)
        let audit = try #require(try t.admin("/v1/admin/audit?action=attachment.view").json?["items"]?.arrayValue)
        #expect(audit.count == 1 && audit[0]["reason"] == "取证")
    }

    @Test(arguments: TestStore.allCases)
    func exportIsMaskedForAViewerAndAudited(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        _ = try addOperator(t, "vic", .viewer)
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","name":"王小明","text":"=cmd|' /C calc'!A0"}"#)
        let cookie = try #require(try login(t, "vic", "password-123").cookie)
        let csv = try t.request("GET", "/ops/export?phone=13812345678", headers: [("Cookie", cookie)])
        #expect(csv.status == 200 && csv.header("content-type")?.hasPrefix("text/csv") == true)
        #expect(csv.text.contains("138****5678") && !csv.text.contains("13812345678") && csv.text.contains("王**"))
        #expect(csv.text.contains("\"'=cmd"))
        let exports = try #require(try t.admin("/v1/admin/audit?action=ticket.export").json?["items"]?.arrayValue)
        #expect(exports.count == 1 && exports[0]["operator"] == "vic")
        // The JSON search takes the console's criteria too.
        #expect(try t.request("GET", "/v1/tickets?state=closed", headers: bearer("ops_test_vic")).json?["count"] == 0)
        #expect(try t.request("GET", "/v1/tickets?state=open&dedup=new", headers: bearer("ops_test_vic")).json?["count"] == 1)
    }

    @Test(arguments: TestStore.allCases)
    func anAdminDisablesAndUnlocksOperatorsFromTheConsole(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind) { $0.settings["ops.lockoutAttempts"] = "2" }
        defer { t.stop() }
        _ = try addOperator(t, "amy", .admin)
        _ = try addOperator(t, "bob", .viewer)
        for _ in 0..<2 { _ = try login(t, "bob", "nope-nope-nope") }
        #expect(try login(t, "bob", "password-123").status == 423)
        let cookie = try #require(try login(t, "amy", "password-123").cookie)
        let page = try t.request("GET", "/ops/operators", headers: [("Cookie", cookie)])
        let csrf = try #require(page.text.range(of: #"name="csrf" value=""#).map { String(page.text[$0.upperBound...].prefix(32)) })
        let form = [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")]
        #expect(try t.request("POST", "/ops/operators/bob/unlock", headers: form, body: Array("csrf=\(csrf)".utf8)).status == 303)
        #expect(try login(t, "bob", "password-123").cookie != nil)
        #expect(try t.request("POST", "/ops/operators/bob/disable", headers: form, body: Array("csrf=\(csrf)".utf8)).status == 303)
        #expect(try login(t, "bob", "password-123").status == 401)
        #expect(try t.request("POST", "/ops/operators/bob/enable", headers: form).status == 403)
        let bobCookie = try login(t, "bob", "password-123")
        #expect(bobCookie.cookie == nil)
    }

    /// The audit trail of a PostgreSQL gateway is in its database: a new connection (a restarted process) reads it.
    @Test func thePostgreSQLAuditTrailSurvivesARestart() throws {
        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        try PostgresConsoleStore(url: url).appendAudit(AuditEntry(at: Date(), actor: "wang", action: "ticket.view", ticketId: "T-1", reason: "回访"))
        #expect(try PostgresConsoleStore(url: url).audit(limit: 10, ticketId: "T-1", action: nil).first?.reason == "回访")
    }

    /// Two gateways on one PostgreSQL database: a session opened at one is valid at the other, logout at the other
    /// ends it, and wrong passwords tried at both count together towards the lock.
    @Test func twoGatewaysShareSessionsAndTheLockoutCounter() throws {
        let a = try TestGateway(store: .postgres) { $0.settings["ops.lockoutAttempts"] = "4" }
        defer { a.stop() }
        let b = try TestGateway(store: .postgres) { [database = a.gateway.configuration.database] in
            $0.database = database
            $0.settings["ops.lockoutAttempts"] = "4"
        }
        defer { b.stop() }
        _ = try addOperator(a, "amy", .admin)
        let cookie = try #require(try login(a, "amy", "password-123").cookie)
        let page = try b.request("GET", "/ops/operators", headers: [("Cookie", cookie)])
        #expect(page.status == 200)
        let csrf = try #require(page.text.range(of: #"name="csrf" value=""#).map { String(page.text[$0.upperBound...].prefix(32)) })
        #expect(try b.request("POST", "/ops/logout", headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")],
                              body: Array("csrf=\(csrf)".utf8)).status == 303)
        #expect(try a.request("GET", "/ops", headers: [("Cookie", cookie)]).status == 303)

        _ = try addOperator(a, "bob", .viewer)
        #expect(try login(a, "bob", "wrong-password").status == 401)
        #expect(try login(b, "bob", "wrong-password").status == 401)
        #expect(try login(a, "bob", "wrong-password").status == 401)
        #expect(try login(b, "bob", "wrong-password").status == 423)
        #expect(try login(a, "bob", "password-123").status == 423)
    }

    /// The ticket's JSON and its console page list each attempt: a refused one (503, with its next retry) and the
    /// delivery after it, with durations.
    @Test(arguments: TestStore.allCases)
    func theTicketPageListsEveryDeliveryAttempt(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        _ = try addOperator(t, "amy", .admin)
        t.receiver.fail(with: 503)
        let receipt = try #require(try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"路灯不亮"}"#).json?["receiptNo"]?.stringValue)
        func history() throws -> [JSON] { try t.admin("/v1/tickets/\(receipt)").json?["delivery"]?[0]?["history"]?.arrayValue ?? [] }
        #expect(try t.eventually { try history().count >= 1 })
        t.receiver.fail(with: nil)
        #expect(try t.eventually { try history().last?["outcome"] == "delivered" })
        let attempts = try history()
        #expect(attempts.count >= 2)
        let refused = attempts[0]
        #expect(refused["outcome"] == "retry" && refused["status"] == 503 && refused["destination"] == "case-system")
        #expect(refused["nextAttemptAt"]?.stringValue != nil && refused["durationMs"]?.intValue != nil && refused["at"]?.stringValue != nil)
        let delivered = try #require(attempts.last)
        #expect(delivered["status"]?.intValue.map { (200..<300).contains($0) } == true && delivered["nextAttemptAt"] == nil)
        let count = try t.admin("/v1/tickets/\(receipt)").json?["delivery"]?[0]?["attempts"]?.intValue
        #expect(count == Int64(attempts.count))

        let cookie = try #require(try login(t, "amy", "password-123").cookie)
        let page = try t.request("GET", "/ops/tickets/\(receipt)", headers: [("Cookie", cookie)]).text
        #expect(page.contains(#"<table id="attempts">"#) && page.contains("HTTP 503") && page.contains("待重试") && page.contains("已送达"))
        #expect(!page.contains("HTTP 503：HTTP 503") && !page.contains(#"id="channel-data">null"#))
        // States read in Chinese: the ticket's and the delivery's.
        #expect(page.contains("状态 办理中") && page.contains("<td>已送达</td>") && !page.contains("<td>delivered</td>"))
        // A ticket read back from the database has no channel data when it was sent none (not a JSON null).
        #expect(try t.store.ticket(idOrReceipt: receipt)?.ticket.channelData == nil)
    }

    /// A viewer sees the numbers and addresses inside the citizen's words masked too (JSON and page); a supervisor
    /// sees them as written.
    @Test(arguments: TestStore.allCases)
    func viewerMaskingReachesTheCitizensWords(_ kind: TestStore) throws {
        let t = try TestGateway(store: kind)
        defer { t.stop() }
        let viewer = try addOperator(t, "vic", .viewer)
        let supervisor = try addOperator(t, "sue", .supervisor)
        let body = #"{"phone":"13812345678","subject":"回电 139 8765 4321","text":"请打13812345678或发邮件到zhang.san@example.com，身份证11010519491231002X"}"#
        let receipt = try #require(try t.postJSON("/v1/intake/web", body).json?["receiptNo"]?.stringValue)
        let masked = try #require(try t.request("GET", "/v1/tickets/\(receipt)", headers: bearer(viewer)).json)
        #expect(masked["text"] == "请打138****5678或发邮件到z***@example.com，身份证110***********002X")
        #expect(masked["subject"] == "回电 139 **** 4321")
        let full = try #require(try t.request("GET", "/v1/tickets/\(receipt)", headers: bearer(supervisor)).json)
        #expect(full["text"]?.stringValue?.contains("13812345678") == true && full["subject"] == "回电 139 8765 4321")

        let cookie = try #require(try login(t, "vic", "password-123").cookie)
        let page = try t.request("GET", "/ops/tickets/\(receipt)", headers: [("Cookie", cookie)]).text
        #expect(page.contains("请打138****5678") && !page.contains("13812345678") && !page.contains("zhang.san") && !page.contains("8765"))
    }

    /// Transcripts and other free text in channel data: numbers inside them are masked, the rest kept.
    @Test func channelDataFreeTextIsMaskedForViewers() {
        let data: JSON = .object([
            ("transcript", .array([.object([("speaker", .string("citizen")), ("text", .string("我的电话是138 1234 5678，住3号楼"))])])),
            ("callerNumber", .string("13812345678")), ("durationSeconds", .int(95)),
        ])
        let masked = ChannelDataMask.mask(data, for: .viewer)
        #expect(masked["transcript"]?[0]?["text"] == "我的电话是138 **** 5678，住3号楼")
        #expect(masked["transcript"]?[0]?["speaker"] == "citizen")
        #expect(masked["callerNumber"] == "138****5678" && masked["durationSeconds"] == 95)
    }
}
