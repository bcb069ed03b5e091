import ChannelTesting
import Foundation
import IntakeCore
@testable import Routing
import Testing

@Suite struct CatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Routing")

    /// The binary carries the JSON files as generated Swift; run scripts/generate-embedded.py after editing them.
    @Test(arguments: [("DefaultCatalogue.json", EmbeddedDefaults.catalogue), ("DefaultCalendar.json", EmbeddedDefaults.calendar)])
    func embeddedCopyEqualsTheFile(_ file: String, _ embedded: String) throws {
        let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
        #expect(text == embedded, "Sources/Routing/\(file) changed: run python3 scripts/generate-embedded.py")
    }

    @Test func shippedCatalogueCoversTheDedupTopicsAndCommonMatters() {
        let ids = Set(Catalogue.default.categories.map(\.id))
        for id in ["noise", "fumes", "water", "drain", "power", "streetlight", "manhole", "garbage", "construction", "wages", "heating",
                   "parking", "gas", "trees", "elevator", "animals", "bus", "road", "consumer", "social", "school", "housing", "pollution",
                   "property", "taxi", "health", "food-safety", "public-security", "fire", "medical-emergency", "traffic-accident", "crime"] {
            #expect(ids.contains(id), "\(id)")
        }
        let emergencies = Dictionary(uniqueKeysWithValues: Catalogue.default.categories.compactMap { c in c.emergency.map { (c.id, $0) } })
        #expect(emergencies == ["fire": "119", "medical-emergency": "120", "traffic-accident": "122", "crime": "110"])
        #expect(Catalogue.default.categories.filter(\.dedupTopic).count == 23)
    }

    @Test(arguments: [
        (#"{"categories": []}"#, "categories must be a non-empty array"),
        (#"{"categories": [{"label": "x", "keywords": ["a"]}]}"#, "categories[0].id is required"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a"], "defaultUrgency": "D"}]}"#, "categories[0].defaultUrgency must be A, B or C"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a", 3]}]}"#, "categories[0].keywords[1] must be a non-empty string"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a"], "emergency": "999"}]}"#, "categories[0].emergency must be 110, 119, 120 or 122"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a"]}, {"id": "a", "label": "y", "keywords": ["b"]}]}"#, "categories[1].id a is used twice"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a"]}], "requestTypeRules": [{"type": "gripe", "keywords": ["x"]}]}"#, "requestTypeRules[0].type must be one of"),
        (#"{"categories": [{"id": "a", "label": "x", "keywords": ["a"]}], "urgencyRules": [{"urgency": "A", "reason": "r", "anyOf": ["x"], "months": [13]}]}"#, "urgencyRules[0].months must be"),
    ])
    func aBadCatalogueNamesTheMember(_ text: String, _ message: String) throws {
        let json = try JSON.parse(text)
        #expect(throws: RoutingFileError.self) { try Catalogue(json: json) }
        do { _ = try Catalogue(json: json) } catch { #expect(error.message.hasPrefix(message), "\(error.message)") }
    }
}

@Suite struct KeywordAutomatonTests {
    /// The automaton finds exactly what a naive search finds, on random texts over a small alphabet (many overlaps).
    @Test func findsWhatANaiveSearchFinds() {
        var rng = SeededGenerator(seed: 14)
        let alphabet = Array("水管爆停电气")
        for _ in 0..<200 {
            let words = (0..<8).map { _ in String((0..<Int(rng.next() % 3 + 1)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }) }
            let text = String((0..<40).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let automaton = KeywordAutomaton(words)
            var found: [[Int]] = Array(repeating: [], count: words.count)
            automaton.scan(text, limit: .max) { id, end in found[id].append(end) }
            let chars = Array(text.unicodeScalars)
            for (i, w) in words.enumerated() {
                let wc = Array(w.unicodeScalars)
                var ends: [Int] = []
                if wc.count <= chars.count {
                    for s in 0...(chars.count - wc.count) where Array(chars[s..<(s + wc.count)]) == wc { ends.append(s + wc.count) }
                }
                #expect(found[i] == ends, "\(w) in \(text)")
            }
        }
    }

    /// Every call in the order the automaton makes it, against a naive search over the folded text: occurrences by
    /// end offset, and at one end the longer keyword first, then by id (the order the lexicon's first-named readings
    /// rely on). The words mix scalars of the text with scalars no word holds (passed without a lookup), upper and
    /// lower case, whitespace, a scalar beyond the Basic Multilingual Plane and repeated keywords; every limit.
    @Test func callsInTheOrderOfANaiveSearch() {
        var rng = SeededGenerator(seed: 24)
        let alphabet = Array("水管爆停电AbB 𠀋")
        let outside = Array("了的xZ𠀀")
        func pick(_ from: [Character]) -> Character { from[Int(rng.next() % UInt64(from.count))] }
        for round in 0..<300 {
            var words = (0..<12).map { _ in String((0..<Int(rng.next() % 4 + 1)).map { _ in pick(alphabet) }) }
            words.append(words[Int(rng.next() % 12)])
            let text = String((0..<60).map { _ in rng.next() % 4 == 0 ? pick(outside) : pick(alphabet) })
            let limit = round % 3 == 0 ? .max : Int(rng.next() % 50)
            var calls: [[Int]] = []
            KeywordAutomaton(words).scan(text, limit: limit) { id, end in calls.append([end, id]) }
            let folded = Array(KeywordAutomaton.fold(text).prefix(limit))
            let keys = words.map(KeywordAutomaton.fold)
            var expected: [[Int]] = []
            if !folded.isEmpty {
                for end in 1...folded.count {
                    let ids = keys.indices.filter { i in
                        !keys[i].isEmpty && keys[i].count <= end && Array(folded[(end - keys[i].count)..<end]) == keys[i]
                    }
                    expected += ids.sorted { (keys[$0].count, -$0) > (keys[$1].count, -$1) }.map { [end, $0] }
                }
            }
            #expect(calls == expected, "\(words) in \(text), limit \(limit)")
        }
    }

    @Test func foldsCaseAndSkipsWhitespace() {
        let a = KeywordAutomaton(["KTV", "煤气味"])
        var hits: Set<Int> = []
        a.scan("楼下ktv很吵，煤 气味很重", limit: .max) { id, _ in hits.insert(id) }
        #expect(hits == [0, 1])
    }

    /// Reading is bounded: a word past `Classifier.maxScalars` does not count, and a megabyte of text is read in one
    /// bounded pass.
    @Test func readsOnlyTheBoundedPrefix() {
        let classifier = Classifier(catalogue: .default)
        let filler = String(repeating: "啊", count: Classifier.maxScalars)
        let late = classifier.classify(ClassificationInput(text: filler + "着火了", month: 1))
        #expect(late.emergency == nil)
        let early = classifier.classify(ClassificationInput(text: "着火了" + String(repeating: "水管", count: 500_000), month: 1))
        #expect(early.emergency == "119")
    }
}
