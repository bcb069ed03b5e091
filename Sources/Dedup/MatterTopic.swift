import Routing

/// A coarse matter category recognised from keywords, in the classes 12345 centres dispatch by.
///
/// Character n-grams miss paraphrase ("水管爆了" / "自来水管破裂冒水"); a shared topic catches it, and two different
/// topics ("噪音" / "垃圾") say the same caller has a new matter. A text can have several topics or none.
public struct MatterTopic: Sendable, Hashable, Comparable {
    public let id: String
    /// The Chinese name shown in reasons.
    public let label: String
    let keywords: [String]

    public static func < (a: MatterTopic, b: MatterTopic) -> Bool { a.id < b.id }
    public static func == (a: MatterTopic, b: MatterTopic) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }

    /// The shipped catalogue's categories marked `dedupTopic`, with their core keywords (not their synonyms): the
    /// routing catalogue and the dedup engine share one list of matters. Keywords are matched against
    /// `MatchText.normalize`d text (digits, no punctuation, no fillers). A catalogue set with INTAKE_CATALOGUE_FILE
    /// sorts tickets; the dedup topics stay the shipped ones, so stored topic ids keep their meaning.
    public static let all: [MatterTopic] = Catalogue.default.categories.filter(\.dedupTopic).map {
        MatterTopic(id: $0.id, label: $0.label, keywords: $0.keywords)
    }

    /// The topics whose keywords occur in `normalizedText`.
    public static func topics(inNormalized normalizedText: String) -> Set<MatterTopic> {
        var found: Set<MatterTopic> = []
        let text = Array(normalizedText.utf8)
        for (topic, keywords) in keywordBytes where keywords.contains(where: { TextSearch.contains(text, $0) }) { found.insert(topic) }
        return found
    }

    static let keywordBytes: [(MatterTopic, [[UInt8]])] = all.map { ($0, $0.keywords.map { Array($0.utf8) }) }

    public static func byID(_ id: String) -> MatterTopic? { all.first { $0.id == id } }
}
