import IntakeCore

extension StandardChannels {
    /// The Email channel's routes (none until it lands).
    static func emailRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }
}
