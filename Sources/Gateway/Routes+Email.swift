import IntakeCore
import Email

extension StandardChannels {
    /// `POST /v1/intake/email`: one message as `message/rfc822`, signed the Standard Webhooks way with the email secret.
    static func emailRoutes(_ config: GatewayConfiguration, clock: any IntakeClock) -> [ChannelRoute] {
        [ChannelRoute(path: "/v1/intake/email", adapter: EmailAdapter(configuration: config.emailConfiguration),
                      verifier: partnerVerifier("email", config, clock: clock))]
    }

    /// The IMAP poller when INTAKE_IMAP_URL is set. Its route is a trusted source (the IMAP login is the
    /// authentication: never rate-limited as a citizen) with its own name, so the POST route's allowlist and
    /// metrics are not mixed with it.
    static func emailServices(_ config: GatewayConfiguration, clock: any IntakeClock) -> [any GatewayService] {
        guard let imap = config.imapPoller else { return [] }
        return [IMAPPoller(configuration: imap, route: imapRoute(config))]
    }

    static func imapRoute(_ config: GatewayConfiguration) -> ChannelRoute {
        ChannelRoute(path: "/v1/intake/email", adapter: EmailAdapter(configuration: config.emailConfiguration),
                     access: .trustedSource, name: "email-imap")
    }
}
