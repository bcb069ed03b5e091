import IntakeCore
import MiniProgram

extension ConfigurationLoader {
    /// The MiniProgram channel's options (environment variable, config key, meaning); values land in `settings`.
    static let miniProgramOptions: [OptionSpec] = [
        setting("INTAKE_WECHAT_TOKEN", "wechat.token",
                "the Token set in the WeChat console; signs every push (unset: the WeChat push endpoint refuses everything)",
                secret: true),
        setting("INTAKE_WECHAT_AES_KEY", "wechat.encodingAESKey",
                "the 43-character EncodingAESKey for safe mode (encrypt_type=aes); needs INTAKE_WECHAT_APPID", secret: true,
                validate: { v in
                    guard WeChatMessageCrypto(encodingAESKey: v, appId: "") != nil else {
                        throw ConfigurationError(
                            message: "INTAKE_WECHAT_AES_KEY must be the 43-character EncodingAESKey from the WeChat console")
                    }
                }),
        setting("INTAKE_WECHAT_APPID", "wechat.appId", "the mini-program's appid; safe-mode messages for any other appid are refused"),
        setting("INTAKE_WECHAT_TOLERANCE", "wechat.toleranceSeconds",
                "how far a push's timestamp may be from our clock, in seconds (default 300; 1 to 86400: a signature is never valid forever)",
                validate: { v in
                    guard let n = Int(v.trimmingASCIIWhitespace()), (1...86_400).contains(n) else {
                        throw ConfigurationError(message: "INTAKE_WECHAT_TOLERANCE must be a whole number of seconds from 1 to 86400")
                    }
                }),
        setting("INTAKE_WECHAT_TICKET_TYPES", "wechat.ticketMessageTypes",
                "WeChat message types that become tickets, comma-separated (default text; e.g. text,image,voice,location)"),
        setting("INTAKE_WECHAT_TICKET_EVENTS", "wechat.ticketEvents",
                "true: WeChat events (user_enter_tempsession, subscribe, ...) become tickets (default false: recorded only)",
                validate: { v in try boolSetting("INTAKE_WECHAT_TICKET_EVENTS", v) }),
        setting("INTAKE_WECHAT_REQUIRE_AES", "wechat.requireSafeMode",
                "true: refuse plain-mode pushes, whose signature does not cover the body (default: true when INTAKE_WECHAT_AES_KEY is set)",
                validate: { v in try boolSetting("INTAKE_WECHAT_REQUIRE_AES", v) }),
        setting("INTAKE_MINIPROGRAM_MAX_PHOTOS", "miniprogram.maxPhotos",
                "most photo links one mini-program submission may carry (default 9)",
                validate: { v in _ = try int("INTAKE_MINIPROGRAM_MAX_PHOTOS", v) }),
    ]

    @discardableResult
    static func boolSetting(_ name: String, _ v: String) throws -> Bool {
        guard let b = JSON.string(v.trimmingASCIIWhitespace()).boolValue else {
            throw ConfigurationError(message: "\(name) must be true or false, not \"\(v)\"")
        }
        return b
    }
}

extension ConfigurationLoader {
    /// Problems that take two options to see.
    static func miniProgramProblems(_ c: GatewayConfiguration) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if c.settings["wechat.encodingAESKey"] != nil && (c.settings["wechat.appId"] ?? "").trimmingASCIIWhitespace().isEmpty {
            // Without the appid safe mode cannot be checked, and plain mode would silently stay open.
            problems.append(ConfigurationError(message: "INTAKE_WECHAT_AES_KEY is set but INTAKE_WECHAT_APPID is not; safe mode needs both"))
        }
        return problems
    }
}

extension Demo {
    /// Settings `intake-gateway demo` needs for the mini-program examples: the credentials the examples were signed and
    /// encrypted with (Tests/MiniProgramTests/Fixtures/generate_vectors.py), and no timestamp check, because the
    /// examples are sent as they are, with the timestamp they were signed at.
    public static let miniProgramSettings: [String: String] = [
        "wechat.token": "demo-wechat-token",
        "wechat.encodingAESKey": "ZGVtb3dlY2hhdGVuY29kaW5nYWVza2V5MDEyMzQ1Njc",
        "wechat.appId": "wxdemo00000000001",
        // Not an option anyone can set: the loader knows no such key.
        "wechat.demoNoTimestampCheck": "true",
        // The demo shows both modes; a deployment with an AES key refuses plain mode by default.
        "wechat.requireSafeMode": "false",
    ]
}
