import IntakeCore

extension StandardChannels {
    /// The Email channel's routes (none until it lands).
    static func emailRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        []
    }

    /// The email channel's background services (the IMAP poller; none until it lands).
    static func emailServices(_ config: GatewayConfiguration, clock: any IntakeClock) -> [any GatewayService] {
        []
    }
}
