import IntakeCore

extension StandardChannels {
    /// The Police110 channel's routes (none until it lands).
    static func police110Routes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }
}
