import IntakeCore
import SMS

extension StandardChannels {
    /// `POST /v1/intake/sms/{provider}`: one route, each provider verified its own way (Twilio's signature, a token
    /// for Aliyun and Tencent, Standard Webhooks with the `cmpp` secret for the carrier link).
    static func smsRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        func tokens(_ key: String) -> [String] { config.settings[key].map(ConfigurationLoader.list) ?? [] }
        let twilio: any RequestVerifier
        if let token = config.settings["sms.twilioAuthToken"], !token.isEmpty {
            twilio = TwilioSignatureVerifier(authToken: token, publicBaseURL: config.settings["sms.publicBaseUrl"])
        } else {
            twilio = SMSUnconfiguredVerifier(
                "The twilio SMS provider has no auth token configured (INTAKE_TWILIO_AUTH_TOKEN); it accepts nothing.")
        }
        let verifier = SMSVerifier(
            aliyun: SMSTokenVerifier(provider: "aliyun", tokens: tokens("sms.tokenAliyun")),
            tencent: SMSTokenVerifier(provider: "tencent", tokens: tokens("sms.tokenTencent")),
            twilio: twilio,
            cmpp: partnerVerifier("cmpp", config, clock: clock))
        return [ChannelRoute(path: "/v1/intake/sms/{provider}", adapter: SMSAdapter(configuration: config.smsConfiguration),
                             verifier: verifier)]
    }
}
