import Foundation
import IntakeCore

/// For providers that do not sign (Aliyun, Tencent): a shared secret in the `token` query parameter of the callback
/// URL, or as the password of HTTP basic auth (`https://user:token@host/...` in the provider's console).
/// Compared through HMAC so the comparison takes the same time whatever the length.
public struct SMSTokenVerifier: RequestVerifier {
    let provider: String
    let tokens: [String]

    /// - Parameter tokens: accepted tokens (several during rotation); none refuses everything.
    public init(provider: String, tokens: [String]) {
        self.provider = provider
        self.tokens = tokens.filter { !$0.isEmpty }
    }

    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        guard !tokens.isEmpty else {
            throw .unauthorized(
                "The \(provider) SMS provider has no token configured (INTAKE_SMS_TOKEN_\(provider.uppercased())); it accepts nothing.")
        }
        var offered: [String] = []
        if let q = request.queryValue("token") { offered.append(q) }
        if let auth = request.header("authorization"), auth.lowercased().hasPrefix("basic "),
           let decoded = Data(base64Encoded: String(auth.dropFirst(6)).trimmingASCIIWhitespace()) {
            let pair = String(decoding: decoded, as: UTF8.self)
            if let colon = pair.firstIndex(of: ":") {
                let user = String(pair[..<colon]), password = String(pair[pair.index(after: colon)...])
                offered.append(password.isEmpty ? user : password)
            }
        }
        guard !offered.isEmpty else {
            throw .unauthorized("The \(provider) callback carries no token (the token query parameter or basic auth).")
        }
        let key = Array("sms-token-compare".utf8)
        for candidate in offered {
            let c = HMAC.sha256(key: key, data: Array(candidate.utf8))
            if tokens.contains(where: { HMAC.equal(HMAC.sha256(key: key, data: Array($0.utf8)), c) }) { return }
        }
        throw .unauthorized("The \(provider) callback's token is wrong.")
    }
}

/// The SMS route's verifier: each provider's own check, chosen by the `provider` path segment.
/// An unknown provider is 404 naming `provider`, before anything else is looked at.
public struct SMSVerifier: RequestVerifier {
    let aliyun: any RequestVerifier
    let tencent: any RequestVerifier
    let twilio: any RequestVerifier
    let cmpp: any RequestVerifier

    public init(aliyun: any RequestVerifier, tencent: any RequestVerifier, twilio: any RequestVerifier, cmpp: any RequestVerifier) {
        self.aliyun = aliyun
        self.tencent = tencent
        self.twilio = twilio
        self.cmpp = cmpp
    }

    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        switch try SMSProvider.of(request) {
        case .aliyun: try aliyun.verify(request)
        case .tencent: try tencent.verify(request)
        case .twilio: try twilio.verify(request)
        case .cmpp: try cmpp.verify(request)
        }
    }
}

/// Refuses every request: a provider whose credential is not configured trusts no one.
public struct SMSUnconfiguredVerifier: RequestVerifier {
    let message: String
    public init(_ message: String) { self.message = message }
    public func verify(_ request: ChannelRequest) throws(IntakeError) { throw .unauthorized(message) }
}
