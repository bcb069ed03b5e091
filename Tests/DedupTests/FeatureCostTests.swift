@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// What feature extraction costs per submission (BENCHMARKS.md, the cost of dedup), over the eval and tuning texts,
/// and that the normalizer's fast path reads them exactly as the general path does.
@Suite struct FeatureCost {
    static func submissions() throws -> [Submission] {
        try (EvaluationSet.load("eval") + EvaluationSet.load("tuning")).map(\.submission)
    }

    @Test func featureExtractionPerSubmission() throws {
        let all = try Self.submissions()
        #expect(all.count > 100)
        let rounds = Int(ProcessInfo.processInfo.environment["INTAKE_FEATURE_BENCH_ROUNDS"] ?? "") ?? 5
        var sink = 0
        // One round first, untimed: the lexicon's automaton and the other tables are built on first use.
        for s in all { sink &+= MatterFeatures(s).shingles.count }
        let clock = ContinuousClock()
        let features = clock.measure {
            for _ in 0..<rounds { for s in all { sink &+= MatterFeatures(s).shingles.count } }
        }
        let normalize = clock.measure {
            for _ in 0..<rounds { for s in all { sink &+= MatchText.normalize(s.text).utf8.count } }
        }
        let texts = all.map { MatchText.normalize($0.text) }
        let lexicon = clock.measure { for _ in 0..<rounds { for t in texts { sink &+= MatterLexicon.read(normalized: t).subMatters.count } } }
        let shingles = clock.measure { for _ in 0..<rounds { for t in texts { sink &+= MatchText.shingles(ofNormalized: t).count } } }
        let places = clock.measure { for _ in 0..<rounds { for t in texts { sink &+= PlaceNames.mentions(inNormalized: t, limit: 16).count } } }
        let structure = clock.measure { for _ in 0..<rounds { for t in texts { sink &+= PlaceStructure.parse(normalized: t).roads.count } } }
        func perSubmission(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e6 / Double(rounds * all.count)
                + Double(d.components.attoseconds) / 1e12 / Double(rounds * all.count)
        }
        print(String(format: "feature extraction: %.1f µs a submission (MatchText.normalize %.1f, MatterLexicon.read %.1f, shingles %.1f, PlaceNames %.1f, PlaceStructure %.1f µs), %d submissions x %d rounds",
                     perSubmission(features), perSubmission(normalize), perSubmission(lexicon), perSubmission(shingles), perSubmission(places),
                     perSubmission(structure), all.count, rounds))
        #expect(sink > 0)
    }

    /// The one-pass path of `MatchText.normalize` gives what numeralsToDigits and the letter filter give.
    @Test func onePassNormalizeMatchesTheGeneralPath() throws {
        let samples = try Self.submissions().map(\.text) + [
            "一百零八号楼", "二〇二六年三月", "一二三四五六七八九零一", "十二三十个", "两千五百块，ABC第二次！", "〇〇七", "千百十",
            "三\u{0301}楼", "楼\u{302A}二", "123一二三", "",
        ]
        var fast = 0
        for raw in samples {
            let t = TextNormalizer.normalize(raw).lowercased()
            let general = MatchText.lettersAndNumbers(MatchText.numeralsToDigitsByCharacter(t))
            if let byScalar = MatchText.numeralsToDigitsCommon(t) {
                #expect(byScalar == MatchText.numeralsToDigitsByCharacter(t), "\(raw)")
            }
            if let onePass = MatchText.digitsAndLettersCommon(t) {
                fast += 1
                #expect(onePass == general, "\(raw)")
            }
        }
        #expect(MatchText.digitsAndLettersCommon("三\u{0301}楼") == nil)
        #expect(MatchText.numeralsToDigitsCommon("三\u{0301}楼") == nil)
        #expect(fast >= samples.count - 3)
    }

    /// One pass over the needles finds what one search per needle finds.
    @Test func needleSetFindsWhatEachSearchFinds() throws {
        let texts = try Self.submissions().flatMap { [MatchText.normalize($0.text), TextNormalizer.normalize($0.text)] }
            + ["", "催", "a", "就我家就我们家", "第2次还没"]
        let sets = [MatterFeatures.markers, MatchText.fillerSet, NeedleSet([[0x61], Array("ab".utf8), Array("还没".utf8)])]
        var hits = 0
        for set in sets {
            for t in texts {
                let bytes = Array(t.utf8)
                let found = set.occurrences(in: bytes)
                #expect(found == set.needles.map { TextSearch.contains(bytes, $0) }, "\(t)")
                hits += found.filter { $0 }.count
            }
        }
        #expect(hits > 100)
    }

    /// Shingles read by scalar give what filtering characters gives.
    @Test func contentScalarsMatchTheCharacterFilter() throws {
        let texts = try Self.submissions().map { MatchText.normalize($0.text) } + ["", "1", "我的", "a1b", "三\u{0301}楼"]
        var fast = 0
        for t in texts {
            let general = t.filter { !MatchText.stopCharacters.contains($0) }.unicodeScalars.map { UInt64($0.value) }
            if let scalars = MatchText.contentScalarsCommon(t) {
                fast += 1
                #expect(scalars == general, "\(t)")
            }
        }
        #expect(MatchText.contentScalarsCommon("三\u{0301}楼") == nil)
        #expect(fast >= texts.count - 1)
    }

    /// A scalar bitmap answers `contains` as the set it was built from, for every scalar (the plane beyond the bitmap
    /// included), and the matching's sets hold what they held as `Set<UInt32>`.
    @Test func scalarSetAnswersAsItsSet() {
        let values: Set<UInt32> = Set("路街巷0a。".unicodeScalars.map(\.value)).union([0, 63, 64, 0xFFFF, 0x10000, 0x20000, 0x2A6D6])
        let set = ScalarSet(values)
        var agree = 0
        for v in UInt32(0)...0x10FFFF where (0xD800...0xDFFF).contains(v) == false {
            if set.contains(v) == values.contains(v) { agree += 1 } else { Issue.record("scalar \(v)") }
        }
        #expect(agree == 0x110000 - 0x800)
        #expect(set.values == values)
        #expect(set.contains(Unicode.Scalar(0x20000)!) && !set.contains(Unicode.Scalar(0x20001)!))
        #expect(EarlierContact.firstScalars.contains("上".unicodeScalars.first!.value))
        #expect(!EarlierContact.firstScalars.contains("龘".unicodeScalars.first!.value))
        #expect(PlaceStructure.nameStops.contains("路".unicodeScalars.first!.value) && !PlaceStructure.nameStops.contains("城".unicodeScalars.first!.value))
    }

    /// A decision's remembered comparison is the comparison made afresh, per candidate and distances, and a subject
    /// whose features changed compares anew (the memo is keyed by both features). The comparison asked at one place
    /// is the comparison made afresh when that one relates the two as one place, and none otherwise; made there first,
    /// it is the one the decision's later `comparison` gives (kept, as the member check asks it after the loop).
    @Test func rememberedComparisonsAreTheComparisons() throws {
        let features = try Self.submissions().prefix(40).map(MatterFeatures.init)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        func candidate(_ f: MatterFeatures, _ i: Int) -> DedupCandidate {
            DedupCandidate(ticketId: "t\(i)", receiptNo: nil, receivedAt: at, channel: .web, identities: [], features: f, rootTicketId: "t\(i)",
                           rootReceiptNo: nil, rootReceivedAt: at, rootOpen: true, rootClusterId: nil, clusterId: nil)
        }
        let candidates = features.enumerated().map { candidate($1, $0) }
        var s = DedupSubject(features: features[0], channel: .web, receivedAt: at, identities: [], linkedIdentities: [])
        var atOnePlace = 0, elsewhere = 0
        for cand in candidates {
            for (near, far) in [(300.0, 2000.0), (50.0, 500.0)] {
                let fresh = MatterComparison(s.features, cand.features, nearMeters: near, farMeters: far)
                let expected = fresh.place.isSame ? fresh.reasons : nil
                if fresh.place.isSame { atOnePlace += 1 } else { elsewhere += 1 }
                #expect(s.comparisonAtOnePlace(with: cand, nearMeters: near, farMeters: far)?.reasons == expected)
                let first = s.comparison(with: cand, nearMeters: near, farMeters: far)
                let again = s.comparisonAtOnePlace(with: cand, nearMeters: near, farMeters: far)
                #expect(first.reasons == fresh.reasons && again?.reasons == expected)
                #expect(again.map { $0.score == fresh.score } ?? true)
            }
        }
        #expect(atOnePlace > 0 && elsewhere > 0)
        s.features = features[1]
        let other = MatterComparison(features[1], candidates[0].features, nearMeters: 300, farMeters: 2000)
        #expect(s.comparison(with: candidates[0], nearMeters: 300, farMeters: 2000).reasons == other.reasons)
        #expect(other.reasons != MatterComparison(features[0], candidates[0].features, nearMeters: 300, farMeters: 2000).reasons)
    }
}
