import Email

extension ConfigurationLoader {
    /// The Email channel's options (environment variable, config key, meaning); values land in `settings`.
    static let emailOptions: [OptionSpec] = [
        setting("INTAKE_EMAIL_MAX_BYTES", "email.maxBytes",
                "largest message accepted on POST /v1/intake/email or from IMAP (default 26214400); keep INTAKE_MAX_BODY_BYTES at least this",
                validate: positive("INTAKE_EMAIL_MAX_BYTES")),
        setting("INTAKE_EMAIL_MAX_PARTS", "email.maxParts", "MIME parts one message may have (default 200)",
                validate: positive("INTAKE_EMAIL_MAX_PARTS")),
        setting("INTAKE_EMAIL_MAX_DEPTH", "email.maxDepth", "how deep MIME parts may nest (default 12)",
                validate: positive("INTAKE_EMAIL_MAX_DEPTH")),
        setting("INTAKE_IMAP_URL", "email.imapUrl",
                "mailbox to poll, imap://host:port/INBOX or imaps://... (unset: no polling)", validate: { v in
                    let l = v.lowercased()
                    guard l.hasPrefix("imap://") || l.hasPrefix("imaps://") else {
                        throw ConfigurationError(message: "INTAKE_IMAP_URL must start with imap:// or imaps://")
                    }
                }),
        setting("INTAKE_IMAP_USER", "email.imapUser", "IMAP login name"),
        setting("INTAKE_IMAP_PASSWORD", "email.imapPassword", "IMAP password", secret: true),
        setting("INTAKE_IMAP_MAILBOXES", "email.imapMailboxes",
                "comma-separated mailboxes to poll (default: the mailbox in INTAKE_IMAP_URL, else INBOX)"),
        setting("INTAKE_IMAP_POLL_SECONDS", "email.imapPollSeconds", "seconds between polls (default 30)",
                validate: positive("INTAKE_IMAP_POLL_SECONDS")),
        setting("INTAKE_IMAP_PROCESSED_FOLDER", "email.imapProcessedFolder",
                "folder stored messages are moved to (unset: they are only flagged \\Seen)"),
        setting("INTAKE_IMAP_REJECTED_FOLDER", "email.imapRejectedFolder",
                "folder refused messages are moved to (unset: flagged \\Seen and $IntakeRejected, left in place)"),
        setting("INTAKE_IMAP_MAX_BACKOFF_SECONDS", "email.imapMaxBackoffSeconds",
                "longest wait after failed polls, doubling from 1 s (default 300)", validate: positive("INTAKE_IMAP_MAX_BACKOFF_SECONDS")),
    ]

    static func positive(_ name: String) -> @Sendable (String) throws -> Void {
        { v in
            guard let d = Double(v.trimmingASCIIWhitespace()), d > 0 else {
                throw ConfigurationError(message: "\(name) must be a positive number, not \"\(v)\"")
            }
        }
    }
}

extension GatewayConfiguration {
    func emailNumber(_ key: String) -> Double? { settings[key].flatMap { Double($0.trimmingASCIIWhitespace()) } }

    /// The adapter's limits from the options.
    public var emailConfiguration: EmailConfiguration {
        EmailConfiguration(
            maxMessageBytes: emailNumber("email.maxBytes").map { Int($0) } ?? 25 << 20,
            limits: MIMELimits(maxParts: emailNumber("email.maxParts").map { Int($0) } ?? 200,
                               maxDepth: emailNumber("email.maxDepth").map { Int($0) } ?? 12),
            defaultOffsetSeconds: utcOffsetSeconds)
    }

    /// The IMAP poller's settings, or nil when INTAKE_IMAP_URL is not set.
    public var imapPoller: IMAPPollerConfiguration? {
        guard let url = settings["email.imapUrl"], !url.isEmpty else { return nil }
        var mailboxes = (settings["email.imapMailboxes"] ?? "").split(separator: ",")
            .map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        if mailboxes.isEmpty { mailboxes = [IMAPPollerConfiguration.mailbox(inURL: url) ?? "INBOX"] }
        return IMAPPollerConfiguration(
            url: url, user: settings["email.imapUser"] ?? "", password: settings["email.imapPassword"] ?? "",
            mailboxes: mailboxes, pollSeconds: emailNumber("email.imapPollSeconds") ?? 30,
            processedFolder: settings["email.imapProcessedFolder"].flatMap { $0.isEmpty ? nil : $0 },
            rejectedFolder: settings["email.imapRejectedFolder"].flatMap { $0.isEmpty ? nil : $0 },
            maxMessageBytes: emailConfiguration.maxMessageBytes,
            maxBackoffSeconds: emailNumber("email.imapMaxBackoffSeconds") ?? 300)
    }
}
