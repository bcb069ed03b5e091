import IntakeCore
import Phone

extension ConfigurationLoader {
    /// The Phone channel's options (environment variable, config key, meaning); values land in `settings`.
    static let phoneOptions: [OptionSpec] = [
        setting("INTAKE_PHONE_AGENT_TRACKS", "phone.agentTracks",
                "which channel/speaker id is the agent, per transcript format, e.g. aliyun=0,tencent=0,iflytek=1,whisper=SPEAKER_00 "
                    + "(those are the defaults; other ids are the caller)",
                validate: { v in
                    do { _ = try PhoneConfiguration.parseAgentTracks(v) } catch {
                        throw ConfigurationError(message: "INTAKE_PHONE_AGENT_TRACKS: \(error)")
                    }
                }),
    ]
}

extension GatewayConfiguration {
    /// The phone adapter's configuration from `settings` (validated when loaded).
    var phoneConfiguration: PhoneConfiguration {
        PhoneConfiguration(agentTracks: settings["phone.agentTracks"].flatMap { try? PhoneConfiguration.parseAgentTracks($0) } ?? [:])
    }
}
