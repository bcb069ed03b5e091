import IntakeCore

extension StandardChannels {
    /// The SMS channel's routes (none until it lands).
    static func smsRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }
}
