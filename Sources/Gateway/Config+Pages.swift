import IntakeCore

extension ConfigurationLoader {
    /// The citizen's pages and the operators' console; values land in `settings`.
    static let pagesOptions: [OptionSpec] = [
        setting("INTAKE_TRACK_SECRET", "track.secret",
                "key the one-time tracking codes of anonymous tickets are derived with (default: a key kept in the database, table gateway_keys)",
                secret: true),
        setting("INTAKE_TRACK_RATE_LIMIT", "track.rateLimitPerMinute",
                "progress lookups (/track) per minute from one client address, over it 429 (default 10)") { v in
            guard try int("INTAKE_TRACK_RATE_LIMIT", v) > 0 else { throw ConfigurationError(message: "INTAKE_TRACK_RATE_LIMIT must be at least 1") }
        },
        setting("INTAKE_ANSWER_WORKING_DAYS", "pages.answerWorkingDays",
                "working days the receipt page says an answer comes within (default 15)") { v in _ = try int("INTAKE_ANSWER_WORKING_DAYS", v) },
        setting("INTAKE_OPS_LOCKOUT_ATTEMPTS", "ops.lockoutAttempts",
                "failed console logins in a row that lock an operator's account (default 5)") { v in _ = try int("INTAKE_OPS_LOCKOUT_ATTEMPTS", v) },
        setting("INTAKE_OPS_LOCKOUT_MINUTES", "ops.lockoutMinutes",
                "minutes a locked account stays locked (default 15; operator reset unlocks at once)") { v in _ = try int("INTAKE_OPS_LOCKOUT_MINUTES", v) },
        setting("INTAKE_OPS_SESSION_MINUTES", "ops.sessionMinutes",
                "minutes a console session lasts (default 480)") { v in _ = try int("INTAKE_OPS_SESSION_MINUTES", v) },
        setting("INTAKE_OPS_SECURE_COOKIE", "ops.secureCookie",
                "true behind HTTPS: the console's cookies get the Secure flag (default false)"),
    ]
}
