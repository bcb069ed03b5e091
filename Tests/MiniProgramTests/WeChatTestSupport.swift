import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import MiniProgram

/// Tencent's published WXBizMsgCrypt sample (the official-account sample code's decrypt test).
enum TencentSample {
    static let token = "spamtest"
    static let encodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    static let appId = "wx2c2769f8efd9abc2"
    static let timestamp = "1409735669"
    static let nonce = "1320562132"
    static let msgSignature = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
    static let encrypt = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
    /// The sample's body as the sample code posts it (compatible mode: plain fields and Encrypt side by side).
    static let body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[\(encrypt)]]></Encrypt></xml>"
    static var date: Date { Date(timeIntervalSince1970: 1_409_735_669) }
}

/// The vectors Fixtures/generate_vectors.py wrote with Python's `cryptography` package.
struct PythonVectors {
    struct Case {
        var name: String
        var timestamp: String
        var nonce: String
        var msgSignature: String
        var signature: String
        var encrypt: String
        var body: String
    }

    var token: String
    var encodingAESKey: String
    var appId: String
    var cases: [String: Case]

    static func load() throws -> PythonVectors {
        let doc = try JSON.parse(try TestRequests.fixture("vectors.json", bundle: .module))
        var cases: [String: Case] = [:]
        for c in doc["cases"]?.arrayValue ?? [] {
            let name = try #require(c["name"]?.stringValue)
            cases[name] = Case(
                name: name, timestamp: try #require(c["timestamp"]?.stringValue), nonce: try #require(c["nonce"]?.stringValue),
                msgSignature: try #require(c["msg_signature"]?.stringValue), signature: try #require(c["signature"]?.stringValue),
                encrypt: try #require(c["encrypt"]?.stringValue), body: try #require(c["body"]?.stringValue))
        }
        return PythonVectors(token: try #require(doc["token"]?.stringValue), encodingAESKey: try #require(doc["encodingAESKey"]?.stringValue),
                             appId: try #require(doc["appId"]?.stringValue), cases: cases)
    }

    func `case`(_ name: String) throws -> Case { try #require(cases[name], "vector \(name) is missing") }
}

enum WeChatRequests {
    static let path = "/v1/intake/miniprogram"

    static func safeMode(_ c: PythonVectors.Case, contentType: String = "text/xml", at date: Date = TestRequests.fixedDate) -> ChannelRequest {
        safeMode(body: c.body, timestamp: c.timestamp, nonce: c.nonce, msgSignature: c.msgSignature, contentType: contentType, at: date)
    }

    static func safeMode(body: String, timestamp: String, nonce: String, msgSignature: String, contentType: String = "text/xml",
                         at date: Date = TestRequests.fixedDate) -> ChannelRequest {
        TestRequests.post(path, contentType: contentType, body: Array(body.utf8),
                          query: [("timestamp", timestamp), ("nonce", nonce), ("encrypt_type", "aes"),
                                  ("msg_signature", msgSignature), ("openid", "o")], at: date)
    }

    /// A plain-mode push signed with `token` at the fixed test time.
    static func plain(_ body: String, token: String = "spamtest", contentType: String = "text/xml",
                      timestamp: String = "1795400000", nonce: String = "424242", signature: String? = nil) -> ChannelRequest {
        let sig = signature ?? WeChatSignature.sign([token, timestamp, nonce])
        return TestRequests.post(path, contentType: contentType, body: Array(body.utf8),
                                 query: [("signature", sig), ("timestamp", timestamp), ("nonce", nonce)])
    }

    static func get(echostr: String?, token: String = "spamtest", timestamp: String = "1795400000", nonce: String = "99",
                    signature: String? = nil) -> ChannelRequest {
        var query = [(name: "signature", value: signature ?? WeChatSignature.sign([token, timestamp, nonce])),
                     (name: "timestamp", value: timestamp), (name: "nonce", value: nonce)]
        if let echostr { query.append((name: "echostr", value: echostr)) }
        return ChannelRequest(method: "GET", path: path, query: query, body: [], receivedAt: TestRequests.fixedDate)
    }

    static func xmlText(from: String, content: String, msgId: String, createTime: String = "1795400000") -> String {
        "<xml><ToUserName><![CDATA[gh_12345city]]></ToUserName><FromUserName><![CDATA[\(from)]]></FromUserName>"
            + "<CreateTime>\(createTime)</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            + "<Content><![CDATA[\(content)]]></Content><MsgId>\(msgId)</MsgId></xml>"
    }
}

/// Replaces one character of `s` at `offset` (counted from the start; negative from the end) with another base64 one.
func changingOneCharacter(_ s: String, at offset: Int) -> String {
    var chars = Array(s)
    let i = offset >= 0 ? offset : chars.count + offset
    chars[i] = chars[i] == "0" ? "1" : "0"  // a digit is valid both in hex and in base64
    return String(chars)
}
