import Foundation
import Testing
import IntakeCore
import Crypto
@testable import Gateway

@Suite struct HTMLBuilderTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let hostile = #"<script>alert("x")</script> & 'quote'"#
        let inner: HTML = "<b>\(hostile)</b>"
        let page: HTML = "<p title=\"\(hostile)\">\(inner)</p>"
        #expect(page.rendered == #"<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;">"#
                + #"<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;</b></p>"#)
    }

    @Test func theFormKeepsWhatWasTypedEscapedAndShowsTheErrorBesideItsField() {
        var values = CitizenPages.FormValues(idempotencyKey: "k\"1")
        values.text = "</textarea><script>x</script>"
        values.phone = "138"
        let html = CitizenPages.form(values, errors: [("phone", "手机号码应为 11 位数字")]).rendered
        #expect(html.contains("&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>"))
        #expect(!html.contains("<script>x"))
        #expect(html.contains(#"value="k&quot;1""#))
        #expect(html.contains(#"<p class="error" id="err-phone">手机号码应为 11 位数字</p>"#))
        #expect(html.contains(#"aria-describedby="err-phone hint-phone" aria-invalid="true""#))
        #expect(html.contains(#"<html lang="zh-CN">"#))
    }

    @Test func theFormPageWithItsAssetsWeighsUnder100KB() {
        let form = CitizenPages.form(.init(idempotencyKey: "x")).bytes.count
        let assets = PageAssets.all.values.reduce(0) { $0 + $1.body.count }
        #expect(form + assets < 100_000)
    }

    @Test func browsersAreToldApartFromJSONClients() {
        func wants(_ accept: String?) -> Bool {
            Gateway.wantsHTML(.init(method: "POST", path: "/v1/intake/web", headers: accept.map { [("Accept", $0)] } ?? []))
        }
        #expect(wants("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        #expect(!wants("application/json"))
        #expect(!wants(nil))
        #expect(!wants("application/json, text/html"))
    }

    @Test func pipelineErrorsBecomeChineseMessagesBesideTheirFields() {
        let (e1, _) = Gateway.formErrors(.invalid("text", "Say what happened: text is required."), maxPhotos: 9, maxPhotoMB: 5)
        #expect(e1.first?.field == "text")
        let (e2, _) = Gateway.formErrors(.invalid("attachments[0]", "a.exe is not an accepted type (image/png)."), maxPhotos: 9, maxPhotoMB: 5)
        #expect(e2.first?.field == "photos")
        let (e3, banner) = Gateway.formErrors(IntakeError(.conflict, "x"), maxPhotos: 9, maxPhotoMB: 5)
        #expect(e3.isEmpty && banner != nil)
    }
}

@Suite(.serialized) struct CitizenPagesTests {
    static let html = [("Accept", "text/html")]

    func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])? = nil) -> (headers: [(String, String)], body: [UInt8]) {
        let boundary = "b0undary\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        for (k, v) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"\(file.name)\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (Self.html + [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body)
    }

    static func receiptNo(_ html: String) -> String? {
        guard let r = html.range(of: #"id="receipt-no">"#), let end = html[r.upperBound...].firstIndex(of: "<") else { return nil }
        return String(html[r.upperBound..<end])
    }

    @Test func theFormIsServedWithAStrictPolicyAndItsAssetsFromTheBinary() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let form = try t.request("GET", "/")
        #expect(form.status == 200)
        #expect(form.header("content-security-policy")?.contains("default-src 'none'") == true)
        #expect(form.text.contains(#"name="idempotencyKey""#))
        let css = try t.request("GET", "/assets/site.css")
        #expect(css.status == 200 && css.header("content-type")?.hasPrefix("text/css") == true)
        let etag = try #require(css.header("etag"))
        #expect(try t.request("GET", "/assets/site.css", headers: [("If-None-Match", etag)]).status == 304)
        #expect(try t.request("GET", "/assets/other.js").status == 404)
    }

    @Test func aBrowserGetsAReceiptPageAndASecondSubmitFindsTheSameTicket() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let form = multipart([("idempotencyKey", "key-1"), ("requestType", "complaint"), ("text", "夜间施工噪音"),
                              ("phone", "138 1234 5678"), ("lat", ""), ("lng", ""), ("crs", "")], file: ("a.png", png))
        let first = try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body)
        #expect(first.status == 202)
        #expect(first.header("content-type")?.hasPrefix("text/html") == true)
        let receipt = try #require(Self.receiptNo(first.text))
        let second = try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body)
        #expect(second.status == 200)
        #expect(Self.receiptNo(second.text) == receipt)
        let tickets = try #require(try t.admin("/v1/tickets").json?["items"]?.arrayValue)
        #expect(tickets.count == 1)
        #expect(tickets[0]["attachments"]?.arrayValue?.count == 1)
        #expect(tickets[0]["requestType"] == "complaint")
        // A JSON client is answered as before.
        let json = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"JSON 客户端"}"#)
        #expect(json.status == 202 && json.json?["receiptNo"] != nil)
    }

    @Test func aMissingFieldComesBackBesideTheFieldWithWhatWasTyped() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let form = multipart([("idempotencyKey", "key-2"), ("subject", "<路灯>"), ("text", " "), ("phone", "13812345678")])
        let answer = try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body)
        #expect(answer.status == 422)
        #expect(answer.text.contains(#"id="err-text""#))
        #expect(answer.text.contains(#"value="&lt;路灯&gt;""#))
        #expect(answer.text.contains(#"value="13812345678""#))
        #expect(try t.store.stats().tickets == 0)
    }

    @Test func trackingNeedsTheRightPairAndShowsTheCaseSystemsReply() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let form = multipart([("idempotencyKey", "key-3"), ("text", "井盖缺失"), ("phone", "13812345678")])
        let receipt = try #require(Self.receiptNo(try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body).text))
        func track(_ contact: String, receipt r: String? = nil) throws -> String {
            let body = "receipt=\(r ?? receipt)&contact=\(contact)"
            return try t.request("POST", "/track", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8)).text
        }
        #expect(try track("13812345678").contains("已受理"))
        #expect(try track("5678").contains("已受理"))
        let wrong = try track("1234")
        let unknown = try track("13812345678", receipt: "20000101-000001")
        #expect(wrong.contains("没有查到") && !wrong.contains("已受理"))
        #expect(unknown.replacingOccurrences(of: "20000101-000001", with: receipt) == wrong)

        let body = Array(#"{"type":"case.closed","receiptNo":"\#(receipt)","reply":"已补装井盖 <A>"}"#.utf8)
        let signed = StandardWebhooks(secret: TestGateway.caseSecret).headers(id: "cb-r", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        #expect(try t.request("POST", "/v1/callbacks/case-system", headers: signed + [("Content-Type", "application/json")], body: body).status == 200)
        let closed = try track("13812345678")
        #expect(closed.contains("已补装井盖 &lt;A&gt;"))
        #expect(closed.contains(#"<li class="done"><strong>已办结</strong>"#))
    }

    @Test func anonymousTicketsAreTrackedWithTheOneTimeCode() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let form = multipart([("idempotencyKey", "key-4"), ("text", "匿名举报"), ("anonymous", "true"), ("phone", "13812345678")])
        let page = try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body).text
        let receipt = try #require(Self.receiptNo(page))
        let codeStart = try #require(page.range(of: #"id="track-code">"#))
        let code = String(page[codeStart.upperBound...].prefix(8))
        #expect(code.count == 8 && code.allSatisfy(\.isNumber))
        let ticket = try #require(try t.admin("/v1/tickets/\(receipt)").json)
        #expect(ticket["caller"]?["phone"] == nil && ticket["caller"]?["anonymous"] == true)
        func track(_ contact: String) throws -> String {
            try t.request("GET", "/track?receipt=\(receipt)&contact=\(contact)").text
        }
        #expect(try track(code).contains("已受理"))
        #expect(try track("5678").contains("没有查到"))
    }

    /// The tracking-code key is in the database: `backup` carries it, and a gateway on the restored copy (no key
    /// file anywhere) answers the code shown before.
    @Test func aRestoredBackupAnswersTheCodesShownBefore() throws {
        let saved = NSTemporaryDirectory() + "intake-restore-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: saved) }
        var receipt = "", code = ""
        do {
            let t = try TestGateway()
            defer { t.stop() }
            let form = multipart([("idempotencyKey", "key-b"), ("text", "匿名举报"), ("anonymous", "true")])
            let page = try t.request("POST", "/v1/intake/web", headers: form.headers, body: form.body).text
            receipt = try #require(Self.receiptNo(page))
            let codeStart = try #require(page.range(of: #"id="track-code">"#))
            code = String(page[codeStart.upperBound...].prefix(8))
            #expect(!FileManager.default.fileExists(atPath: t.gateway.configuration.database + ".track-key"))
            _ = try DatabaseBackup.backup(database: t.gateway.configuration.database, to: saved + "/restored.sqlite")
        }
        let restored = try TestGateway { $0.database = saved + "/restored.sqlite" }
        defer { restored.stop() }
        #expect(try restored.request("GET", "/track?receipt=\(receipt)&contact=\(code)").text.contains("已受理"))
        #expect(try restored.request("GET", "/track?receipt=\(receipt)&contact=\(code == "12345678" ? "87654321" : "12345678")").text.contains("没有查到"))
    }

    /// A key file an earlier version wrote beside the SQLite database moves into the database, so the codes it made
    /// keep working after the file is gone.
    @Test func anEarlierKeyFileMovesIntoTheDatabase() throws {
        let directory = NSTemporaryDirectory() + "intake-legacy-key-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/old.sqlite"
        let legacy = (0..<32).map { UInt8($0 * 7 % 256) }
        #expect(FileManager.default.createFile(atPath: database + ".track-key", contents: Data(legacy)))
        do {
            let t = try TestGateway { $0.database = database }
            defer { t.stop() }
            #expect(t.gateway.citizenPages.trackKey == legacy)
        }
        try FileManager.default.removeItem(atPath: database + ".track-key")
        let again = try TestGateway { $0.database = database }
        defer { again.stop() }
        #expect(again.gateway.citizenPages.trackKey == legacy)
    }

    /// Instances on one PostgreSQL derive the same codes (and media-link signatures) without INTAKE_TRACK_SECRET.
    @Test func instancesOnOnePostgreSQLShareTheKey() throws {
        let a = try TestGateway(store: .postgres)
        defer { a.stop() }
        let b = try TestGateway(store: .postgres) { [database = a.gateway.configuration.database] in $0.database = database }
        defer { b.stop() }
        #expect(a.gateway.citizenPages.trackKey == b.gateway.citizenPages.trackKey && a.gateway.citizenPages.trackKey.count == 32)
        #expect(a.gateway.citizenPages.trackCode(ticketId: "T-1") == b.gateway.citizenPages.trackCode(ticketId: "T-1"))
    }

    @Test func lookupsAreRateLimited() throws {
        let t = try TestGateway { $0.settings["track.rateLimitPerMinute"] = "3" }
        defer { t.stop() }
        var statuses: [Int] = []
        for _ in 0..<5 { statuses.append(try t.request("GET", "/track?receipt=20260101-000001&contact=1234").status) }
        #expect(statuses == [200, 200, 200, 429, 429])
        #expect(try t.request("GET", "/track").status == 200)
    }
}
