import IntakeCore

extension StandardChannels {
    /// The MiniProgram channel's routes (none until it lands).
    static func miniProgramRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }
}
