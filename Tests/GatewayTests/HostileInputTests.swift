import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Inputs that once could stop the process; each must be refused and the gateway must go on serving.
@Suite(.serialized) struct HostileInputTests {
    @Test func extremeValuesAreRefusedAndTheGatewayKeepsServing() throws {
        let t = try TestGateway { config in
            for (k, v) in Demo.miniProgramSettings { config.settings[k] = v }
            config.settings["wechat.toleranceSeconds"] = "300"
            config.settings["wechat.demoNoTimestampCheck"] = nil
            config.settings["sms.tokenTencent"] = "tok"
        }
        defer { t.stop() }
        // An unsigned request whose timestamp is Int64.min.
        let phone = try t.request("POST", "/v1/intake/phone", headers: [
            ("webhook-id", "x"), ("webhook-timestamp", "-9223372036854775808"), ("webhook-signature", "v1,AA=="),
            ("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(phone.status == 401)
        let wechat = try t.request("GET", "/v1/intake/miniprogram?timestamp=-9223372036854775808&nonce=1&signature=x&echostr=y")
        #expect(wechat.status == 401)
        // A Tencent reply with a time 300 million years ahead.
        let tencent = try t.postJSON("/v1/intake/sms/tencent?token=tok",
            #"{"extend":"","mobile":"13812345678","nationcode":"86","sign":"","text":"水压低","time":9300000000000000}"#)
        #expect(tencent.status == 422, "\(tencent.text)")
        // A call record whose transcript times are absurd.
        let body = Array(#"{"callId":"c-hostile","caller":"13812345678","transcript":{"format":"segments","data":[{"startMs":1e300,"endMs":"nan","speaker":"caller","text":"有人吗"}]}}"#.utf8)
        let signed = StandardWebhooks(secret: Demo.secrets["phone"]!).headers(id: "h1", timestamp: Int64(Date().timeIntervalSince1970), body: body)
        let call = try t.request("POST", "/v1/intake/phone", headers: signed + [("Content-Type", "application/json")], body: body)
        #expect(call.status == 422 && call.json?["field"] == "transcript.data", "\(call.text)")
        // A WeChat push far larger than any real one, unsigned: refused by its signature before it is read as XML.
        let huge = try t.request("POST", "/v1/intake/miniprogram?timestamp=\(Int(Date().timeIntervalSince1970))&nonce=1&signature=x",
                                 headers: [("Content-Type", "text/xml")],
                                 body: Array(("<xml>" + String(repeating: "<a/>", count: 100_000) + "</xml>").utf8))
        #expect(huge.status == 401, "\(huge.text)")
        #expect(try t.request("GET", "/healthz").status == 200)
    }
}
