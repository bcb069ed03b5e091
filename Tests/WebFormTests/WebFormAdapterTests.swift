import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import WebForm

struct WebFormAdapterTests {
    let adapter = WebFormAdapter(configuration: WebFormConfiguration(maxFileBytes: 64, maxTotalBytes: 100, maxFiles: 2))

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x01, count: 24)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x02, count: 20)

    static func multipart(_ parts: [(name: String, filename: String?, type: String?, bytes: [UInt8])], boundary: String = "----b0undary") -> ChannelRequest {
        var body: [UInt8] = []
        for p in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\""
            if let f = p.filename { head += "; filename=\"\(f)\"" }
            head += "\r\n"
            if let t = p.type { head += "Content-Type: \(t)\r\n" }
            head += "\r\n"
            body += Array(head.utf8) + p.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return TestRequests.post("/v1/intake/web", contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    }

    static func form(_ text: String) -> ChannelRequest {
        TestRequests.post("/v1/intake/web", contentType: "application/x-www-form-urlencoded", body: Array(text.utf8))
    }

    @Test func table() {
        let cases: [ChannelTestCase] = [
            ChannelTestCase("json with phone and location",
                TestRequests.json("/v1/intake/web", #"""
                {"name":"王小明","phone":"138 1234 5678","requestType":"投诉","subject":"路灯","text":"  小区路灯　不亮  ",
                 "location":{"address":"福田区 华强北","lat":22.54,"lng":114.05,"crs":"gcj02"},"urgency":"B"}
                """#, headers: [("Idempotency-Key", "k-1")]),
                .submissions([ExpectedSubmission(text: "小区路灯　不亮", channelRef: "k-1", phone: "138 1234 5678", name: "王小明",
                                                 anonymous: false, requestType: .complaint, subject: "路灯", address: "福田区 华强北",
                                                 urgency: .B, check: { s in
                                                     #expect(s.location?.crs == .gcj02)
                                                     #expect(s.location?.lat == 22.54)
                                                 })])),
            ChannelTestCase("json anonymous without contact",
                TestRequests.json("/v1/intake/web", #"{"text":"夜间施工噪音","anonymous":true}"#),
                .submissions([ExpectedSubmission(text: "夜间施工噪音", anonymous: true, requestType: .unknown)])),
            ChannelTestCase("json with email only, flat coordinates",
                TestRequests.json("/v1/intake/web", #"{"text":"公交站牌破损","email":"A@Example.com","lat":"22.5","lng":"114.1","crs":"wgs84"}"#),
                .submissions([ExpectedSubmission(email: "A@Example.com", check: { #expect($0.location?.crs == .wgs84) })])),
            ChannelTestCase("urlencoded",
                Self.form("text=%E6%B0%B4%E5%8E%8B%E4%BD%8E&phone=13912345678&requestType=help&confidential=true"),
                .submissions([ExpectedSubmission(text: "水压低", phone: "13912345678", requestType: .help,
                                                 check: { #expect($0.caller.confidential) })])),
            ChannelTestCase("multipart with a photo",
                Self.multipart([("text", nil, nil, Array("井盖缺失".utf8)), ("phone", nil, nil, Array("13812345678".utf8)),
                                ("photo", "井盖.png", "image/png", Self.png)]),
                .submissions([ExpectedSubmission(text: "井盖缺失", attachments: 1, check: { s in
                    #expect(s.attachments[0].attachment.name == "井盖.png")
                    #expect(s.attachments[0].attachment.contentType == "image/png")
                    #expect(s.attachments[0].attachment.size == Self.png.count)
                    #expect(s.attachments[0].attachment.sha256 == hexString(Digest.sha256(Self.png)))
                })])),
            ChannelTestCase("multipart photo labelled jpeg but is png: sniffed type wins",
                Self.multipart([("text", nil, nil, Array("x".utf8)), ("anonymous", nil, nil, Array("1".utf8)),
                                ("photo", "a.jpg", "image/jpeg", Self.png)]),
                .submissions([ExpectedSubmission(attachments: 1, check: { #expect($0.attachments[0].attachment.contentType == "image/png") })])),
            // Errors, each naming its field.
            ChannelTestCase("bad json", TestRequests.json("/v1/intake/web", #"{"text": "#), .error(.malformedBody)),
            ChannelTestCase("json array", TestRequests.json("/v1/intake/web", "[1]"), .error(.malformedBody)),
            ChannelTestCase("missing text", TestRequests.json("/v1/intake/web", #"{"phone":"13812345678"}"#), .error(.invalidField, field: "text")),
            ChannelTestCase("blank text", TestRequests.json("/v1/intake/web", #"{"text":"　 ","phone":"13812345678"}"#), .error(.invalidField, field: "text")),
            ChannelTestCase("text of the wrong type", TestRequests.json("/v1/intake/web", #"{"text":{"a":1},"phone":"1"}"#), .error(.invalidField, field: "text")),
            ChannelTestCase("no contact", TestRequests.json("/v1/intake/web", #"{"text":"路灯不亮"}"#), .error(.invalidField, field: "phone")),
            ChannelTestCase("bad email", TestRequests.json("/v1/intake/web", #"{"text":"x","email":"nobody"}"#), .error(.invalidField, field: "email")),
            ChannelTestCase("unknown request type", TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":true,"requestType":"rant"}"#),
                            .error(.invalidField, field: "requestType")),
            ChannelTestCase("latitude out of range", TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":true,"location":{"lat":95,"lng":114,"crs":"wgs84"}}"#),
                            .error(.invalidField, field: "location.lat")),
            ChannelTestCase("coordinates without crs", TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":true,"lat":22,"lng":114}"#),
                            .error(.invalidField, field: "location.crs")),
            ChannelTestCase("lat without lng", TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":true,"lat":22,"crs":"wgs84"}"#),
                            .error(.invalidField, field: "location.lng")),
            ChannelTestCase("bad anonymous flag", TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":"maybe"}"#),
                            .error(.invalidField, field: "anonymous")),
            ChannelTestCase("unsupported media type", TestRequests.post("/v1/intake/web", contentType: "text/plain", body: Array("hi".utf8)),
                            .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("no content type", TestRequests.post("/v1/intake/web", contentType: nil, body: Array("{}".utf8)),
                            .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("multipart without boundary", TestRequests.post("/v1/intake/web", contentType: "multipart/form-data", body: []),
                            .error(.malformedBody, field: "Content-Type")),
            ChannelTestCase("file too large",
                Self.multipart([("text", nil, nil, Array("x".utf8)), ("anonymous", nil, nil, Array("true".utf8)),
                                ("photo", "big.png", "image/png", Self.png + Array(repeating: 0, count: 64))]),
                .error(.invalidField, field: "attachments[0]")),
            ChannelTestCase("total too large",
                Self.multipart([("text", nil, nil, Array("x".utf8)), ("anonymous", nil, nil, Array("true".utf8)),
                                ("p1", "a.png", "image/png", Self.png + Array(repeating: 0, count: 30)),
                                ("p2", "b.png", "image/png", Self.png + Array(repeating: 0, count: 30))]),
                .error(.invalidField, field: "attachments")),
            ChannelTestCase("too many files",
                Self.multipart([("text", nil, nil, Array("x".utf8)), ("anonymous", nil, nil, Array("true".utf8)),
                                ("p1", "a.png", "image/png", Self.png), ("p2", "b.jpg", "image/jpeg", Self.jpeg),
                                ("p3", "c.jpg", "image/jpeg", Self.jpeg)]),
                .error(.invalidField, field: "attachments")),
            ChannelTestCase("not an image",
                Self.multipart([("text", nil, nil, Array("x".utf8)), ("anonymous", nil, nil, Array("true".utf8)),
                                ("photo", "evil.png", "image/png", Array("#!/bin/sh\nrm -rf /".utf8))]),
                .error(.invalidField, field: "attachments[0]")),
            ChannelTestCase("json attachment not base64",
                TestRequests.json("/v1/intake/web", #"{"text":"x","anonymous":true,"attachments":[{"name":"a.png","data":42}]}"#),
                .error(.invalidField, field: "attachments[0].data")),
        ]
        runChannelTestCases(adapter, cases)
    }

    /// `幸福路３号的垃圾三天没人清运了，气味很大！` in GBK (Python's `str.encode("gbk")`), base64; GB18030 bytes are the same.
    static let gbkText = Array(Data(base64Encoded: "0NK4o8K3o7O6xbXEwKy7+Mj9zOzDu8jLx+XUy8HLo6zG+M62uty086Oh")!)
    static let gbkWords = "幸福路３号的垃圾三天没人清运了，气味很大！"
    static func percent(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%%%02X", $0) }.joined() }

    /// A browser on a page in a legacy encoding names it in `_charset_`; a sender without any label whose bytes are
    /// not UTF-8 is read as GB18030; the ticket says which reading was used, and nothing when it was plain UTF-8.
    @Test func aFormSaysItsCharsetInCharsetField() throws {
        let adapter = WebFormAdapter()
        func submission(_ request: ChannelRequest) throws -> Submission { try #require(try adapter.decode(request).first) }
        let named = try submission(Self.form("_charset_=gbk&phone=13912345678&text=" + Self.percent(Self.gbkText)))
        #expect(named.text == Self.gbkWords)
        #expect(named.channelData?["charsets"] == [["declared": "gbk", "used": "declared"]])
        let unlabelled = try submission(Self.form("phone=13912345678&text=" + Self.percent(Self.gbkText)))
        #expect(unlabelled.text == Self.gbkWords)
        #expect(unlabelled.channelData?["charsets"] == [["declared": nil, "used": "gb18030"]])
        let utf8 = try submission(Self.form("phone=13912345678&text=" + Self.percent(Array(Self.gbkWords.utf8))))
        #expect(utf8.text == Self.gbkWords && utf8.channelData == nil)

        var parts = Self.multipart([("_charset_", nil, nil, Array("GB18030".utf8)), ("phone", nil, nil, Array("13912345678".utf8)),
                                    ("text", nil, nil, Self.gbkText)]).body
        var request = Self.multipart([])
        request.body = parts
        let multipart = try submission(request)
        #expect(multipart.text == Self.gbkWords)
        #expect(multipart.channelData?["charsets"] == [["declared": "GB18030", "used": "declared"]])
        parts = Array(#"{"phone":"13912345678","text":""#.utf8) + Self.gbkText + Array(#""}"#.utf8)
        let json = try submission(TestRequests.post("/v1/intake/web", contentType: "application/json; charset=gbk", body: parts))
        #expect(json.text == Self.gbkWords)
        #expect(json.channelData?["charsets"] == [["declared": "gbk", "used": "declared"]])
    }

    @Test func jsonAttachmentsAsBase64() throws {
        let body = #"{"text":"x","anonymous":true,"attachments":[{"name":"../../etc/p.png","data":""# + Data(Self.png).base64EncodedString() + #""}]}"#
        let subs = try adapter.decode(TestRequests.json("/v1/intake/web", body))
        #expect(subs[0].attachments.count == 1)
        #expect(subs[0].attachments[0].attachment.name == "p.png")
    }

    @Test func sniffer() {
        #expect(MediaSniffer.type(of: Self.jpeg) == "image/jpeg")
        #expect(MediaSniffer.type(of: Array("GIF89a....".utf8)) == "image/gif")
        #expect(MediaSniffer.type(of: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == "image/webp")
        #expect(MediaSniffer.type(of: Array("%PDF-1.7".utf8)) == "application/pdf")
        #expect(MediaSniffer.type(of: [0, 1, 2]) == nil)
    }

    @Test func answersPartnerJSON() throws {
        let r = adapter.answer([IntakeOutcome(status: .created, ticketId: "t", receiptNo: "20261122-000001")], to: TestRequests.json("/", "{}"))
        #expect(r.status == 202)
        let j = try JSON.parse(r.body)
        #expect(j["receiptNo"] == "20261122-000001")
        #expect(j["status"] == "created")
        #expect(j["repeatOf"] == .null)
        let dup = adapter.answer([IntakeOutcome(status: .duplicate, ticketId: "t", receiptNo: "r")], to: TestRequests.json("/", "{}"))
        #expect(dup.status == 200)
    }
}
