import Foundation

/// Thresholds and windows of the dedup engine. Scores are in 0...1 (see `MatterComparison.score`).
public struct DedupConfiguration: Sendable, Equatable {
    /// A later submission by the same caller about the same matter is a repeat while the earlier ticket is open and
    /// no older than this (measured from the latest ticket of the matter, so a caller who keeps calling stays linked).
    public var repeatWindow: TimeInterval
    /// Different callers at the same place about the same matter within this time form an incident cluster.
    public var clusterWindow: TimeInterval
    /// Smallest matter score that makes a repeat of the same caller.
    public var repeatThreshold: Double
    /// Smallest matter score that puts two callers' reports in one cluster (the place must match as well).
    public var clusterThreshold: Double
    /// Two points within this distance are the same place for a repeat.
    public var repeatDistanceMeters: Double
    /// Two points within this distance are the same place for a cluster.
    public var clusterDistanceMeters: Double
    /// Beyond this distance two reports are about different places, whatever the text says.
    public var farDistanceMeters: Double
    /// Two reports at one place that share no matter are one incident only with text this similar.
    public var clusterTextOnlyThreshold: Double
    /// Candidates read per index key; bounds the cost of one decision whatever the history holds.
    public var maxCandidatesPerKey: Int

    /// How far back a decision can look: the longer of the two windows. The in-memory view holds this much, and
    /// key rows older than it are never read again.
    public var lookback: TimeInterval { max(repeatWindow, clusterWindow) }

    public init(repeatWindow: TimeInterval = 30 * 86_400, clusterWindow: TimeInterval = 48 * 3600,
                repeatThreshold: Double = 0.5, clusterThreshold: Double = 0.55,
                repeatDistanceMeters: Double = 300, clusterDistanceMeters: Double = 300, farDistanceMeters: Double = 1500,
                clusterTextOnlyThreshold: Double = 0.6, maxCandidatesPerKey: Int = 8) {
        self.repeatWindow = repeatWindow
        self.clusterWindow = clusterWindow
        self.repeatThreshold = repeatThreshold
        self.clusterThreshold = clusterThreshold
        self.repeatDistanceMeters = repeatDistanceMeters
        self.clusterDistanceMeters = clusterDistanceMeters
        self.farDistanceMeters = farDistanceMeters
        self.clusterTextOnlyThreshold = clusterTextOnlyThreshold
        self.maxCandidatesPerKey = maxCandidatesPerKey
    }
}
