import IntakeCore

/// What the phone adapter is told: which channel or speaker id is the agent's in each transcript format.
public struct PhoneConfiguration: Sendable {
    /// Per format, the track (channel or speaker id as the vendor writes it) that is the agent. Any other track
    /// is the caller; a segment with no track is unknown.
    public var agentTracks: [TranscriptFormat: String]

    /// Defaults: dual-channel recordings with the agent on channel 0 (Aliyun `ChannelId`, Tencent `SpeakerId`);
    /// iFlytek role 1 (role 0 means role separation was off); WhisperX `SPEAKER_00`; `0` in plain segments.
    public static let defaultAgentTracks: [TranscriptFormat: String] = [
        .aliyun: "0", .tencent: "0", .iflytek: "1", .whisper: "SPEAKER_00", .segments: "0",
    ]

    public init(agentTracks: [TranscriptFormat: String] = PhoneConfiguration.defaultAgentTracks) {
        self.agentTracks = PhoneConfiguration.defaultAgentTracks.merging(agentTracks) { $1 }
    }

    /// Parses `aliyun=1,tencent=1,iflytek=2,whisper=SPEAKER_01`; formats not named keep their default.
    public static func parseAgentTracks(_ text: String) throws(ChannelConfigurationError) -> [TranscriptFormat: String] {
        var result: [TranscriptFormat: String] = [:]
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == ";" }) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIIWhitespace() }
            guard parts.count == 2, !parts[1].isEmpty else { throw ChannelConfigurationError("\"\(entry)\" is not format=track") }
            guard let format = TranscriptFormat(rawValue: parts[0].lowercased()) else {
                let known = TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ChannelConfigurationError("\"\(parts[0])\" is not a transcript format (\(known))")
            }
            result[format] = parts[1]
        }
        return result
    }
}

