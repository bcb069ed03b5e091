import IntakeCore

extension StandardChannels {
    /// The Phone channel's routes (none until it lands).
    static func phoneRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }
}
