extension ConfigurationLoader {
    /// The dedup engine's options; values land in `settings` under `dedup.*` and are read by `makeDedupDecider`.
    static let dedupOptions: [OptionSpec] = [
        setting("INTAKE_DEDUP_ENABLED", "dedup.enabled",
                "link repeats and incident clusters: true (default) or false (every ticket is new)",
                validate: { v in
                    guard ["true", "false", "1", "0", "yes", "no"].contains(v.lowercased()) else {
                        throw ConfigurationError(message: "INTAKE_DEDUP_ENABLED must be true or false, not \"\(v)\"")
                    }
                }),
        setting("INTAKE_DEDUP_REPEAT_WINDOW_DAYS", "dedup.repeatWindowDays",
                "days a caller's open ticket takes repeats of the same matter (default 30)",
                validate: dedupPositive("INTAKE_DEDUP_REPEAT_WINDOW_DAYS")),
        setting("INTAKE_DEDUP_CLUSTER_WINDOW_HOURS", "dedup.clusterWindowHours",
                "hours within which different callers' reports of one place and matter form an incident cluster (default 48)",
                validate: dedupPositive("INTAKE_DEDUP_CLUSTER_WINDOW_HOURS")),
        setting("INTAKE_DEDUP_REPEAT_THRESHOLD", "dedup.repeatThreshold",
                "smallest matter score (0-1) that makes the same caller's submission a repeat (default 0.5)",
                validate: dedupUnitInterval("INTAKE_DEDUP_REPEAT_THRESHOLD")),
        setting("INTAKE_DEDUP_CLUSTER_THRESHOLD", "dedup.clusterThreshold",
                "smallest matter score (0-1) that clusters two callers' reports of one place (default 0.55)",
                validate: dedupUnitInterval("INTAKE_DEDUP_CLUSTER_THRESHOLD")),
        setting("INTAKE_DEDUP_CLUSTER_TEXT_THRESHOLD", "dedup.clusterTextThreshold",
                "text similarity (0-1) that clusters two reports at one place naming no common matter (default 0.6)",
                validate: dedupUnitInterval("INTAKE_DEDUP_CLUSTER_TEXT_THRESHOLD")),
        setting("INTAKE_DEDUP_REPEAT_DISTANCE_METERS", "dedup.repeatDistanceMeters",
                "metres within which two points of one caller are the same place (default 300)",
                validate: dedupPositive("INTAKE_DEDUP_REPEAT_DISTANCE_METERS")),
        setting("INTAKE_DEDUP_CLUSTER_DISTANCE_METERS", "dedup.clusterDistanceMeters",
                "metres within which two callers' points are the same place for a cluster (default 300, at most 2500)",
                validate: { v in
                    try dedupPositive("INTAKE_DEDUP_CLUSTER_DISTANCE_METERS")(v)
                    if let d = Double(v), d > 2500 {
                        throw ConfigurationError(message: "INTAKE_DEDUP_CLUSTER_DISTANCE_METERS must be at most 2500")
                    }
                }),
        setting("INTAKE_DEDUP_FAR_DISTANCE_METERS", "dedup.farDistanceMeters",
                "metres beyond which two reports are about different places whatever the text says (default 1500)",
                validate: dedupPositive("INTAKE_DEDUP_FAR_DISTANCE_METERS")),
        setting("INTAKE_DEDUP_MAX_CANDIDATES", "dedup.maxCandidatesPerKey",
                "earlier tickets read per index key and decision (default 8); bounds the decision's cost",
                validate: dedupPositive("INTAKE_DEDUP_MAX_CANDIDATES")),
        setting("INTAKE_DEDUP_VIEW_CAPACITY", "dedup.viewCapacity",
                "SQLite: most recent tickets the in-memory dedup view holds, about 1 KB each (default 200000; older candidates "
                    + "are read from the database); 0 decides inside each transaction instead",
                validate: { v in
                    guard let n = Int(v.trimmingASCIIWhitespace()), n >= 0 else {
                        throw ConfigurationError(message: "INTAKE_DEDUP_VIEW_CAPACITY must be a whole number, 0 or more, not \"\(v)\"")
                    }
                }),
    ]

    static func dedupPositive(_ name: String) -> @Sendable (String) throws -> Void {
        { v in
            guard let d = Double(v.trimmingASCIIWhitespace()), d > 0, d.isFinite else {
                throw ConfigurationError(message: "\(name) must be a positive number, not \"\(v)\"")
            }
        }
    }

    static func dedupUnitInterval(_ name: String) -> @Sendable (String) throws -> Void {
        { v in
            guard let d = Double(v.trimmingASCIIWhitespace()), (0...1).contains(d) else {
                throw ConfigurationError(message: "\(name) must be a number from 0 to 1, not \"\(v)\"")
            }
        }
    }
}
