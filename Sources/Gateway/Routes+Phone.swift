import IntakeCore
import Phone

extension StandardChannels {
    /// `POST /v1/intake/phone`: call records from the call centre, signed the Standard Webhooks way with the phone secret.
    static func phoneRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        [ChannelRoute(path: "/v1/intake/phone", adapter: PhoneAdapter(configuration: config.phoneConfiguration),
                      verifier: partnerVerifier("phone", config, clock: clock))]
    }
}
