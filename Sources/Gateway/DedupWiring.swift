import Dedup
import Store

/// The dedup engine's configuration from the `dedup.*` settings (validated when the configuration was loaded).
public func dedupConfiguration(_ config: GatewayConfiguration) -> DedupConfiguration {
    var c = DedupConfiguration()
    func number(_ key: String) -> Double? { config.settings["dedup." + key].flatMap { Double($0.trimmingASCIIWhitespace()) } }
    if let d = number("repeatWindowDays") { c.repeatWindow = d * 86_400 }
    if let h = number("clusterWindowHours") { c.clusterWindow = h * 3600 }
    if let t = number("repeatThreshold") { c.repeatThreshold = t }
    if let t = number("clusterThreshold") { c.clusterThreshold = t }
    if let t = number("clusterTextThreshold") { c.clusterTextOnlyThreshold = t }
    if let m = number("repeatDistanceMeters") { c.repeatDistanceMeters = m }
    if let m = number("clusterDistanceMeters") { c.clusterDistanceMeters = m }
    if let m = number("farDistanceMeters") { c.farDistanceMeters = m }
    if let n = number("maxCandidatesPerKey") { c.maxCandidatesPerKey = max(1, Int(n)) }
    return c
}

/// The decider `CommandLineInterface.openStore` hands the store: the dedup engine unless
/// `INTAKE_DEDUP_ENABLED=false`.
public func makeDedupDecider(_ config: GatewayConfiguration) -> any DedupDecider {
    if let enabled = config.settings["dedup.enabled"]?.lowercased(), ["false", "0", "no"].contains(enabled) { return NoDedup() }
    return DedupEngine(configuration: dedupConfiguration(config))
}
