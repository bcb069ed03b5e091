/// Where a submission came in on the hotline's side: the number dialled, the seat group, the SMS port, the mailbox,
/// the WeChat account, the 110 centre. One city number (12345) absorbed many (12319, a utility's 4420000); the
/// entry point says which of them a citizen used, so reports by former hotline keep working.
public struct EntryPoint: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case dnis, seatGroup, sms, email, wechat, police110
    }

    public var kind: Kind
    public var value: String

    public init(_ kind: Kind, _ value: String) {
        self.kind = kind
        self.value = value
    }

    /// `dnis:073122886000`, `sms:106901234512319`, `email:cgj@city.gov.cn`.
    public var description: String { "\(kind.rawValue):\(value)" }
}

/// Entry points to hotlines (`INTAKE_HOTLINES_FILE`): numbers dialled and seat groups for calls, SMS destination
/// numbers and extension codes (longest prefix wins), mailbox addresses, WeChat app ids or account ids, 110 centres.
public struct HotlineMap: Sendable, Equatable {
    public struct Hotline: Sendable, Equatable {
        public var hotline: String
        public var name: String?
        public var entries: [EntryPoint.Kind: [String]]
    }

    public var hotlines: [Hotline]
    /// Exact keys (normalized) -> hotline, per kind; SMS keys also match as prefixes.
    private var exact: [EntryPoint.Kind: [String: String]] = [:]

    public init(hotlines: [Hotline] = []) {
        self.hotlines = hotlines
        for h in hotlines {
            for (kind, values) in h.entries {
                for v in values { exact[kind, default: [:]][Self.key(kind, v)] = h.hotline }
            }
        }
    }

    public static func == (a: HotlineMap, b: HotlineMap) -> Bool { a.hotlines == b.hotlines }

    public var isEmpty: Bool { exact.isEmpty }

    /// Adds SMS destinations (the legacy `INTAKE_SMS_HOTLINES` setting); entries the map already has win.
    public func addingSMS(_ destinations: [String: String]) -> HotlineMap {
        var copy = hotlines
        for (destination, hotline) in destinations.sorted(by: { $0.key < $1.key })
        where exact[.sms]?[Self.key(.sms, destination)] == nil {
            copy.append(Hotline(hotline: hotline, name: nil, entries: [.sms: [destination]]))
        }
        return HotlineMap(hotlines: copy)
    }

    /// The hotline and the entry point that decided it: the first of `points` (in the order the channel gave them)
    /// the map knows.
    public func resolve(_ points: [EntryPoint]) -> (hotline: String, entryPoint: EntryPoint)? {
        for p in points {
            if let h = hotline(for: p) { return (h, p) }
        }
        return nil
    }

    public func hotline(for point: EntryPoint) -> String? {
        guard let table = exact[point.kind] else { return nil }
        let key = Self.key(point.kind, point.value)
        guard !key.isEmpty else { return nil }
        if let h = table[key] { return h }
        guard point.kind == .sms else { return nil }
        return Self.longestPrefix(key, in: table)
    }

    /// The value of the longest key `digits` starts with (an SMS port with an extension code appended).
    public static func longestPrefix(_ digits: String, in table: [String: String]) -> String? {
        var best: (key: String, value: String)?
        for (key, value) in table where digits.hasPrefix(key) && key.count > (best?.key.count ?? 0) { best = (key, value) }
        return best?.value
    }

    /// Numbers compare by their digits; addresses and ids case-insensitively.
    static func key(_ kind: EntryPoint.Kind, _ value: String) -> String {
        switch kind {
        case .dnis, .sms: return String(value.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.map(Character.init))
        case .email: return value.trimmingASCIIWhitespace().lowercased()
        case .seatGroup, .wechat, .police110: return value.trimmingASCIIWhitespace()
        }
    }

    /// Reads `{"hotlines": [{"hotline": "12319", "name": "...", "dnis": [...], "seatGroups": [...], "sms": [...],
    /// "email": [...], "wechatAppIds": [...], "police110": [...]}]}`.
    public init(json: JSON) throws(ChannelConfigurationError) {
        guard let items = json["hotlines"]?.arrayValue else { throw ChannelConfigurationError("hotlines must be an array") }
        let members: [(String, EntryPoint.Kind)] = [("dnis", .dnis), ("seatGroups", .seatGroup), ("sms", .sms), ("email", .email),
                                                   ("wechatAppIds", .wechat), ("police110", .police110)]
        var out: [Hotline] = []
        var seen: [String: String] = [:]
        for (i, item) in items.enumerated() {
            guard let number = item["hotline"]?.scalarText, !number.isEmpty else {
                throw ChannelConfigurationError("hotlines[\(i)].hotline is required")
            }
            var entries: [EntryPoint.Kind: [String]] = [:]
            for (name, kind) in members {
                guard let list = item[name], !list.isNull else { continue }
                guard let values = list.arrayValue?.compactMap(\.scalarText), values.count == list.arrayValue?.count else {
                    throw ChannelConfigurationError("hotlines[\(i)].\(name) must be an array of strings")
                }
                for v in values {
                    let key = "\(kind.rawValue):\(Self.key(kind, v))"
                    guard !Self.key(kind, v).isEmpty else { throw ChannelConfigurationError("hotlines[\(i)].\(name): \"\(v)\" is empty") }
                    if let other = seen[key], other != number {
                        throw ChannelConfigurationError("hotlines[\(i)].\(name): \(v) is already listed for \(other)")
                    }
                    seen[key] = number
                }
                entries[kind] = values
            }
            out.append(Hotline(hotline: number, name: item["name"]?.stringValue, entries: entries))
        }
        self.init(hotlines: out)
    }
}
