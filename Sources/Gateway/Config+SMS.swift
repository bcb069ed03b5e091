import IntakeCore
import SMS

extension ConfigurationLoader {
    /// The SMS channel's options (environment variable, config key, meaning); values land in `settings`.
    static let smsOptions: [OptionSpec] = [
        setting("INTAKE_TWILIO_AUTH_TOKEN", "sms.twilioAuthToken",
                "Twilio auth token that X-Twilio-Signature is verified with (unset: /v1/intake/sms/twilio refuses)", secret: true),
        setting("INTAKE_PUBLIC_BASE_URL", "sms.publicBaseUrl",
                "the gateway's public URL prefix (scheme, host, any path prefix) behind a proxy: what Twilio was given, and the "
                    + "prefix of signed photo links (Open311 media_url)",
                validate: { v in
                    let t = v.trimmingASCIIWhitespace()
                    guard t.hasPrefix("https://") || t.hasPrefix("http://"), !t.contains("?") else {
                        throw ConfigurationError(message: "INTAKE_PUBLIC_BASE_URL must be an http(s) URL without a query, not \"\(v)\"")
                    }
                }),
        setting("INTAKE_SMS_TOKEN_ALIYUN", "sms.tokenAliyun",
                "token the Aliyun SmsUp callback URL carries (token query parameter or basic auth; comma-separated during rotation)",
                secret: true),
        setting("INTAKE_SMS_TOKEN_TENCENT", "sms.tokenTencent",
                "token the Tencent Cloud reply callback URL carries (token query parameter or basic auth; comma-separated during rotation)",
                secret: true),
        setting("INTAKE_SMS_HOTLINES", "sms.hotlines",
                "SMS destination number or extension code to hotline, e.g. 106901234512319=12319,12345=12345 (longest prefix wins)",
                validate: { v in
                    do { _ = try SMSConfiguration.parseHotlines(v) } catch {
                        throw ConfigurationError(message: "INTAKE_SMS_HOTLINES: \(error)")
                    }
                }),
    ]

    /// Settings `intake-gateway demo` needs so the SMS examples under Channels/SMS/Examples are accepted
    /// (the Twilio example is signed for this public base URL and auth token).
    public static let smsDemoSettings: [String: String] = [
        "sms.twilioAuthToken": "demo-twilio-auth-token-0123456789",
        "sms.publicBaseUrl": "https://intake.example.gov.cn",
        "sms.tokenAliyun": "demo-aliyun-token",
        "sms.tokenTencent": "demo-tencent-token",
        "sms.hotlines": "106901234512319=12319,12319=12319",
    ]
}

extension GatewayConfiguration {
    /// The SMS adapter's configuration from `settings` (validated when loaded).
    var smsConfiguration: SMSConfiguration {
        SMSConfiguration(hotlines: settings["sms.hotlines"].flatMap { try? SMSConfiguration.parseHotlines($0) } ?? [:])
    }
}
