import IntakeCore

/// One channel endpoint: where it listens, who it trusts, and the adapter that reads it.
public struct ChannelRoute: Sendable {
    public var method: String
    public var path: String
    public var adapter: any ChannelAdapter
    /// nil: a public endpoint (citizens), no signature.
    public var verifier: (any RequestVerifier)?
    /// The name used for allowlists and metrics (defaults to the adapter's channel).
    public var name: String

    public init(method: String = "POST", path: String, adapter: any ChannelAdapter, verifier: (any RequestVerifier)?, name: String? = nil) {
        self.method = method
        self.path = path
        self.adapter = adapter
        self.verifier = verifier
        self.name = name ?? adapter.channel.rawValue
    }
}

/// A partner channel whose secret is not configured refuses everything rather than trusting anyone.
public struct RefuseAllVerifier: RequestVerifier {
    let channel: String
    public init(channel: String) { self.channel = channel }
    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        throw .unauthorized("The \(channel) channel has no secret configured (INTAKE_CHANNEL_SECRET_\(channel.uppercased())); it accepts nothing.")
    }
}

/// Something that runs beside the HTTP server for the gateway's lifetime (a mailbox poller). It feeds
/// submissions through `Gateway.process`, the same pipeline HTTP requests take.
public protocol GatewayService: AnyObject, Sendable {
    func start(gateway: Gateway) throws
    /// Stops and returns once nothing is in progress.
    func stop()
}
