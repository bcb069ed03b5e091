extension ConfigurationLoader {
    /// The Email channel's options (environment variable, config key, meaning); values land in `settings`.
    static let emailOptions: [OptionSpec] = []
}
