import IntakeCore

/// One channel endpoint: where it listens, who it trusts, and the adapter that reads it.
public struct ChannelRoute: Sendable {
    /// Who may send on a route, said once, so that the pipeline never guesses it from a missing verifier.
    public enum Access: Sendable {
        /// Anyone (citizens): rate-limited per client address; refused bodies kept short in the journal.
        case `public`
        /// A partner that signs or authenticates each request.
        case signed(any RequestVerifier)
        /// A source inside the gateway that authenticated by other means (the IMAP poller's login, the sweeper):
        /// never rate-limited, and its refusals are journaled before it is answered.
        case trustedSource
    }

    public var method: String
    public var path: String
    public var adapter: any ChannelAdapter
    public var access: Access
    /// The name used for allowlists and metrics (defaults to the adapter's channel).
    public var name: String

    public init(method: String = "POST", path: String, adapter: any ChannelAdapter, access: Access, name: String? = nil) {
        self.method = method
        self.path = path
        self.adapter = adapter
        self.access = access
        self.name = name ?? adapter.channel.rawValue
    }

    /// A signed route (`verifier`), or a public one when `verifier` is nil.
    public init(method: String = "POST", path: String, adapter: any ChannelAdapter, verifier: (any RequestVerifier)?, name: String? = nil) {
        self.init(method: method, path: path, adapter: adapter, access: verifier.map { .signed($0) } ?? .public, name: name)
    }

    public var verifier: (any RequestVerifier)? {
        if case .signed(let v) = access { return v }
        return nil
    }

    public var isPublic: Bool {
        if case .public = access { return true }
        return false
    }

    public var isTrustedSource: Bool {
        if case .trustedSource = access { return true }
        return false
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
