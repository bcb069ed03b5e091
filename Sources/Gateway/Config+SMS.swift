extension ConfigurationLoader {
    /// The SMS channel's options (environment variable, config key, meaning); values land in `settings`.
    static let smsOptions: [OptionSpec] = []
}
