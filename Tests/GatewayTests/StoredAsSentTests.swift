import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Issue 11, the citizen's words: over HTTP, for every channel, the stored `text`, `subject`, name and address equal
/// what was sent. Only line endings are normalized (CRLF/CR to LF), surrounding whitespace trimmed, and control or
/// invalid characters removed; no NFKC, width or punctuation folding. Where a channel carries a charset (e-mail
/// parts and encoded words, CMPP's Msg_Fmt, a form's charset), GBK, Big5 and GB18030 bodies are read as sent.
@Suite(.serialized) struct StoredAsSentTests {
    /// Full-width punctuation, a full-width digit, U+3000 inside, an emoji ZWJ sequence and CJK extension B.
    static let words = "市长您好：幸福路３号“老街”的垃圾已经三天没人清运了，气味很大！怎么办？\u{3000}谢谢。👨‍👩‍👧 𠀀𪚥"
    static let subject = "关于“老街”垃圾：请尽快处理！"
    static let name = "张𪚥"
    static let address = "福田区幸福路３号“老街”小区"
    /// `words` without what GBK and Big5 cannot hold, and its Big5 (traditional) form.
    static let gbkWords = "市长您好：幸福路３号“老街”的垃圾已经三天没人清运了，气味很大！怎么办？\u{3000}谢谢。"
    static let big5Words = "市長您好：幸福路３號「老街」的垃圾已經三天沒人清運了，氣味很大！怎麼辦？\u{3000}謝謝。"
    /// Encoded with Python's codecs (`str.encode`), base64.
    static let gbkBytes = "ytCzpMT6usOjutDSuKPCt6OzusWhsMDPvdahsbXEwKy7+NLRvq3I/czsw7vIy8fl1MvBy6OsxvjOtrrctPOjodT1w7Sw7KO/oaHQu9C7oaM="
    static let big5Bytes = "pauq+LF6pm6hR6mvuta49KKyuLmhdabRtfOhdqq6qVWno6R3uGekVKTRqFOkSLJNuUKkRqFBrvCo/avcpGqhSavnu/K/7KFIoUDBwsHCoUM="
    static let gb18030Bytes = "ytCzpMT6usOjutDSuKPCt6OzusWhsMDPvdahsbXEwKy7+NLRvq3I/czsw7vIy8fl1MvBy6OsxvjOtrrctPOjodT1w7Sw7KO/oaHQu9C7oaOUOdM4gTakOZQ50zmBNqQ5lDnTNyCVMoI2mDXuNw=="
    static let gbkSubject = "udjT2qGwwM+91qGxwKy7+KO6x+u+ob/stKbA7aOh"

    static func bytes(_ base64: String) -> [UInt8] { Array(Data(base64Encoded: base64)!) }

    static func send(_ t: TestGateway, _ path: String, sign: String? = nil, contentType: String, query: [(String, String)] = [],
                     _ body: [UInt8]) throws -> HTTPResult {
        let e = Demo.Example(file: "", title: "", method: "POST", path: path, query: query, headers: [("Content-Type", contentType)],
                             body: body, sign: sign)
        return try Demo.send(e, baseURL: t.base, easy: CurlEasy())
    }

    static func json(_ object: [(String, JSON)]) -> [UInt8] { JSON.object(object).serialized() }

    /// The stored tickets of a channel, oldest first.
    static func stored(_ t: TestGateway, _ channel: String) throws -> [JSON] {
        try #require(try t.admin("/v1/tickets?channel=\(channel)").json?["items"]?.arrayValue).reversed()
    }

    @Test(arguments: TestStore.allCases) func everyChannelStoresTheWordsAsSent(_ store: TestStore) throws {
        let t = try ChannelAcceptanceTests.gateway(store)
        defer { t.stop() }
        let w = Self.words

        // Web form: JSON, multipart, and a form that says its charset (urlencoded GBK, a Big5 multipart part).
        var r = try Self.send(t, "/v1/intake/web", contentType: "application/json", Self.json([
            ("text", .string("  " + w + "\r\n")), ("subject", .string(Self.subject)), ("name", .string(Self.name)),
            ("phone", "13800000101"), ("address", .string(Self.address))]))
        #expect(r.status == 202, "\(r.text)")
        let multipart = Array("--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\(w)\r\n--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\(Self.name)\r\n--B\r\nContent-Disposition: form-data; name=\"address\"\r\n\r\n\(Self.address)\r\n--B\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n13800000102\r\n--B--\r\n".utf8)
        r = try Self.send(t, "/v1/intake/web", contentType: "multipart/form-data; boundary=B", multipart)
        #expect(r.status == 202, "\(r.text)")
        let urlencoded = Array("phone=13800000103&text=".utf8) + Array(Self.bytes(Self.gbkBytes).map { String(format: "%%%02X", $0) }.joined().utf8)
        r = try Self.send(t, "/v1/intake/web", contentType: "application/x-www-form-urlencoded; charset=GBK", urlencoded)
        #expect(r.status == 202, "\(r.text)")
        let big5Part = Array("--B\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/plain; charset=big5\r\n\r\n".utf8)
            + Self.bytes(Self.big5Bytes) + Array("\r\n--B\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n13800000104\r\n--B--\r\n".utf8)
        r = try Self.send(t, "/v1/intake/web", contentType: "multipart/form-data; boundary=B", big5Part)
        #expect(r.status == 202, "\(r.text)")
        let web = try Self.stored(t, "web")
        #expect(web.map { $0["text"]?.stringValue } == [w, w, Self.gbkWords, Self.big5Words])
        #expect(web[0]["subject"] == .string(Self.subject))
        for ticket in web.prefix(2) {
            #expect(ticket["caller"]?["name"] == .string(Self.name) && ticket["location"]?["address"] == .string(Self.address))
        }

        // SMS: Aliyun JSON, and CMPP in GBK and with GB18030's four-byte sequences (Msg_Fmt 15).
        r = try Self.send(t, "/v1/intake/sms/aliyun", contentType: "application/json", query: [("token", "demo-aliyun-token")],
                          JSON.array([.object([("phone_number", "13900000201"), ("send_time", "2026-11-22 10:15:00"),
                                               ("content", .string(w)), ("sequence_id", "9100000001")])]).serialized())
        #expect(r.status == 200, "\(r.text)")
        for (i, encoded) in [Self.gbkBytes, Self.gb18030Bytes].enumerated() {
            r = try Self.send(t, "/v1/intake/sms/cmpp", sign: "cmpp", contentType: "application/json", Self.json([
                ("Msg_Id", .string("91000000\(i)")), ("Dest_Id", "1069012345"), ("Msg_Fmt", 15), ("TP_udhi", 0),
                ("Src_terminal_Id", .string("861390000030\(i)")), ("Registered_Delivery", 0),
                ("Msg_Length", .int(Int64(Self.bytes(encoded).count))), ("Msg_Content", .string(encoded))]))
            #expect([200, 202].contains(r.status), "\(r.text)")
        }
        #expect(try Self.stored(t, "sms").map { $0["text"]?.stringValue } == [w, Self.gbkWords, w])

        // A call record: the agent's summary, and a call with only the ASR transcript.
        r = try Self.send(t, "/v1/intake/phone", sign: "phone", contentType: "application/json", Self.json([
            ("callId", "SAS-1"), ("caller", "13700000301"), ("callee", "12345"), ("summary", .string(w)),
            ("address", .string(Self.address))]))
        #expect(r.status == 202, "\(r.text)")
        r = try Self.send(t, "/v1/intake/phone", sign: "phone", contentType: "application/json", Self.json([
            ("callId", "SAS-2"), ("caller", "13700000302"), ("callee", "12345"),
            ("transcript", .object([("format", "segments"), ("data", .object([("segments", .array([
                .object([("startMs", 0), ("endMs", 1500), ("speaker", "agent"), ("text", "您好，12345热线。")]),
                .object([("startMs", 1600), ("endMs", 9000), ("speaker", "caller"), ("text", .string(w))]),
            ]))]))]))]))
        #expect(r.status == 202, "\(r.text)")
        let calls = try Self.stored(t, "phone")
        #expect(calls.map { $0["text"]?.stringValue } == [w, w])
        #expect(calls[0]["location"]?["address"] == .string(Self.address))

        // E-mail: UTF-8, GBK, Big5 and GB18030 bodies, an encoded-word subject in GBK, a CRLF inside the text.
        func mail(_ id: Int, charset: String, subject: String, body: [UInt8]) -> [UInt8] {
            Array("From: =?UTF-8?B?\(Data(Self.name.utf8).base64EncodedString())?= <c\(id)@example.cn>\r\nTo: mayor@city.example\r\nSubject: \(subject)\r\nMessage-ID: <sas-\(id)@example.cn>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\(charset)\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
                + Array(Data(body).base64EncodedString(options: .lineLength76Characters).utf8) + Array("\r\n".utf8)
        }
        let encodedSubject = "=?gbk?B?\(Self.gbkSubject)?="
        let bodies: [(String, [UInt8])] = [("UTF-8", Array((w + "\r\n第二行").utf8)), ("gb2312", Self.bytes(Self.gbkBytes)),
                                           ("big5", Self.bytes(Self.big5Bytes)), ("GB18030", Self.bytes(Self.gb18030Bytes))]
        for (i, (charset, body)) in bodies.enumerated() {
            r = try Self.send(t, "/v1/intake/email", sign: "email", contentType: "message/rfc822",
                              mail(i, charset: charset, subject: encodedSubject, body: body))
            #expect(r.status == 202, "\(charset): \(r.text)")
        }
        let mails = try Self.stored(t, "email")
        #expect(mails.map { $0["text"]?.stringValue } == [w + "\n第二行", Self.gbkWords, Self.big5Words, w])
        #expect(mails.allSatisfy { $0["subject"] == .string(Self.subject) && $0["caller"]?["name"] == .string(Self.name) })
        #expect(mails.allSatisfy { $0["channelData"]?["charsets"] == nil }, "every label was right: nothing to report")

        // The WeChat mini-program's backend (signed JSON).
        r = try Self.send(t, "/v1/intake/miniprogram/submissions", sign: "miniprogram", contentType: "application/json", Self.json([
            ("submissionId", "sas-mp-1"), ("openId", "oSAS_0001"), ("name", .string(Self.name)), ("text", .string(w)),
            ("location", .object([("address", .string(Self.address)), ("lat", 22.5), ("lng", 114.0), ("crs", "gcj02")]))]))
        #expect(r.status == 202, "\(r.text)")
        // And a citizen's message pushed by WeChat (plain mode XML, signed with the demo token).
        let (timestamp, nonce) = (String(Int(Date().timeIntervalSince1970)), "40417")
        let signature = hexString(Digest.sha1(Array(["demo-wechat-token", timestamp, nonce].sorted().joined().utf8)))
        let xml = "<xml><ToUserName><![CDATA[gh_12345city]]></ToUserName><FromUserName><![CDATA[oSAS_0002]]></FromUserName><CreateTime>\(timestamp)</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\(w)]]></Content><MsgId>7301234567890199999</MsgId></xml>"
        r = try Self.send(t, "/v1/intake/miniprogram", contentType: "text/xml", query: [("signature", signature), ("timestamp", timestamp),
                          ("nonce", nonce), ("openid", "oSAS_0002")], Array(xml.utf8))
        #expect(r.status == 200, "\(r.text)")
        let mp = try Self.stored(t, "miniprogram")
        #expect(mp.map { $0["text"]?.stringValue } == [w, w])
        #expect(mp[0]["caller"]?["name"] == .string(Self.name) && mp[0]["location"]?["address"] == .string(Self.address))

        // A 110 transfer.
        r = try Self.send(t, "/v1/intake/police110", sign: "police110", contentType: "application/json", Self.json([
            ("alarmNo", "J4403052026112299999"), ("alarmTime", "2026-11-22T08:41:17+08:00"), ("alarmPersonPhone", "13600000401"),
            ("alarmPersonName", .string(Self.name)), ("alarmSituationAddress", .string(Self.address)), ("alarmComment", .string(w)),
            ("alarmSituationCategory", "0813"), ("alarmLevel", "3")]))
        #expect([200, 202].contains(r.status), "\(r.text)")
        let transfer = try #require(try Self.stored(t, "police110").first)
        #expect(transfer["text"] == .string(w) && transfer["caller"]?["name"] == .string(Self.name)
                && transfer["location"]?["address"] == .string(Self.address), "\(transfer)")
    }

    /// Issue 11: an e-mail whose labels are unknown or lying is read by the fallback order, and the ticket says, per
    /// part, which decoding was used (channelData.charsets), for operators.
    @Test(arguments: TestStore.allCases) func anEmailSaysWhichCharsetReadAPartWhoseLabelWasUnknownOrLying(_ store: TestStore) throws {
        let t = try ChannelAcceptanceTests.gateway(store)
        defer { t.stop() }
        // The subject's label is one nobody knows (GBK bytes); the body says UTF-8 but is GBK.
        let message = Array("From: citizen@example.cn\r\nTo: mayor@city.example\r\nSubject: =?x-mac-chinesesimp?B?\(Self.gbkSubject)?=\r\nMessage-ID: <lying-1@example.cn>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\(Self.gbkBytes)\r\n".utf8)
        let r = try Self.send(t, "/v1/intake/email", sign: "email", contentType: "message/rfc822", message)
        #expect(r.status == 202, "\(r.text)")
        let ticket = try #require(try Self.stored(t, "email").first)
        #expect(ticket["text"] == .string(Self.gbkWords) && ticket["subject"] == .string(Self.subject))
        let used = try #require(ticket["channelData"]?["charsets"]?.arrayValue)
        #expect(used == [
            .object([("part", "subject"), ("declared", "x-mac-chinesesimp"), ("used", "gb18030")]),
            .object([("part", "body"), ("declared", "utf-8"), ("used", "gb18030")]),
        ], "\(used)")
        // Operators see it on the ticket.
        let id = try #require(ticket["id"]?.stringValue)
        #expect(try t.admin("/v1/tickets/\(id)").json?["channelData"]?["charsets"]?[1]?["used"] == "gb18030")
    }
}
