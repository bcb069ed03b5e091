extension ConfigurationLoader {
    /// The Phone channel's options (environment variable, config key, meaning); values land in `settings`.
    static let phoneOptions: [OptionSpec] = []
}
