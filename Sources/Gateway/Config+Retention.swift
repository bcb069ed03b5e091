extension ConfigurationLoader {
    /// How long data is kept (personal-information protection: what is no longer needed is not kept).
    static let retentionOptions: [OptionSpec] = [
        setting("INTAKE_RETENTION_RAW_DAYS", "retention.rawDays",
                "days raw request bodies, the rejected journal and the photo bytes of delivered tickets are kept (default 90; 0 keeps them forever)",
                validate: { v in _ = try int("INTAKE_RETENTION_RAW_DAYS", v, atLeast: 0) }),
        setting("INTAKE_RETENTION_PERSONAL_DAYS", "retention.personalDays",
                "days after a ticket is closed until its caller's name, phone, e-mail, openid and address are masked "
                    + "(default 0: never; receipt, text and dedup keys stay)",
                validate: { v in _ = try int("INTAKE_RETENTION_PERSONAL_DAYS", v, atLeast: 0) }),
    ]
}

extension GatewayConfiguration {
    /// Days raw bodies are kept; nil: forever.
    var retentionRawDays: Int? {
        let days = settings["retention.rawDays"].flatMap { Int($0.trimmingASCIIWhitespace()) } ?? 90
        return days > 0 ? days : nil
    }

    /// Days after closing until personal data is masked; nil: never.
    var retentionPersonalDays: Int? {
        let days = settings["retention.personalDays"].flatMap { Int($0.trimmingASCIIWhitespace()) } ?? 0
        return days > 0 ? days : nil
    }
}
