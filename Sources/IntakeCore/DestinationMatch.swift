/// Which tickets a destination takes (`match` in INTAKE_DESTINATIONS_FILE): every key given must accept, a list
/// accepts any of its values, a key not given accepts everything.
public struct DestinationMatch: Sendable, Equatable {
    public var hotline: [String]?
    public var channel: [String]?
    /// Catalogue category ids (`routing.category`).
    public var category: [String]?
    /// Department hints (`routing.department`).
    public var department: [String]?
    /// `A`, `B`, `C` (the routed urgency, else what the channel said).
    public var urgency: [String]?
    /// Whether the ticket was settled on the call (直办).
    public var settledAtIntake: Bool?

    public init(hotline: [String]? = nil, channel: [String]? = nil, category: [String]? = nil, department: [String]? = nil,
                urgency: [String]? = nil, settledAtIntake: Bool? = nil) {
        self.hotline = hotline
        self.channel = channel
        self.category = category
        self.department = department
        self.urgency = urgency
        self.settledAtIntake = settledAtIntake
    }

    static let keys: Set<String> = ["hotline", "channel", "category", "department", "urgency", "settledAtIntake"]

    /// Reads a `match` object; the error names the key at fault.
    public init(json: JSON) throws(ChannelConfigurationError) {
        guard let members = json.objectValue else { throw ChannelConfigurationError("match must be an object") }
        for (key, _) in members where !Self.keys.contains(key) {
            throw ChannelConfigurationError("match.\(key) is not a known key (one of \(Self.keys.sorted().joined(separator: ", ")))")
        }
        func list(_ key: String) throws(ChannelConfigurationError) -> [String]? {
            guard let value = json[key] else { return nil }
            if let one = value.stringValue { return [one] }
            guard let items = value.arrayValue, !items.isEmpty else {
                throw ChannelConfigurationError("match.\(key) must be a non-empty list of strings")
            }
            var out: [String] = []
            for item in items {
                guard let s = item.scalarText else { throw ChannelConfigurationError("match.\(key) must be a list of strings") }
                out.append(s)
            }
            return out
        }
        hotline = try list("hotline")
        channel = try list("channel")
        category = try list("category")
        department = try list("department")
        urgency = try list("urgency")
        if let u = urgency, let bad = u.first(where: { Urgency(rawValue: $0) == nil }) {
            throw ChannelConfigurationError("match.urgency: \(bad) is not A, B or C")
        }
        if let s = json["settledAtIntake"] {
            guard let b = s.boolValue else { throw ChannelConfigurationError("match.settledAtIntake must be true or false") }
            settledAtIntake = b
        }
    }

    public func accepts(_ ticket: Ticket) -> Bool {
        func ok(_ allowed: [String]?, _ value: String?) -> Bool {
            guard let allowed else { return true }
            guard let value else { return false }
            return allowed.contains(value)
        }
        return ok(hotline, ticket.hotline) && ok(channel, ticket.channel.rawValue) && ok(category, ticket.routing?.category)
            && ok(department, ticket.routing?.department) && ok(urgency, (ticket.routing?.urgency ?? ticket.urgency)?.rawValue)
            && (settledAtIntake.map { $0 == ticket.settledAtIntake } ?? true)
    }
}

extension Ticket {
    /// Settled on the call by the operator (直办): the intake record says `resolution.settled`.
    public var settledAtIntake: Bool { channelData?["resolution"]?["settled"]?.boolValue ?? false }
}

/// `resolution: {settled: true, answer: "..."}` on a call record or a 110 transfer: the operator answered the matter
/// on the call (直办). Kept as `channelData.resolution`; the ticket is stored closed with the answer.
public enum IntakeResolution {
    public static let maxAnswerCharacters = 4000

    /// The `channelData.resolution` member for a record's `resolution` (nil: none given).
    public static func channelData(_ value: JSON?, field: String = "resolution") throws(IntakeError) -> JSON? {
        guard let value, !value.isNull else { return nil }
        guard value.objectValue != nil else { throw .invalid(field, "\(field) must be an object {settled, answer}.") }
        guard let settled = value["settled"]?.boolValue else { throw .invalid(field + ".settled", "\(field).settled must be true or false.") }
        let answer = value["answer"]?.stringValue.map { TextCleaner.clean($0, keepingLines: true) } ?? ""
        if settled && answer.isEmpty {
            throw .invalid(field + ".answer", "\(field).answer is required when the matter was settled on the call: it is what the caller was told.")
        }
        guard answer.count <= maxAnswerCharacters else {
            throw .invalid(field + ".answer", "\(field).answer must be at most \(maxAnswerCharacters) characters.")
        }
        return .compactObject([("settled", .bool(settled)), ("answer", answer.isEmpty ? .null : .string(answer))])
    }
}
