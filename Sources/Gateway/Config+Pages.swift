import IntakeCore

extension ConfigurationLoader {
    /// The citizen's pages and the operators' console; values land in `settings`.
    static let pagesOptions: [OptionSpec] = [
        setting("INTAKE_TRACK_SECRET", "track.secret",
                "key the one-time tracking codes of anonymous tickets are derived with (default: a key kept in <database>.track-key)",
                secret: true),
        setting("INTAKE_TRACK_RATE_LIMIT", "track.rateLimitPerMinute",
                "progress lookups (/track) per minute from one client address, over it 429 (default 10)") { v in
            guard try int("INTAKE_TRACK_RATE_LIMIT", v) > 0 else { throw ConfigurationError(message: "INTAKE_TRACK_RATE_LIMIT must be at least 1") }
        },
        setting("INTAKE_ANSWER_WORKING_DAYS", "pages.answerWorkingDays",
                "working days the receipt page says an answer comes within (default 15)") { v in _ = try int("INTAKE_ANSWER_WORKING_DAYS", v) },
    ]
}
