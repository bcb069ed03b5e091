import IntakeCore

/// What the SMS adapter is told: which hotline each destination number or extension code belongs to.
public struct SMSConfiguration: Sendable {
    /// Destination (a full port number such as `106901234512319`, or an extension code such as `12319`) to hotline.
    /// Keys hold digits only.
    public var hotlines: [String: String]

    public init(hotlines: [String: String] = [:]) {
        self.hotlines = hotlines
    }

    /// The hotline for a destination: an exact match first, then the longest configured number the destination
    /// starts with (a carrier port followed by further extension digits). nil when nothing matches, so the
    /// gateway's default hotline applies.
    public func hotline(forDestination destination: String?) -> String? {
        guard let destination else { return nil }
        let digits = SMSConfiguration.digits(destination)
        guard !digits.isEmpty else { return nil }
        if let exact = hotlines[digits] { return exact }
        return HotlineMap.longestPrefix(digits, in: hotlines)
    }

    static func digits(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.map(Character.init))
    }

    /// Parses `106901234512319=12319,12319=12319` (commas, spaces or newlines between entries).
    public static func parseHotlines(_ text: String) throws(ChannelConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == ";" }) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIIWhitespace() }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ChannelConfigurationError("\"\(entry)\" is not destination=hotline")
            }
            let key = digits(parts[0])
            guard !key.isEmpty, key.count == parts[0].filter({ $0 != "+" && $0 != "-" }).count else {
                throw ChannelConfigurationError("\"\(parts[0])\" is not a number or extension code")
            }
            result[key] = parts[1]
        }
        return result
    }
}

