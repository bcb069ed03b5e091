import IntakeCore
import MiniProgram

extension StandardChannels {
    /// WeChat message push (GET URL verification and POST messages, verified by the WeChat token) and the
    /// mini-program backend's structured submissions (Standard Webhooks, the `miniprogram` secret).
    static func miniProgramRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        let s = config.settings
        let crypto = s["wechat.encodingAESKey"].flatMap { key in
            s["wechat.appId"].flatMap { WeChatMessageCrypto(encodingAESKey: key, appId: $0.trimmingASCIIWhitespace()) }
        }
        // Never unbounded: only the demo (a setting no configuration can reach) skips the timestamp check.
        let configured = Int64(s["wechat.toleranceSeconds"]?.trimmingASCIIWhitespace() ?? "") ?? 300
        let tolerance: Int64? = s["wechat.demoNoTimestampCheck"] == "true" ? nil : (configured > 0 ? configured : 300)
        let types = ConfigurationLoader.list(s["wechat.ticketMessageTypes"] ?? "text").map { $0.lowercased() }
        let flag = { (key: String) in s[key].flatMap { JSON.string($0.trimmingASCIIWhitespace()).boolValue } ?? false }
        let push = WeChatMessageAdapter(configuration: WeChatConfiguration(
            crypto: crypto, ticketMessageTypes: Set(types), ticketEvents: flag("wechat.ticketEvents")))
        // With an AES key configured, plain-mode pushes (whose signature does not cover the body) are refused
        // unless INTAKE_WECHAT_REQUIRE_AES says otherwise.
        let requireSafeMode = s["wechat.requireSafeMode"] == nil ? crypto != nil : flag("wechat.requireSafeMode")
        let verifier: any RequestVerifier
        if let token = s["wechat.token"], !token.isEmpty {
            verifier = WeChatSignatureVerifier(token: token, crypto: crypto, toleranceSeconds: tolerance,
                                               requireSafeMode: requireSafeMode, clock: clock)
        } else {
            verifier = UnconfiguredWeChatVerifier()
        }
        let maxPhotos = Int(s["miniprogram.maxPhotos"]?.trimmingASCIIWhitespace() ?? "") ?? 9
        let submissions = MiniProgramSubmissionAdapter(configuration: MiniProgramSubmissionConfiguration(maxPhotos: maxPhotos))
        return [
            ChannelRoute(method: "GET", path: "/v1/intake/miniprogram", adapter: push, verifier: verifier),
            ChannelRoute(method: "POST", path: "/v1/intake/miniprogram", adapter: push, verifier: verifier),
            ChannelRoute(method: "POST", path: "/v1/intake/miniprogram/submissions", adapter: submissions,
                         verifier: partnerVerifier("miniprogram", config, clock: clock)),
        ]
    }
}

/// Without a WeChat token nothing can be verified, so nothing is accepted.
struct UnconfiguredWeChatVerifier: RequestVerifier {
    func verify(_ request: ChannelRequest) throws(IntakeError) {
        throw .unauthorized("The WeChat push endpoint has no token configured (INTAKE_WECHAT_TOKEN); it accepts nothing.")
    }
}
