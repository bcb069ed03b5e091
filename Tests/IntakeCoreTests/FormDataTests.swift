import Foundation
import Testing
import IntakeCore

struct FormDataTests {
    @Test func urlEncoded() {
        let pairs = URLEncodedForm.parse(Array("a=1&b=%E4%BD%A0%E5%A5%BD+x&c&d=%ZZ".utf8))
        #expect(pairs.map(\.name) == ["a", "b", "c", "d"])
        #expect(pairs[1].value == "你好 x")
        #expect(pairs[3].value == "%ZZ")
        #expect(URLEncodedForm.encode("你 a/b") == "%E4%BD%A0%20a%2Fb")
    }

    @Test func multipartWithFileAndRFC2231Name() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n路灯不亮\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"; filename*=UTF-8''%E7%85%A7%E7%89%87.png\r\n"
            + "Content-Type: image/png\r\n\r\nPNGDATA\r\n--XyZ--\r\n"
        let parts = try MultipartForm.parse(Array(body.utf8), boundary: "XyZ")
        #expect(parts.count == 2)
        #expect(parts[0].name == "text" && parts[0].text == "路灯不亮")
        #expect(parts[1].filename == "照片.png")
        #expect(parts[1].contentType == "image/png")
        #expect(parts[1].text == "PNGDATA")
    }

    @Test func multipartErrorsAreTyped() {
        #expect(throws: IntakeError.self) { try MultipartForm.parse(Array("no boundary here".utf8), boundary: "b") }
        #expect(throws: IntakeError.self) {
            try MultipartForm.parse(Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated".utf8), boundary: "b")
        }
        #expect(throws: IntakeError.self) {
            try MultipartForm.parse(Array("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--".utf8), boundary: "b")
        }
    }

    @Test func headerParameters() {
        let p = HeaderParameters.parse("multipart/form-data; boundary=\"a b\\\"c\"; charset=utf-8")
        #expect(p["boundary"] == "a b\"c")
        #expect(p["charset"] == "utf-8")
    }

    /// Spaces and tabs around a media type and parameters are trimmed as Foundation's `.whitespaces` trims them, in
    /// ASCII (the fast path) and beside other Unicode spaces (Foundation's own path).
    @Test func headerValuesAreTrimmedAsFoundationTrims() {
        for value in [" \tApplication/JSON \t; charset = GBK\t; x=  y ", "text/plain;name=\u{3000}a\u{3000}", "\u{00A0}text/html ;a=b",
                      "multipart/form-data;boundary=  ", ";=", " ; ; "] {
            let request = ChannelRequest(path: "/", headers: [("Content-Type", value)], body: [])
            let first = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            #expect(request.mediaType == first, "\(value)")
        }
        let p = HeaderParameters.parse(" \tApplication/JSON \t; charset = GBK\t; x=  y ;name=\u{3000}a\u{3000}")
        #expect(p == ["charset": "GBK", "x": "y", "name": "\u{3000}a\u{3000}".trimmingCharacters(in: .whitespaces)])
    }
}

struct CharsetTests {
    @Test func gb2312LabelCarryingGBKDecodesAsGB18030() {
        // "镕" (GBK 0xE9 0x46) is outside GB2312; mail labelled gb2312 carries it anyway.
        #expect(Charsets.decode([0xE9, 0x46, 0xBB, 0xF9], label: "GB2312") == "镕基")
        // A four-byte GB18030 sequence: U+20087 (𠂇) is 0x95 0x32 0x90 0x31.
        #expect(Charsets.decode([0x95, 0x32, 0x90, 0x31], label: "gbk") == "𠂇")
        #expect(Charsets.decode([0xA7, 0xE5], label: "big5") == "批")
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let s = Charsets.decode([0x41, 0xFF, 0x42], label: "gb18030")
        #expect(s.hasPrefix("A") && s.hasSuffix("B"))
        #expect(Charsets.decode([0xE4, 0xBD], label: "utf-8").contains("\u{FFFD}"))
    }
}

struct IntakeErrorTests {
    @Test func rendersProblemDetails() {
        let e = IntakeError.invalid("caller.phone", "phone is not a phone number.")
        let p = e.problem(instance: "/v1/intake/web")
        #expect(p["status"] == 422)
        #expect(p["field"] == "caller.phone")
        #expect(p["title"]?.stringValue?.isEmpty == false)
        #expect(p["instance"] == "/v1/intake/web")
        #expect(p["errors"]?[0]?["field"] == "caller.phone")
    }
}
