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
    /// `MatterLexicon` adds a few matters the catalogue does not dispatch by (户籍证件, 公厕, 公共设施) and the words of
    /// every sub-matter.
    public static let all: [MatterTopic] = Catalogue.default.categories.filter(\.dedupTopic).map {
        MatterTopic(id: $0.id, label: $0.label, keywords: $0.keywords)
    } + MatterLexicon.extraTopics.map { MatterTopic(id: $0.id, label: $0.label, keywords: []) }

    /// The topics named in `normalizedText`, by the catalogue's keywords and the lexicon's words.
    public static func topics(inNormalized normalizedText: String) -> Set<MatterTopic> {
        MatterLexicon.read(normalized: normalizedText).topics
    }

    public static func byID(_ id: String) -> MatterTopic? { all.first { $0.id == id } }
}
