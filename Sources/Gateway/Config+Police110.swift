extension ConfigurationLoader {
    /// The Police110 channel's options (environment variable, config key, meaning); values land in `settings`.
    static let police110Options: [OptionSpec] = []
}
