import IntakeCore

/// Which destinations take a ticket: each destination's `match` (none: it takes every ticket); when no destination
/// accepts it, the default destination, or nobody (the ticket is then "not forwarded": stored, counted by the
/// reconciliation report, with no ticket event).
public struct DestinationRules: Sendable {
    public var matches: [String: DestinationMatch]
    /// Takes what no destination's match accepts.
    public var defaultDestination: String?
    /// Destinations whose wire format has no cluster event (Open311, a partner's own payload): they get ticket
    /// events only, never `cluster.updated`.
    public var withoutClusterEvents: Set<String> = []

    public init(matches: [String: DestinationMatch] = [:], defaultDestination: String? = nil) {
        self.matches = matches
        self.defaultDestination = defaultDestination
    }

    public func destinations(for ticket: Ticket, among names: [String]) -> [String] {
        let accepting = names.filter { $0 != defaultDestination && (matches[$0]?.accepts(ticket) ?? true) }
        if !accepting.isEmpty {
            // The default destination gets its own match's tickets too.
            if let d = defaultDestination, names.contains(d), matches[d]?.accepts(ticket) == true { return accepting + [d] }
            return accepting
        }
        if let d = defaultDestination, names.contains(d) { return [d] }
        return []
    }
}
