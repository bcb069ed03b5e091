import IntakeCore

/// What the classifier made of one submission, before the deadline is set.
public struct Classification: Sendable, Equatable {
    public var requestType: RequestType
    public var category: String
    public var categoryLabel: String
    public var department: String?
    public var urgency: Urgency
    public var emergency: String?
    public var reasons: [String]
}

/// What the classifier reads of a submission. A channel's explicit type and urgency win over the rules.
public struct ClassificationInput: Sendable {
    public var text: String
    public var subject: String?
    public var district: String?
    public var address: String?
    /// The request type the channel stated (`unknown` when it said nothing).
    public var channelType: RequestType
    /// The urgency the channel stated (a 110 transfer's class, an agent's selection).
    public var channelUrgency: Urgency?
    /// The category a person chose (catalogue id or label).
    public var channelCategory: String?
    /// The month (1...12) of receipt on the hotline's calendar, for seasonal rules.
    public var month: Int

    public init(text: String, subject: String? = nil, district: String? = nil, address: String? = nil,
                channelType: RequestType = .unknown, channelUrgency: Urgency? = nil, channelCategory: String? = nil, month: Int) {
        self.channelCategory = channelCategory
        self.text = text
        self.subject = subject
        self.district = district
        self.address = address
        self.channelType = channelType
        self.channelUrgency = channelUrgency
        self.month = month
    }
}

/// Request type, category, urgency, emergency flag and department hint from a catalogue, with the rule behind each.
///
/// One automaton holds every word of the catalogue; a submission is read once, and only its first
/// `maxScalars` characters (subject first): the words that sort a matter are at its start, and the cost of
/// classification stays bounded whatever a channel sends.
public struct Classifier: Sendable {
    /// Characters of subject and text read (after whitespace is dropped).
    public static let maxScalars = 4096

    enum Word: Sendable {
        case category(Int), negative(Int), type(Int), urgency(rule: Int, group: Int)
    }

    public let catalogue: Catalogue
    let automaton: KeywordAutomaton
    /// Automaton keyword id -> what it stands for and the word itself.
    let words: [(Word, String)]

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        var words: [(Word, String)] = []
        for (i, c) in catalogue.categories.enumerated() {
            for w in c.keywords + c.synonyms { words.append((.category(i), w)) }
            for w in c.negativeKeywords { words.append((.negative(i), w)) }
        }
        for (i, r) in catalogue.typeRules.enumerated() { for w in r.keywords { words.append((.type(i), w)) } }
        for (i, r) in catalogue.urgencyRules.enumerated() {
            for (g, group) in r.allOf.enumerated() { for w in group { words.append((.urgency(rule: i, group: g), w)) } }
        }
        self.words = words
        self.automaton = KeywordAutomaton(words.map(\.1))
    }

    public func classify(_ input: ClassificationInput) -> Classification {
        let text = [input.subject, input.text].compactMap { $0 }.joined(separator: " ")
        let cats = catalogue.categories
        var categoryWords = Array(repeating: Set<String>(), count: cats.count)
        var excluded = Set<Int>()
        var typeHits: [Int: String] = [:]
        var urgencyHits: [Int: [Int: String]] = [:]
        automaton.scan(text, limit: Self.maxScalars) { id, end in
            let (kind, word) = words[id]
            switch kind {
            case .category(let c): categoryWords[c].insert(word)
            case .negative(let c): excluded.insert(c)
            case .type(let r):
                let rule = catalogue.typeRules[r]
                if rule.atStart && end != automaton.lengths[id] { return }
                if typeHits[r] == nil { typeHits[r] = word }
            case .urgency(let r, let g):
                if urgencyHits[r, default: [:]][g] == nil { urgencyHits[r, default: [:]][g] = word }
            }
        }
        var reasons: [String] = []

        // Category: the most matched characters of distinct words; the catalogue's order breaks ties.
        var best: (index: Int, score: Int)?
        for i in cats.indices where !excluded.contains(i) && !categoryWords[i].isEmpty {
            let score = categoryWords[i].reduce(0) { $0 + KeywordAutomaton.fold($1).count }
            if best == nil || score > best!.score { best = (i, score) }
        }
        let category: Catalogue.Category
        let fallback = catalogue.fallback
        let chosen = input.channelCategory.flatMap { c in
            cats.first { $0.id == c || $0.label == c } ?? (c == fallback.id || c == fallback.label ? fallback : nil)
        }
        if let chosen {
            category = chosen
            reasons.append("category \(chosen.id) (\(chosen.label)): given by the channel")
            if let best, cats[best.index].id != chosen.id {
                reasons.append("the rules said \(cats[best.index].id)")
            }
        } else if let best {
            category = cats[best.index]
            reasons.append("category \(category.id) (\(category.label)): " + categoryWords[best.index].sorted().joined(separator: ", "))
        } else {
            category = catalogue.fallback
            reasons.append("category \(category.id): no catalogue words found")
        }
        if let given = input.channelCategory, chosen == nil {
            reasons.append("the channel's category \"\(given)\" is not in the catalogue")
        }
        for i in excluded.sorted() where !categoryWords[i].isEmpty {
            reasons.append("not \(cats[i].id): a negative keyword is present")
        }

        // Request type: the channel's, else a strong rule, else the category's default, else a weak rule.
        let type: RequestType
        let firstRule = { (strong: Bool) -> (Int, String)? in
            catalogue.typeRules.indices.lazy.filter { catalogue.typeRules[$0].strong == strong }
                .compactMap { r in typeHits[r].map { (r, $0) } }.first
        }
        if input.channelType != .unknown {
            type = input.channelType
            reasons.append("type \(type.rawValue): given by the channel")
        } else if let (r, word) = firstRule(true) {
            type = catalogue.typeRules[r].type
            reasons.append("type \(type.rawValue): \"\(word)\"")
        } else if let t = category.defaultType {
            type = t
            reasons.append("type \(t.rawValue): default of \(category.id)")
        } else if let (r, word) = firstRule(false) {
            type = catalogue.typeRules[r].type
            reasons.append("type \(type.rawValue): \"\(word)\"")
        } else {
            type = .unknown
            reasons.append("type unknown: no rule matched")
        }

        // Urgency: an emergency is A; else the most urgent rule that fired or the category's default.
        var urgency = category.defaultUrgency
        var urgencyReason = "urgency \(urgency.rawValue): default of \(category.id)"
        if let e = category.emergency {
            urgency = .A
            urgencyReason = "urgency A: emergency, belongs to \(e)"
        }
        for (r, rule) in catalogue.urgencyRules.enumerated() where rule.urgency < urgency {
            guard let hits = urgencyHits[r], hits.count == rule.allOf.count else { continue }
            if let months = rule.months, !months.contains(input.month) { continue }
            urgency = rule.urgency
            urgencyReason = "urgency \(rule.urgency.rawValue): \(rule.reason) (" + hits.keys.sorted().compactMap { hits[$0] }.joined(separator: " + ") + ")"
        }
        if let given = input.channelUrgency {
            if given != urgency { reasons.append("the rules said \(urgency.rawValue): \(urgencyReason)") }
            urgency = given
            urgencyReason = "urgency \(given.rawValue): given by the channel"
        }
        reasons.append(urgencyReason)
        if let e = category.emergency { reasons.append("emergency: call \(e)") }

        // Department hint: per district when the catalogue says so.
        var department = category.department
        if !category.departmentsByDistrict.isEmpty {
            let address = String((input.address ?? "").prefix(200))
            let district = input.district.flatMap { d in category.departmentsByDistrict.first { $0.district == d } }
                ?? category.departmentsByDistrict.first { address.contains($0.district) }
            if let district {
                department = district.department
                reasons.append("department for \(district.district): \(district.department)")
            }
        }
        return Classification(requestType: type, category: category.id, categoryLabel: category.label, department: department,
                              urgency: urgency, emergency: category.emergency, reasons: reasons)
    }
}
