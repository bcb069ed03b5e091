extension ConfigurationLoader {
    /// The dedup engine's options; values land in `settings`.
    static let dedupOptions: [OptionSpec] = []
}
