import IntakeCore
import Police110

extension StandardChannels {
    /// The 110 transfer endpoint: Standard Webhooks (the `police110` secret) plus the channel's IP allowlist
    /// (INTAKE_ALLOWLIST_POLICE110, applied by the pipeline to routes named `police110`).
    static func police110Routes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        let path = "/v1/intake/police110"
        do {
            let adapter = Police110Adapter(selection: try police110Selection(config))
            return [ChannelRoute(path: path, adapter: adapter, verifier: partnerVerifier("police110", config, clock: clock))]
        } catch {
            // Configuration was validated at load; a file that changed since then leaves the channel closed, not guessing.
            return [ChannelRoute(path: path, adapter: Police110Adapter(),
                                 verifier: UnavailableChannelVerifier(reason: "The 110 mapping cannot be loaded: \(error)"))]
        }
    }
}

/// A channel whose configuration cannot be used answers 503 rather than reading transfers the wrong way.
struct UnavailableChannelVerifier: RequestVerifier {
    let reason: String
    func verify(_ request: ChannelRequest) throws(IntakeError) {
        throw IntakeError(.unavailable, reason)
    }
}
