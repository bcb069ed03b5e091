extension ConfigurationLoader {
    /// The MiniProgram channel's options (environment variable, config key, meaning); values land in `settings`.
    static let miniProgramOptions: [OptionSpec] = []
}
