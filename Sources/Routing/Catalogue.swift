import IntakeCore

/// The categories, request-type rules and urgency rules a hotline sorts by: one JSON document (the shipped one is
/// `DefaultCatalogue.json`, replaceable with `INTAKE_CATALOGUE_FILE`; README describes every member).
public struct Catalogue: Sendable {
    public struct Category: Sendable {
        public var id: String
        public var label: String
        /// The category's core words; the dedup engine's topics are these words of the shipped catalogue.
        public var keywords: [String]
        /// Further words and phrasings, for classification only.
        public var synonyms: [String]
        /// Any of these in the text rules the category out (`电梯广告` is not a lift fault).
        public var negativeKeywords: [String]
        public var defaultType: RequestType?
        public var defaultUrgency: Urgency
        public var department: String?
        /// District name (as on the ticket's location, or named in its address) -> unit.
        public var departmentsByDistrict: [(district: String, department: String)]
        /// The emergency service (110, 119, 120, 122) the matter belongs to.
        public var emergency: String?
        /// Whether the dedup engine uses the category's keywords as a matter topic.
        public var dedupTopic: Bool
    }

    /// Words that say what kind of request it is. A strong rule beats the category's default type; a weak one
    /// only decides when the category has none. `atStart` rules match only at the beginning of the text.
    public struct TypeRule: Sendable {
        public var type: RequestType
        public var keywords: [String]
        public var strong: Bool
        public var atStart: Bool
    }

    /// An urgency rule fires when every group has at least one of its words in the text (and, when `months` is
    /// set, the ticket was received in one of those months of the hotline's calendar).
    public struct UrgencyRule: Sendable {
        public var urgency: Urgency
        public var reason: String
        public var allOf: [[String]]
        public var months: Set<Int>?
    }

    public var version: String
    public var categories: [Category]
    public var typeRules: [TypeRule]
    public var urgencyRules: [UrgencyRule]
    /// The category of a text no category matched.
    public var fallback: Category

    /// The shipped catalogue (compiled in; see `DefaultCatalogue.json`).
    public static let `default`: Catalogue = {
        do { return try Catalogue(json: try JSON.parse(EmbeddedDefaults.catalogue)) } catch {
            fatalError("the shipped catalogue does not load: \(error)")  // a test loads it on every run
        }
    }()

    /// The shipped catalogue's JSON text, as `DefaultCatalogue.json` has it.
    public static var shippedText: String { EmbeddedDefaults.catalogue }

    public func category(_ id: String) -> Category? { id == fallback.id ? fallback : categories.first { $0.id == id } }
}

/// A catalogue or calendar file that cannot be used, with the member at fault.
public struct RoutingFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Catalogue {
    /// Reads a catalogue document; every problem names the member (`categories[3].defaultUrgency`).
    public init(json: JSON) throws(RoutingFileError) {
        func strings(_ j: JSON?, _ path: String) throws(RoutingFileError) -> [String] {
            guard let j, !j.isNull else { return [] }
            guard let items = j.arrayValue else { throw RoutingFileError("\(path) must be an array of strings") }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard let s = item.stringValue, !s.isEmpty else { throw RoutingFileError("\(path)[\(i)] must be a non-empty string") }
                out.append(s)
            }
            return out
        }
        func type(_ j: JSON?, _ path: String) throws(RoutingFileError) -> RequestType? {
            guard let raw = j?.stringValue else { return nil }
            guard let t = RequestType(rawValue: raw) else {
                throw RoutingFileError("\(path) must be one of \(RequestType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return t
        }
        func urgency(_ j: JSON?, _ path: String) throws(RoutingFileError) -> Urgency? {
            guard let raw = j?.stringValue else { return nil }
            guard let u = Urgency(rawValue: raw) else { throw RoutingFileError("\(path) must be A, B or C") }
            return u
        }
        func category(_ c: JSON, _ path: String) throws(RoutingFileError) -> Category {
            guard let id = c["id"]?.stringValue, !id.isEmpty else { throw RoutingFileError("\(path).id is required") }
            guard let label = c["label"]?.stringValue, !label.isEmpty else { throw RoutingFileError("\(path).label is required") }
            var byDistrict: [(String, String)] = []
            if let d = c["departmentsByDistrict"], !d.isNull {
                guard let members = d.objectValue else { throw RoutingFileError("\(path).departmentsByDistrict must be an object") }
                for (k, v) in members {
                    guard let unit = v.stringValue else { throw RoutingFileError("\(path).departmentsByDistrict.\(k) must be a string") }
                    byDistrict.append((k, unit))
                }
            }
            let emergency = c["emergency"]?.scalarText
            if let e = emergency, !["110", "119", "120", "122"].contains(e) {
                throw RoutingFileError("\(path).emergency must be 110, 119, 120 or 122")
            }
            return Category(
                id: id, label: label, keywords: try strings(c["keywords"], "\(path).keywords"),
                synonyms: try strings(c["synonyms"], "\(path).synonyms"),
                negativeKeywords: try strings(c["negativeKeywords"], "\(path).negativeKeywords"),
                defaultType: try type(c["defaultType"], "\(path).defaultType"),
                defaultUrgency: try urgency(c["defaultUrgency"], "\(path).defaultUrgency") ?? (emergency == nil ? .C : .A),
                department: c["department"]?.stringValue, departmentsByDistrict: byDistrict, emergency: emergency,
                dedupTopic: c["dedupTopic"]?.boolValue ?? false)
        }

        guard let items = json["categories"]?.arrayValue, !items.isEmpty else {
            throw RoutingFileError("categories must be a non-empty array")
        }
        var categories: [Category] = []
        var seen: Set<String> = []
        for (i, c) in items.enumerated() {
            let cat = try category(c, "categories[\(i)]")
            guard seen.insert(cat.id).inserted else { throw RoutingFileError("categories[\(i)].id \(cat.id) is used twice") }
            guard !cat.keywords.isEmpty || !cat.synonyms.isEmpty else {
                throw RoutingFileError("categories[\(i)] (\(cat.id)) needs keywords or synonyms")
            }
            categories.append(cat)
        }
        var typeRules: [TypeRule] = []
        for (i, r) in (json["requestTypeRules"]?.arrayValue ?? []).enumerated() {
            let path = "requestTypeRules[\(i)]"
            guard let t = try type(r["type"], "\(path).type") else { throw RoutingFileError("\(path).type is required") }
            let words = try strings(r["keywords"], "\(path).keywords")
            guard !words.isEmpty else { throw RoutingFileError("\(path).keywords must not be empty") }
            let strength = r["strength"]?.stringValue ?? "strong"
            guard strength == "strong" || strength == "weak" else { throw RoutingFileError("\(path).strength must be strong or weak") }
            typeRules.append(TypeRule(type: t, keywords: words, strong: strength == "strong", atStart: r["atStart"]?.boolValue ?? false))
        }
        var urgencyRules: [UrgencyRule] = []
        for (i, r) in (json["urgencyRules"]?.arrayValue ?? []).enumerated() {
            let path = "urgencyRules[\(i)]"
            guard let u = try urgency(r["urgency"], "\(path).urgency") else { throw RoutingFileError("\(path).urgency is required") }
            guard let reason = r["reason"]?.stringValue, !reason.isEmpty else { throw RoutingFileError("\(path).reason is required") }
            var groups: [[String]] = []
            if let any = r["anyOf"], !any.isNull { groups.append(try strings(any, "\(path).anyOf")) }
            for (k, g) in (r["allOf"]?.arrayValue ?? []).enumerated() { groups.append(try strings(g, "\(path).allOf[\(k)]")) }
            guard !groups.isEmpty, groups.allSatisfy({ !$0.isEmpty }) else {
                throw RoutingFileError("\(path) needs anyOf or allOf with words in every group")
            }
            var months: Set<Int>?
            if let m = r["months"], !m.isNull {
                let list = (m.arrayValue ?? []).compactMap { $0.intValue.map(Int.init) }
                guard !list.isEmpty, list.allSatisfy({ (1...12).contains($0) }) else {
                    throw RoutingFileError("\(path).months must be an array of month numbers 1 to 12")
                }
                months = Set(list)
            }
            urgencyRules.append(UrgencyRule(urgency: u, reason: reason, allOf: groups, months: months))
        }
        var fallback = Category(id: "other", label: "其他", keywords: [], synonyms: [], negativeKeywords: [], defaultType: nil,
                                defaultUrgency: .C, department: nil, departmentsByDistrict: [], emergency: nil, dedupTopic: false)
        if let f = json["fallback"], !f.isNull {
            fallback.id = f["id"]?.stringValue ?? fallback.id
            fallback.label = f["label"]?.stringValue ?? fallback.label
            fallback.department = f["department"]?.stringValue
            fallback.defaultType = try type(f["defaultType"], "fallback.defaultType")
        }
        self.init(version: json["version"]?.scalarText ?? "1", categories: categories, typeRules: typeRules,
                  urgencyRules: urgencyRules, fallback: fallback)
    }
}
