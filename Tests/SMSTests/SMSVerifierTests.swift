import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import SMS

@Suite struct TwilioSignatureTests {
    /// Twilio's documented example, the expected value computed independently with Python's hmac:
    /// `base64(hmac.new(b"12345", url + "".join(k + v for k, v in sorted(params)), sha1))`.
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let token = "12345"
    static let params: [(name: String, value: String)] = [
        ("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"), ("From", "+12349013030"), ("To", "+18005551212"),
    ]
    static let expected = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="

    static func request(_ form: String, signature: String, headers: [(String, String)] = []) -> ChannelRequest {
        TestRequests.post("/myapp.php", contentType: "application/x-www-form-urlencoded", body: Array(form.utf8),
                          headers: [("X-Twilio-Signature", signature)] + headers, query: [("foo", "1"), ("bar", "2")],
                          pathParameters: ["provider": "twilio"])
    }

    static let form = "To=%2B18005551212&CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030"

    @Test func matchesTwilioDocumentedSignature() {
        #expect(TwilioSignatureVerifier.signature(url: Self.url, parameters: Self.params, authToken: Self.token) == Self.expected)
        // Parameter order in the body does not matter: they are sorted.
        #expect(TwilioSignatureVerifier.signature(url: Self.url, parameters: Self.params.reversed(), authToken: Self.token) == Self.expected)
    }

    @Test func acceptsTheSignedRequestAndRefusesOneChangedCharacter() throws {
        let verifier = TwilioSignatureVerifier(authToken: Self.token, publicBaseURL: "https://mycompany.com")
        try verifier.verify(Self.request(Self.form, signature: Self.expected))
        let tampered = Self.form.replacingOccurrences(of: "Digits=1234", with: "Digits=1235")
        #expect(throws: IntakeError.self) { try verifier.verify(Self.request(tampered, signature: Self.expected)) }
        var changedSignature = Array(Self.expected)
        changedSignature[3] = changedSignature[3] == "C" ? "D" : "C"
        #expect(throws: IntakeError.self) { try verifier.verify(Self.request(Self.form, signature: String(changedSignature))) }
        #expect(throws: IntakeError.self) { try TwilioSignatureVerifier(authToken: "54321", publicBaseURL: "https://mycompany.com")
            .verify(Self.request(Self.form, signature: Self.expected)) }
        let missing = TestRequests.post("/myapp.php", contentType: "application/x-www-form-urlencoded", body: Array(Self.form.utf8),
                                        query: [("foo", "1"), ("bar", "2")])
        #expect(throws: IntakeError(.unauthorized, "The X-Twilio-Signature header is missing.")) { try verifier.verify(missing) }
    }

    @Test func demoExampleIsAcceptedAndOneChangedCharacterIsRefused() throws {
        let request = try ExampleRequests.load("03-twilio-inbound.json")
        try DemoSMS.verifier.verify(request)
        var body = request.body
        let i = try #require(body.firstIndex(of: UInt8(ascii: "T")))
        body[i] = UInt8(ascii: "t")
        do {
            try DemoSMS.verifier.verify(ExampleRequests.replacingBody(request, body))
            Issue.record("a changed body passed the signature check")
        } catch {
            #expect(error.status == 401)
        }
    }

    @Test func urlFromHostHeadersWhenNoPublicBaseIsConfigured() throws {
        let verifier = TwilioSignatureVerifier(authToken: Self.token)
        // Twilio called https://mycompany.com; the proxy passed the host on.
        try verifier.verify(Self.request(Self.form, signature: Self.expected, headers: [("Host", "mycompany.com")]))
        try verifier.verify(Self.request(Self.form, signature: Self.expected,
                                         headers: [("X-Forwarded-Host", "mycompany.com"), ("X-Forwarded-Proto", "https"), ("Host", "10.0.0.5:8080")]))
        #expect(throws: IntakeError.self) {
            try verifier.verify(Self.request(Self.form, signature: Self.expected, headers: [("Host", "evil.example")]))
        }
        // Signed with an explicit default port: still accepted.
        let withPort = TwilioSignatureVerifier.signature(url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: Self.params,
                                                         authToken: Self.token)
        try TwilioSignatureVerifier(authToken: Self.token, publicBaseURL: "https://mycompany.com").verify(Self.request(Self.form, signature: withPort))
    }
}

@Suite struct SMSTokenTests {
    static func request(query: [(String, String)] = [], headers: [(String, String)] = []) -> ChannelRequest {
        TestRequests.post("/v1/intake/sms/aliyun", contentType: "application/json", body: Array("[]".utf8), headers: headers,
                          query: query, pathParameters: ["provider": "aliyun"])
    }

    @Test func tokenInQueryOrBasicAuth() throws {
        let verifier = SMSTokenVerifier(provider: "aliyun", tokens: ["s3cret", "next-s3cret"])
        try verifier.verify(Self.request(query: [("token", "s3cret")]))
        try verifier.verify(Self.request(query: [("token", "next-s3cret")]))
        try verifier.verify(Self.request(headers: [("Authorization", "Basic " + Data("aliyun:s3cret".utf8).base64EncodedString())]))
        try verifier.verify(Self.request(headers: [("Authorization", "Basic " + Data("s3cret:".utf8).base64EncodedString())]))
        for bad in [Self.request(query: [("token", "s3cre")]), Self.request(query: [("token", "")]), Self.request(),
                    Self.request(headers: [("Authorization", "Basic " + Data("aliyun:wrong".utf8).base64EncodedString())]),
                    Self.request(headers: [("Authorization", "Bearer s3cret")])] {
            #expect(throws: IntakeError.self) { try verifier.verify(bad) }
        }
        #expect(throws: IntakeError.self) { try SMSTokenVerifier(provider: "aliyun", tokens: []).verify(Self.request(query: [("token", "")])) }
    }

    @Test func verifierDispatchesOnProvider() throws {
        let aliyun = try ExampleRequests.load("01-aliyun-batch.json")
        try DemoSMS.verifier.verify(aliyun)
        // The Aliyun token does not open the Tencent door.
        var crossed = aliyun
        crossed.pathParameters = ["provider": "tencent"]
        #expect(throws: IntakeError.self) { try DemoSMS.verifier.verify(crossed) }
        // A CMPP request signed with another secret, or not signed, is refused.
        var cmpp = try ExampleRequests.load("04-cmpp-gbk.json")
        try DemoSMS.verifier.verify(cmpp)
        cmpp.headers = cmpp.headers.filter { !$0.name.hasPrefix("webhook-") }
            + TestRequests.signatureHeaders(secret: "whsec_b3RoZXItc2VjcmV0LTAxMjM0NTY3ODk=", body: cmpp.body).map { (name: $0.0, value: $0.1) }
        #expect(throws: IntakeError.self) { try DemoSMS.verifier.verify(cmpp) }
        var unknown = aliyun
        unknown.pathParameters = ["provider": "nope"]
        do {
            try DemoSMS.verifier.verify(unknown)
            Issue.record("an unknown provider passed the verifier")
        } catch {
            #expect(error.status == 404 && error.field == "provider")
        }
    }

    /// A refusal is logged and journalled: it must never carry the secret it was checked against.
    @Test func refusalsDoNotRevealSecrets() throws {
        let secrets = ["s3cret-token-value", DemoSMS.twilioToken]
        var refusals: [IntakeError] = []
        let checks: [(any RequestVerifier, ChannelRequest)] = [
            (SMSTokenVerifier(provider: "aliyun", tokens: [secrets[0]]), Self.request(query: [("token", "guess")])),
            (SMSTokenVerifier(provider: "aliyun", tokens: [secrets[0]]), Self.request()),
            (DemoSMS.verifier, BadRequests.twilio("From=%2B1&Body=x").withHeader("x-twilio-signature", "AAAA")),
        ]
        for (verifier, request) in checks {
            do { try verifier.verify(request) } catch { refusals.append(error) }
        }
        #expect(refusals.count == checks.count)
        for error in refusals {
            let rendered = error.problem().text + error.description
            for secret in secrets { #expect(!rendered.contains(secret)) }
        }
    }

    @Test func unconfiguredProviderRefuses() {
        let verifier = SMSUnconfiguredVerifier("no token")
        #expect(throws: IntakeError.self) { try verifier.verify(Self.request(query: [("token", "x")])) }
    }
}

@Suite struct SMSConfigurationTests {
    @Test func hotlineByExactOrLongestPrefix() throws {
        let config = SMSConfiguration(hotlines: try SMSConfiguration.parseHotlines("106901234512319=12319, 1069012345=12345\n12319=12319"))
        #expect(config.hotline(forDestination: "106901234512319") == "12319")
        #expect(config.hotline(forDestination: "10690123451231901") == "12319")
        #expect(config.hotline(forDestination: "10690123459") == "12345")
        #expect(config.hotline(forDestination: "12319") == "12319")
        #expect(config.hotline(forDestination: "+1 415 555 0100") == nil)
        #expect(config.hotline(forDestination: "") == nil)
        #expect(config.hotline(forDestination: nil) == nil)
    }

    @Test func badHotlineSettingsAreRefused() {
        #expect(throws: ChannelConfigurationError.self) { try SMSConfiguration.parseHotlines("12319") }
        #expect(throws: ChannelConfigurationError.self) { try SMSConfiguration.parseHotlines("abc=12345") }
        #expect(throws: ChannelConfigurationError.self) { try SMSConfiguration.parseHotlines("12319=") }
    }
}

extension ChannelRequest {
    /// The request with one header replaced.
    func withHeader(_ name: String, _ value: String) -> ChannelRequest {
        var r = self
        r.headers = r.headers.filter { $0.name != name } + [(name: name, value: value)]
        return r
    }
}
