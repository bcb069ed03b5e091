import IntakeCore
import WebForm

/// The composition root's list of channels: every adapter is registered here, explicitly.
/// Each channel's routes are built in its own `Routes+<Channel>.swift`.
public enum StandardChannels {
    public static func routes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        webRoutes(config)
            + smsRoutes(config, clock: clock)
            + phoneRoutes(config, clock: clock)
            + emailRoutes(config, clock: clock)
            + miniProgramRoutes(config, clock: clock)
            + police110Routes(config, clock: clock)
    }

    /// Background services the channels need (the IMAP poller); each channel's `Routes+<Channel>.swift` adds its own.
    public static func services(_ config: GatewayConfiguration, clock: any IntakeClock) -> [any GatewayService] {
        let wait = config.settings["sms.reassemblyWaitSeconds"].flatMap(Double.init) ?? 300
        return [FragmentSweeper(waitSeconds: wait, intervalSeconds: min(5, max(0.2, wait / 4))),
                RetentionPurger(rawDays: config.retentionRawDays, personalDays: config.retentionPersonalDays)]
            + emailServices(config, clock: clock)
    }

    static func webRoutes(_ config: GatewayConfiguration) -> [ChannelRoute] {
        let web = WebFormAdapter(configuration: WebFormConfiguration(maxFileBytes: config.webMaxFileBytes, maxTotalBytes: config.webMaxTotalBytes))
        return [ChannelRoute(path: "/v1/intake/web", adapter: web, verifier: nil)]
    }

    /// The Standard Webhooks verifier for a partner channel, or one that refuses everything when no secret is set.
    static func partnerVerifier(_ name: String, _ config: GatewayConfiguration, clock: any IntakeClock) -> any RequestVerifier {
        guard let secrets = config.channelSecrets[name], !secrets.isEmpty else { return RefuseAllVerifier(channel: name) }
        return StandardWebhooksVerifier(secrets: secrets, toleranceSeconds: config.webhookToleranceSeconds, clock: clock)
    }
}
