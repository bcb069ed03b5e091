import Dedup
import Foundation
import IntakeCore
import Store
import Testing

/// The index keys each line of a set is stored and looked up by (as `DedupEngine` derives them), to tell a missed
/// cluster pair that was never compared from one the rules refused.
struct IndexKeys {
    let identities: [Set<String>]
    let points: [GeoPoint?]
    let cells: [Int64?]
    /// The place keys a report asks (its named places) and those it is indexed by (without any, its words' runs:
    /// `DedupEngine.wordKeys`).
    let places: [Set<String>]
    let indexedPlaces: [Set<String>]
    let bands: [Set<Int64>]
    /// The text bands each report asks (every report; only one without location is indexed by them).
    let askedBands: [Set<Int64>]
    /// The runs of a report's words asked as names (`DedupEngine.namesInWords`), the word keys a report with place
    /// keys asks (`DedupEngine.askedWordKeys`) and the starts of place names every report asks
    /// (`DedupEngine.nameKeysAsked`).
    let words: [Set<String>]
    let clusterMeters: Double

    init(_ lines: [EvaluationSet.Line], _ configuration: DedupConfiguration) {
        let engine = DedupEngine(configuration: configuration)
        let features = lines.map { MatterFeatures($0.submission) }
        let keys = features.map(engine.indexKeys)
        identities = lines.map { Set(CallerIdentity.keys($0.submission.caller)) }
        points = features.map(\.point)
        cells = keys.map(\.cell)
        places = features.map { Set($0.placeKeys) }
        indexedPlaces = keys.map { Set($0.placeKeys) }
        bands = keys.map { Set($0.bands) }
        let hasher = MinHasher()
        askedBands = features.map { Set(hasher.bandKeys($0.shingles)) }
        words = features.map {
            Set(DedupEngine.namesInWords($0) + DedupEngine.nameKeysAsked($0) + ($0.placeKeys.isEmpty ? [] : DedupEngine.askedWordKeys($0)))
        }
        clusterMeters = configuration.clusterDistanceMeters
    }

    /// Whether the later line's decision could find the earlier one by a key they share.
    func shareAKey(later j: Int, earlier i: Int) -> Bool {
        if !identities[j].isDisjoint(with: identities[i]) || !places[j].isDisjoint(with: indexedPlaces[i])
            || !askedBands[j].isDisjoint(with: bands[i]) || !words[j].isDisjoint(with: indexedPlaces[i]) {
            return true
        }
        guard let p = points[j], let cell = cells[i] else { return false }
        return LocationCell.neighbourhood(of: p, meters: clusterMeters).contains(cell)
    }
}

/// The labelled evaluation set (Fixtures/eval.jsonl, written by Fixtures/make_eval.py) run through a real store.
struct EvaluationSet {
    struct Line {
        var id: String
        var submission: Submission
        var at: Date
        var repeatOf: String?
        var cluster: String?
        var kind: String
    }

    /// A set in Fixtures by name (`tuningNames` and `heldOutNames` say which are tuned on and which only measured).
    static func load(_ name: String = "eval") throws -> [Line] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { raw in
            let j = try JSON.parse(String(raw))
            let id = try #require(j["id"]?.stringValue)
            let location: Location? = j["address"] == nil && j["lat"] == nil ? nil
                : Location(address: j["address"]?.stringValue, lat: j["lat"]?.doubleValue, lng: j["lng"]?.doubleValue,
                           crs: CoordinateSystem.parse(j["crs"]?.stringValue))
            let s = Submission(
                channel: Channel(rawValue: try #require(j["channel"]?.stringValue)), channelRef: id,
                caller: Caller(phone: j["phone"]?.stringValue, email: j["email"]?.stringValue, openId: j["openId"]?.stringValue),
                requestType: RequestType.parse(j["requestType"]?.stringValue) ?? .unknown, text: try #require(j["text"]?.stringValue),
                location: location)
            return Line(id: id, submission: s, at: StoreHarness.base + minutes(try #require(j["at"]?.doubleValue)),
                        repeatOf: j["label"]?["repeatOf"]?.stringValue, cluster: j["label"]?["cluster"]?.stringValue,
                        kind: j["kind"]?.stringValue ?? "")
        }
    }

    /// The sets the rules are tuned on, whose mistakes are printed: `eval` and `tuning` (written by the tuners),
    /// `heldout` (held out until 2026-11-30 ~05:20 UTC, Fixtures/HELDOUT.md), `heldout2` and `heldout3` (held out
    /// until 2026-11-30 ~07:00 UTC, HELDOUT2.md, HELDOUT3.md), `heldout4` (held out until ~08:05 UTC the same day,
    /// HELDOUT4.md), `heldout5` and `heldout6` (held out until 2026-11-30 ~09:30 UTC, HELDOUT5.md, HELDOUT6.md; the
    /// rules at 0a5b3a7 then scored repeats 0.986 / 0.944 and 0.982 / 0.862, cluster pairs 0.951 / 0.642 and
    /// 0.972 / 0.500 on them), `heldout7` and `heldout8` (held out until ~09:55 UTC the same day, HELDOUT7.md,
    /// HELDOUT8.md), `heldout9` to `heldout12` (held out until 2026-11-30 ~11:35 UTC, HELDOUT9.md to
    /// HELDOUT12.md), `heldout13` to `heldout15` (held out until 2026-11-30 ~14:20 UTC, HELDOUT13.md to HELDOUT15.md;
    /// repeats 0.978 / 0.906, 0.975 / 0.907, 0.972 / 0.885 and cluster pairs 0.769 / 0.642, 0.786 / 0.557, 0.681 / 0.610
    /// then, rules at ae3d7e1), `heldout16` to `heldout18` (held out until 2026-11-30 ~17:10 UTC, HELDOUT16.md to
    /// HELDOUT18.md; repeats 0.986 / 0.947, 0.968 / 0.929, 1.000 / 0.876 and cluster pairs 0.915 / 0.857, 0.935 / 0.791,
    /// 1.000 / 0.696 then, rules at 084ae52 = ecbcc62), `heldout19` to `heldout21` (held out until 2026-11-30 ~18:35 UTC,
    /// HELDOUT19.md to HELDOUT21.md; repeats 0.953 / 0.895, 0.929 / 0.921, 0.978 / 0.957 and cluster pairs 1.000 / 0.620,
    /// 0.509 / 0.659, 0.850 / 0.442 then, rules at d2130e1), `heldout22` to `heldout24` (held out until 2026-11-30
    /// ~21:30 UTC, HELDOUT22.md to HELDOUT24.md; repeats 1.000 / 0.927, 0.958 / 0.902, 0.988 / 0.988 and cluster pairs
    /// 0.772 / 0.518, 0.940 / 0.485, 0.908 / 0.787 then, rules at 2e7d5e5), `heldout25` to `heldout27` (held out until
    /// 2026-12-01 ~00:15 UTC, HELDOUT25.md to HELDOUT27.md; repeats 0.950 / 0.873, 0.929 / 0.948, 0.963 / 0.938 and cluster
    /// pairs 0.851 / 0.610, 0.689 / 0.639, 0.787 / 0.536 then, rules at 5f74ad8), `heldout28` to `heldout30` (held out
    /// until 2026-12-01 ~03:00 UTC, HELDOUT28.md to HELDOUT30.md, written to HELDOUT-BRIEF.md; repeats 0.967 / 0.770,
    /// 0.971 / 0.841, 0.945 / 0.782 and cluster pairs 0.957 / 0.550, 0.913 / 0.618, 1.000 / 0.720 then, rules at e537f0e),
    /// `heldout31` to `heldout33` (held out until 2026-12-01 ~05:30 UTC, HELDOUT31.md to HELDOUT33.md, written to
    /// HELDOUT-BRIEF.md; repeats 0.991 / 0.957, 0.954 / 0.867, 0.924 / 0.864 and cluster pairs 1.000 / 0.795, 0.961 / 0.771,
    /// 0.946 / 0.427 then, rules at 8f2acdb), `heldout34` to `heldout36` (held out until 2026-12-01 ~08:30 UTC,
    /// HELDOUT34.md to HELDOUT36.md, written to HELDOUT-BRIEF.md; repeats 0.957 / 0.847, 0.975 / 0.922, 0.930 / 0.952 and
    /// cluster pairs 0.989 / 0.690, 0.862 / 0.491, 0.971 / 0.695 then, rules at b242550), `heldout37` to `heldout39` (held
    /// out until 2026-12-02 ~03:20 UTC, HELDOUT37.md to HELDOUT39.md, written to HELDOUT-BRIEF.md; repeats 0.958 / 0.898,
    /// 0.979 / 0.939, 0.974 / 0.883 and cluster pairs 1.000 / 0.703, 0.947 / 0.650, 1.000 / 0.705 then, rules at 4002823),
    /// `heldout40` to `heldout42` (held out until 2026-12-02 ~15:30 UTC, HELDOUT40.md to HELDOUT42.md, written to
    /// HELDOUT-BRIEF.md; repeats 0.991 / 0.836, 0.957 / 0.848, 0.945 / 0.800 and cluster pairs 1.000 / 0.592,
    /// 1.000 / 0.690, 0.943 / 0.537 then, rules at 1e8e606), `heldout43` to `heldout45` (held out until 2026-12-02
    /// ~18:15 UTC, HELDOUT43.md to HELDOUT45.md, written to HELDOUT-BRIEF.md; repeats 0.982 / 0.896, 0.964 / 0.908,
    /// 0.964 / 0.869 and cluster pairs 0.831 / 0.490, 1.000 / 0.688, 1.000 / 0.600 then, rules at ee01bda). A set is added
    /// here only by the decision to tune on it.
    static let tuningNames = ["eval", "tuning", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
                              "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12",
                              "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18",
                              "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24",
                              "heldout25", "heldout26", "heldout27", "heldout28", "heldout29", "heldout30",
                              "heldout31", "heldout32", "heldout33", "heldout34", "heldout35", "heldout36",
                              "heldout37", "heldout38", "heldout39", "heldout40", "heldout41", "heldout42",
                              "heldout43", "heldout44", "heldout45"]

    /// The held-out sets, never tuned on: every `heldoutN.jsonl` in Fixtures that is not a tuning set (heldout9 to
    /// heldout12 from 2026-11-30 ~11:10 to ~11:35 UTC; heldout13 to heldout15 from ~13:40 to ~14:20 UTC; heldout16 to
    /// heldout18 from ~16:10 to ~17:10 UTC; heldout19 to heldout21 from ~18:30 to ~18:35 UTC; heldout22 to heldout24
    /// from ~19:36 to ~21:30 UTC, kept outside the repository; heldout25 to heldout27 from 2026-11-30 ~22:23 to 2026-12-01
    /// ~00:15 UTC, kept outside likewise; heldout40 to heldout42 from 2026-12-02 ~03:35 to ~15:30 UTC, written 03:22-03:28
    /// UTC and committed held out, before any rule was tuned after them, so that a lost machine does not lose them;
    /// heldout43 to heldout45 from 2026-12-02 ~13:40 to ~18:15 UTC, written 13:20-13:38 UTC and committed held out
    /// likewise; heldout46 to heldout48 since ~16:22 UTC, written 16:15-16:21 UTC and committed held out likewise;
    /// heldout49 to heldout51 since ~21:30 UTC, written 21:14-21:20 UTC and committed held out likewise; and later ones
    /// as the maintainers add them). Only their scores and confusion tables are printed.
    static func heldOutNames() -> [String] {
        heldoutFileNames().filter { !tuningNames.contains($0) }
    }

    /// Every `heldoutN.jsonl` (N a number) in Fixtures, by name without the extension, in order of N.
    static func heldoutFileNames() -> [String] {
        guard let eval = Bundle.module.url(forResource: "eval", withExtension: "jsonl", subdirectory: "Fixtures"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: eval.deletingLastPathComponent().path)
        else { return [] }
        let numbered = files.compactMap { file -> (Int, String)? in
            guard file.hasPrefix("heldout"), file.hasSuffix(".jsonl") else { return nil }
            let name = String(file.dropLast(".jsonl".count))
            guard let n = name == "heldout" ? 1 : Int(name.dropFirst("heldout".count)) else { return nil }
            return (n, name)
        }
        return numbered.sorted { $0.0 < $1.0 }.map { $0.1 }
    }

    /// Counts per kind of case. A repeat pointing at the wrong original counts as a wrong original only (it is
    /// both a wrong link and a missed one in precision and recall).
    struct Confusion: Equatable {
        var repeatFound = 0, repeatMissed = 0, repeatWrongOriginal = 0
        var notRepeatKeptApart = 0, notRepeatWronglyMerged = 0
        var clusterPairsFound = 0, clusterPairsMissed = 0, clusterPairsWrong = 0
        /// Of the missed cluster pairs, those whose later report shares no index key with the earlier one (no identity,
        /// no location cell within the cluster distance, no place key, no text band, no place key in its words):
        /// never compared at all. The rest
        /// were candidates the rules refused (or lost to the candidate cap).
        var clusterPairsNeverCandidates = 0
        /// Each later report of an incident that is no labelled repeat (a repeat follows its original), by what became
        /// of it: in a cluster with an earlier report of its incident, sharing an index key with one but not joined, or
        /// sharing no key with any (never compared).
        var laterReportsJoined = 0, laterReportsRefused = 0, laterReportsNeverCompared = 0

        /// The table as printed by the tests and `make bench` (scripts/bench-dedup.sh).
        func table(_ name: String) -> String {
            """
            dedup confusion (\(name)):
              repeats (labelled):      found \(repeatFound), missed \(repeatMissed), wrong original \(repeatWrongOriginal)
              not repeats (labelled):  kept apart \(notRepeatKeptApart), wrongly merged \(notRepeatWronglyMerged)
              cluster pairs:           found \(clusterPairsFound), missed \(clusterPairsMissed), wrong \(clusterPairsWrong)
              missed cluster pairs:    never candidates (no shared key) \(clusterPairsNeverCandidates), \
            candidates refused \(clusterPairsMissed - clusterPairsNeverCandidates)
              later incident reports:  joined \(laterReportsJoined), refused \(laterReportsRefused), \
            never compared \(laterReportsNeverCompared) (labelled repeats left out)
            """
        }
    }

    struct Scores {
        var repeatPrecision: Double
        var repeatRecall: Double
        var clusterPrecision: Double
        var clusterRecall: Double
        var lines: Int
        var confusion: Confusion
        var mistakes: [String]

        /// One line of scores, then the confusion table.
        func summary(_ name: String) -> String {
            String(format: "dedup %@ (%d submissions): repeat precision %.3f recall %.3f; cluster pair precision %.3f recall %.3f",
                   name, lines, repeatPrecision, repeatRecall, clusterPrecision, clusterRecall) + "\n" + confusion.table(name)
        }
    }

    /// Prints a set's scores and its lines in one write: the suite's cases run in parallel, and separate prints of two
    /// sets interleave (a summary could go missing between another set's mistakes).
    static func report(_ summary: String, _ lines: [String]) {
        print(([summary] + lines).joined(separator: "\n"))
    }

    /// What the gateway decided for every line of a run: each outcome, and the store to read the tickets back.
    struct Decisions {
        let harness: StoreHarness
        let outcomes: [String: IntakeOutcome]
    }

    /// Runs every line through a fresh store, in order.
    static func decide(_ lines: [Line], configuration: DedupConfiguration = DedupConfiguration()) throws -> Decisions {
        let h = try StoreHarness(configuration, name: "eval")
        var predicted: [String: IntakeOutcome] = [:]
        for line in lines { predicted[line.id] = try h.submit(line.submission, id: line.id, at: line.at) }
        return Decisions(harness: h, outcomes: predicted)
    }

    /// Runs every line through a fresh store and scores repeats (a hit needs the right original) and cluster pairs.
    static func run(_ lines: [Line], configuration: DedupConfiguration = DedupConfiguration()) throws -> Scores {
        try score(lines, try decide(lines, configuration: configuration), configuration: configuration)
    }

    /// Scores `lines` by the decisions of a run that held them (and possibly others: a crowd).
    static func score(_ lines: [Line], _ decisions: Decisions, configuration: DedupConfiguration = DedupConfiguration()) throws -> Scores {
        let h = decisions.harness, predicted = decisions.outcomes
        var tp = 0, fp = 0, fn = 0
        var confusion = Confusion()
        var mistakes: [String] = []
        for line in lines {
            let p = predicted[line.id]
            let said = p?.status == .repeat ? p?.repeatOf : nil
            switch (line.repeatOf, said) {
            case (let label?, let said?): if label == said { confusion.repeatFound += 1 } else { confusion.repeatWrongOriginal += 1 }
            case (.some, nil): confusion.repeatMissed += 1
            case (nil, .some): confusion.notRepeatWronglyMerged += 1
            case (nil, nil): confusion.notRepeatKeptApart += 1
            }
            if let said, said == line.repeatOf { tp += 1; continue }
            if let said {
                fp += 1
                let reasons = (try? h.ticket(line.id))??.ticket.dedup.reasons ?? []
                mistakes.append("FP \(line.id) (\(line.kind)) repeat of \(said), label \(line.repeatOf ?? "none"): \(reasons.joined(separator: "; "))")
            }
            if let label = line.repeatOf {
                fn += 1
                let reasons = (try? h.ticket(line.id))??.ticket.dedup.reasons ?? []
                mistakes.append("FN \(line.id) should repeat \(label): \(reasons.joined(separator: "; "))")
            }
        }
        // Clusters as pairs of tickets, read back (an earlier ticket joins its cluster when a later one arrives).
        var finalCluster: [String: String] = [:]
        for line in lines { finalCluster[line.id] = (try? h.ticket(line.id))??.ticket.dedup.clusterId }
        var ctp = 0, cfp = 0, cfn = 0
        let keys = IndexKeys(lines, configuration)
        for i in lines.indices {
            for j in lines.indices where j > i {
                let a = lines[i], b = lines[j]
                let said = finalCluster[a.id] != nil && finalCluster[a.id] == finalCluster[b.id]
                let truth = a.cluster != nil && a.cluster == b.cluster
                // The later ticket's reasons say why it joined (or did not join) a cluster.
                let why = { ((try? h.ticket(b.id))??.ticket.dedup.reasons ?? []).joined(separator: "; ") }
                if said && truth { ctp += 1 } else if said { cfp += 1; mistakes.append("cluster FP \(a.id)+\(b.id): \(why())") } else if truth {
                    cfn += 1
                    let never = !keys.shareAKey(later: j, earlier: i)
                    if never { confusion.clusterPairsNeverCandidates += 1 }
                    mistakes.append("cluster FN \(a.id)+\(b.id)\(never ? " (no shared key)" : ""): \(why())")
                }
            }
        }
        var seenIncidents: Set<String> = []
        for j in lines.indices {
            guard let incident = lines[j].cluster else { continue }
            guard seenIncidents.contains(incident) else { seenIncidents.insert(incident); continue }
            guard lines[j].repeatOf == nil else { continue }
            let earlier = lines.indices.filter { $0 < j && lines[$0].cluster == incident }
            if let c = finalCluster[lines[j].id], earlier.contains(where: { finalCluster[lines[$0].id] == c }) {
                confusion.laterReportsJoined += 1
            } else if earlier.contains(where: { keys.shareAKey(later: j, earlier: $0) }) {
                confusion.laterReportsRefused += 1
            } else {
                confusion.laterReportsNeverCompared += 1
            }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
        confusion.clusterPairsFound = ctp
        confusion.clusterPairsMissed = cfn
        confusion.clusterPairsWrong = cfp
        return Scores(repeatPrecision: ratio(tp, tp + fp), repeatRecall: ratio(tp, tp + fn),
                      clusterPrecision: ratio(ctp, ctp + cfp), clusterRecall: ratio(ctp, ctp + cfn), lines: lines.count,
                      confusion: confusion, mistakes: mistakes)
    }
}

@Suite struct EvaluationTests {
    @Test func evaluationSetIsLargeAndCoversEveryKind() throws {
        let lines = try EvaluationSet.load()
        #expect(lines.count >= 200)
        #expect(Set(lines.map(\.submission.channel.rawValue)) == ["web", "sms", "phone", "police110", "miniprogram", "email"])
        #expect(lines.filter { $0.repeatOf != nil }.count >= 40)
        #expect(Set(lines.compactMap(\.cluster)).count >= 8)
        #expect(lines.contains { $0.kind == "same caller, new matter" } && lines.contains { $0.kind == "same place, different matter" })
    }

    /// A missed cluster pair is told apart by why: two reports that share no index key were never compared (a report
    /// with only coordinates and one with only an address), two that share a place's name were compared and refused.
    @Test func missedClusterPairsSayWhetherTheyWereEverCompared() throws {
        func line(_ id: String, _ phone: String, _ text: String, _ location: Location?, _ at: Double) -> EvaluationSet.Line {
            let s = Submission(channel: .phone, channelRef: id, caller: Caller(phone: phone), requestType: .complaint, text: text,
                               location: location)
            return EvaluationSet.Line(id: id, submission: s, at: StoreHarness.base + minutes(at), repeatOf: nil, cluster: "x", kind: "")
        }
        let lines = [
            line("a", "13800000001", "路边大树倒了 挡到路了", Location(lat: 30.5, lng: 114.3, crs: .wgs84), 0),
            line("b", "13800000002", "龙脊天街对面那棵黄葛树吹倒了", Location(address: "龙脊天街"), 5),
        ]
        let apart = try EvaluationSet.run(lines).confusion
        #expect(apart.clusterPairsMissed == 1 && apart.clusterPairsNeverCandidates == 1)
        #expect(apart.laterReportsNeverCompared == 1 && apart.laterReportsRefused == 0 && apart.laterReportsJoined == 0)
        // Same place named, another matter in words the rules read as different: compared and refused.
        let refused = try EvaluationSet.run([
            line("c", "13800000003", "龙脊天街门口的路灯坏了", Location(address: "龙脊天街"), 0),
            line("d", "13800000004", "龙脊天街门口烧烤油烟太大", Location(address: "龙脊天街"), 5),
        ]).confusion
        #expect(refused.clusterPairsMissed == 1 && refused.clusterPairsNeverCandidates == 0)
        #expect(refused.laterReportsRefused == 1 && refused.laterReportsNeverCompared == 0)
    }

    @Test func repeatPrecisionAndRecallMeetTheTargets() throws {
        let lines = try EvaluationSet.load()
        let scores = try EvaluationSet.run(lines)
        EvaluationSet.report(scores.summary("evaluation eval.jsonl"), scores.mistakes.map { "  " + $0 })
        let c = scores.confusion
        #expect(c.repeatFound + c.repeatMissed + c.repeatWrongOriginal == lines.filter { $0.repeatOf != nil }.count)
        #expect(c.notRepeatKeptApart + c.notRepeatWronglyMerged == lines.filter { $0.repeatOf == nil }.count)
        #expect(scores.repeatPrecision >= 0.95)
        #expect(scores.repeatRecall >= 0.90)
        #expect(scores.clusterPrecision >= 0.85)
        #expect(scores.clusterRecall >= 0.75)
    }

    /// The second tuning set (Fixtures/tuning.jsonl, written by Fixtures/make_tuning.py from issue 11's list of hard
    /// cases): the same caller on another matter of one field, neighbouring buildings and crossings, repeats in other
    /// words, without an address, angry and short, incidents with callers who call twice.
    @Test func tuningSetMeetsTheTargets() throws {
        let lines = try EvaluationSet.load("tuning")
        #expect(lines.count >= 200)
        #expect(Set(lines.map(\.submission.channel.rawValue)) == ["web", "sms", "phone", "police110", "miniprogram", "email"])
        let scores = try EvaluationSet.run(lines)
        EvaluationSet.report(scores.summary("tuning tuning.jsonl"), scores.mistakes.map { "  tuning " + $0 })
        #expect(scores.repeatPrecision >= 0.97)
        #expect(scores.repeatRecall >= 0.92)
        #expect(scores.clusterPrecision >= 0.95)
        #expect(scores.clusterRecall >= 0.85)
    }

    /// The former held-out sets, tuned on since they were declared tuning sets (their mistakes are printed like the
    /// other tuning sets'): heldout.jsonl since 2026-11-30 ~05:20 UTC (724471e; the rules then scored repeats
    /// 0.915 / 0.882 and cluster pairs 0.539 / 0.623 on it), heldout2.jsonl and heldout3.jsonl since ~07:00 UTC the
    /// same day (repeats 0.975 / 0.897 and 0.972 / 0.933, cluster pairs 0.682 / 0.556 and 0.885 / 0.821). Each holds
    /// what it reaches (`floors`). heldout4.jsonl since ~08:05 UTC (repeats 0.955 / 0.887, cluster pairs 0.922 /
    /// 0.560 then; HELDOUT4.md; 0.986 / 0.972 and 1.000 / 0.833 after the tuning on it, ab55c64). heldout5.jsonl and
    /// heldout6.jsonl since ~09:30 UTC the same day (HELDOUT5.md, HELDOUT6.md; repeats 0.986 / 0.944 and 0.982 / 0.862,
    /// cluster pairs 0.951 / 0.642 and 0.972 / 0.500 then, rules at 0a5b3a7; 1.000 / 0.986, 1.000 / 0.983 and 1.000 / 0.954,
    /// 1.000 / 1.000 after the tuning on them that morning, heldout3 1.000 / 1.000 and heldout4 1.000 / 0.857 in cluster
    /// pairs). heldout7.jsonl and heldout8.jsonl since ~09:55 UTC (HELDOUT7.md, HELDOUT8.md: written 09:24-09:30 UTC by
    /// isolated writers; repeats 0.963 / 0.975 and 0.971 / 0.850, cluster pairs 0.754 / 0.766 and 0.692 / 0.439 then,
    /// rules at e53b0b7). heldout9.jsonl to heldout12.jsonl since ~11:35 UTC (written 09:33-09:41 and 10:23-10:29 UTC
    /// by isolated writers; repeats 0.972 / 0.775, 0.977 / 0.860, 0.989 / 0.869, 0.975 / 0.767 and cluster pairs
    /// 0.707 / 0.394, 0.971 / 0.280, 0.806 / 0.380, 0.941 / 0.310 then, rules at 6fdd9e1; newer held-out sets were
    /// being written outside the repository when they were declared tuning sets). heldout13.jsonl to heldout15.jsonl
    /// since ~14:20 UTC (written 11:30-11:35 UTC by isolated writers; held out while the rules were tuned from 4792edf
    /// to 6ef3921; scores above at `tuningNames`; heldout16 to heldout18 were being written outside the repository when
    /// they were declared tuning sets). heldout16.jsonl to heldout18.jsonl since ~17:10 UTC (written 14:11-14:19 UTC by
    /// isolated writers; held out while the rules were tuned from ae3d7e1 to 084ae52; scores above at `tuningNames`;
    /// heldout19 to heldout21 were being written outside the repository when they were declared tuning sets).
    /// heldout19.jsonl to heldout21.jsonl since ~18:35 UTC (written 16:42-16:49 UTC by isolated writers; held out while
    /// the rules were tuned from ecbcc62 to d2130e1; scores above at `tuningNames`; no newer held-out set was being
    /// written: the next session commissions new writers before it changes a rule). heldout22.jsonl to heldout24.jsonl
    /// since ~21:30 UTC (written 19:26-19:36 UTC by isolated writers; held out while the rules were tuned from 9c1bd3c to
    /// 2e7d5e5; scores above at `tuningNames`). heldout25.jsonl to heldout27.jsonl since 2026-12-01 ~00:15 UTC (written
    /// 2026-11-30 22:14-22:21 UTC by isolated writers; held out while the rules were tuned from a71402b to 5f74ad8; scores
    /// above at `tuningNames`). heldout28.jsonl to heldout30.jsonl since 2026-12-01 ~03:00 UTC (written 00:44-00:58 UTC
    /// by isolated writers; held out while the rules were tuned from 46fd949 to e537f0e; scores above at `tuningNames`).
    /// heldout31.jsonl to heldout33.jsonl since 2026-12-01 ~05:30 UTC (written 03:29-03:38 UTC by isolated writers; held
    /// out while the rules were tuned from 4462c92 to 8f2acdb; scores above at `tuningNames`). heldout34.jsonl to
    /// heldout36.jsonl since 2026-12-01 ~08:30 UTC (written 06:02-06:12 UTC by isolated writers; held out while the rules
    /// were tuned from d5c10cd to b242550; scores above at `tuningNames`; no newer held-out set is being written: the next
    /// session commissions new writers, to HELDOUT-BRIEF.md, before it changes a rule). heldout37.jsonl to heldout39.jsonl
    /// since 2026-12-02 ~03:20 UTC (written 01:25-01:33 UTC by isolated writers; held out while the rules were tuned from
    /// 9032ce7 to 4002823; scores above at `tuningNames`; the previous session's sets of these numbers were lost with
    /// its machine before they reached the repository). heldout40.jsonl to heldout42.jsonl since 2026-12-02 ~15:30 UTC
    /// (written 03:22-03:28 UTC by isolated writers and committed held out; held out while the rules were tuned from
    /// a4187d6 to 1e8e606; scores above at `tuningNames`). heldout43.jsonl to heldout45.jsonl since ~18:15 UTC (written
    /// 13:20-13:38 UTC by isolated writers and committed held out; held out while the rules were tuned from a4187d6 to
    /// ee01bda; scores above at `tuningNames`).
    @Test(arguments: ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
                      "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15",
                      "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22",
                      "heldout23", "heldout24", "heldout25", "heldout26", "heldout27", "heldout28", "heldout29",
                      "heldout30", "heldout31", "heldout32", "heldout33", "heldout34", "heldout35", "heldout36",
                      "heldout37", "heldout38", "heldout39", "heldout40", "heldout41", "heldout42", "heldout43",
                      "heldout44", "heldout45"])
    func formerHeldOutSetIsATuningSet(_ name: String) throws {
        #expect(EvaluationSet.tuningNames.contains(name))
        let lines = try EvaluationSet.load(name)
        #expect(lines.count >= 300)
        let scores = try EvaluationSet.run(lines)
        EvaluationSet.report(scores.summary("tuning (former held-out) \(name).jsonl"), scores.mistakes.map { "  \(name) " + $0 })
        let floor = try #require(Self.floors[name])
        #expect(scores.repeatPrecision >= floor.repeatPrecision)
        #expect(scores.repeatRecall >= floor.repeatRecall)
        #expect(scores.clusterPrecision >= floor.clusterPrecision)
        #expect(scores.clusterRecall >= floor.clusterRecall)
    }

    /// What each former held-out set reached when it was last tuned on, a little below (a regression fails the test).
    static let floors: [String: (repeatPrecision: Double, repeatRecall: Double, clusterPrecision: Double, clusterRecall: Double)] = [
        "heldout": (0.99, 0.99, 0.99, 0.96),
        "heldout2": (0.99, 0.99, 0.99, 0.99),
        "heldout3": (0.99, 0.99, 0.99, 0.99),
        "heldout4": (0.99, 0.99, 0.99, 0.92),
        "heldout5": (0.99, 0.99, 0.99, 0.98),
        "heldout6": (0.99, 0.99, 0.99, 0.99),
        "heldout7": (0.98, 0.99, 0.99, 0.99),
        "heldout8": (0.99, 0.93, 0.99, 0.93),
        "heldout9": (0.99, 0.98, 0.99, 0.49),
        "heldout10": (0.99, 0.99, 0.99, 0.42),
        "heldout11": (0.99, 0.94, 0.98, 0.49),
        "heldout12": (0.98, 0.93, 0.99, 0.51),
        "heldout13": (0.99, 0.97, 0.99, 0.81),
        "heldout14": (0.99, 0.99, 0.99, 0.79),
        "heldout15": (0.99, 0.94, 0.99, 0.88),
        "heldout16": (0.99, 0.98, 0.99, 0.85),
        "heldout17": (0.99, 0.96, 0.99, 0.80),
        "heldout18": (0.99, 0.95, 0.99, 0.88),
        "heldout19": (0.99, 0.92, 0.99, 0.78),
        "heldout20": (0.99, 0.98, 0.99, 0.75),
        "heldout21": (0.99, 0.96, 0.95, 0.75),
        "heldout22": (0.99, 0.95, 0.81, 0.52),
        "heldout23": (0.99, 0.96, 0.99, 0.73),
        "heldout24": (0.99, 0.98, 0.99, 0.88),
        "heldout25": (0.96, 0.91, 0.97, 0.73),
        "heldout26": (0.96, 0.95, 0.94, 0.69),
        "heldout27": (0.98, 0.94, 0.99, 0.69),
        "heldout28": (0.98, 0.90, 0.99, 0.73),
        "heldout29": (0.98, 0.93, 0.99, 0.69),
        "heldout30": (0.98, 0.90, 0.99, 0.79),
        "heldout31": (0.99, 0.98, 0.99, 0.79),
        "heldout32": (0.98, 0.95, 0.99, 0.86),
        "heldout33": (0.97, 0.90, 0.99, 0.58),
        "heldout34": (0.97, 0.90, 0.98, 0.72),
        "heldout35": (0.97, 0.92, 0.86, 0.59),
        "heldout36": (0.92, 0.95, 0.97, 0.69),
        "heldout37": (0.99, 0.89, 0.99, 0.72),
        "heldout38": (0.99, 0.95, 0.99, 0.68),
        "heldout39": (0.98, 0.90, 0.99, 0.72),
        "heldout40": (0.99, 0.85, 0.99, 0.59),
        "heldout41": (0.95, 0.87, 0.99, 0.69),
        "heldout42": (0.96, 0.83, 0.94, 0.53),
        "heldout43": (0.98, 0.89, 0.83, 0.48),
        "heldout44": (0.96, 0.90, 0.99, 0.68),
        "heldout45": (0.96, 0.86, 0.99, 0.59),
    ]

    /// The held-out sets, measured and never tuned on: every heldoutN.jsonl in Fixtures that is not a tuning set
    /// (heldout9 to heldout12 from ~11:10 to ~11:35 UTC on 2026-11-30; heldout13 to heldout15 from ~13:40 to ~14:20 UTC,
    /// written 11:30-11:35 UTC and kept outside the repository while the rules were tuned; heldout16 to heldout18 from
    /// ~16:10 to ~17:10 UTC, written 14:11-14:19 UTC and kept outside likewise; heldout19 to heldout21 from ~18:30 to
    /// ~18:35 UTC, written 16:42-16:49 UTC and kept outside likewise; heldout22 to heldout24 from ~19:36 to ~21:30 UTC,
    /// written 19:26-19:36 UTC and kept outside likewise; heldout25 to heldout27 from 2026-11-30 ~22:23 to 2026-12-01
    /// ~00:15 UTC, written 22:14-22:21 UTC and kept outside likewise; heldout28 to heldout30 from 2026-12-01 ~00:58 to
    /// ~03:00 UTC, written 00:44-00:58 UTC and kept outside likewise; heldout31 to heldout33 from ~03:38 to ~05:30 UTC,
    /// written 03:29-03:38 UTC and kept outside likewise; heldout34 to heldout36 from ~06:12 to ~08:30 UTC, written
    /// 06:02-06:12 UTC and kept outside likewise; heldout37 to heldout39 from 2026-12-02 ~01:44 to ~03:20 UTC, written
    /// 01:25-01:33 UTC and kept outside likewise; heldout40 to heldout42 from ~03:35 to ~15:30 UTC, written 03:22-03:28 UTC
    /// and committed held out (the previous machine's outside sets were lost with it); heldout43 to heldout45 from
    /// ~13:40 to ~18:15 UTC, written 13:20-13:38 UTC and committed held out likewise; heldout46 to heldout48 since ~16:22 UTC,
    /// written 16:15-16:21 UTC and committed held out likewise; heldout49 to heldout51 since ~21:30 UTC,
    /// written 21:14-21:20 UTC and committed held out likewise; each written by a writer who saw
    /// neither the rules nor the other sets; HELDOUTn.md; later ones as the maintainers add them). Only
    /// their scores and confusion tables are printed (and recorded in BENCHMARKS.md), and the test holds only what
    /// must not regress whatever the rules are. Their individual mistakes print only with
    /// INTAKE_DEDUP_HELDOUT_DETAILS=1: whoever tunes the rules must not read them.
    /// (One test over all of them, not one per set: while none is present there is nothing to skip. Between
    /// 2026-11-30 ~09:30 and ~11:10 UTC none was in the repository: the newer ones were measured outside it while the
    /// rules were tuned.)
    @Test func heldOutSetsAreMeasured() throws {
        let names = EvaluationSet.heldOutNames()
        if names.isEmpty { print("dedup held-out sets: none present in Fixtures") }
        for name in names {
            #expect(!EvaluationSet.tuningNames.contains(name))
            let lines = try EvaluationSet.load(name)
            #expect(lines.count >= 300)
            #expect(lines.filter { $0.repeatOf != nil }.count >= 60)
            let scores = try EvaluationSet.run(lines)
            let details = ProcessInfo.processInfo.environment["INTAKE_DEDUP_HELDOUT_DETAILS"] == "1"
            EvaluationSet.report(scores.summary("held-out \(name).jsonl"), details ? scores.mistakes.map { "  held-out " + $0 }
                : ["  (\(scores.mistakes.count) held-out mistakes not listed; INTAKE_DEDUP_HELDOUT_DETAILS=1 lists them)"])
        }
    }

    /// Every heldoutN.jsonl is either a tuning set, named in `tuningNames`, or held out: a set is tuned on only by
    /// naming it there. Says which sets are held out (heldout5 and heldout6 were from 2026-11-30 ~08:40 UTC, written
    /// that morning by isolated writers, until they became tuning sets at ~09:30 UTC; heldout9 to heldout12 were from
    /// ~11:10 to ~11:35 UTC; heldout13 to heldout15 from ~13:40 to ~14:20 UTC; heldout16 to heldout18 from ~16:10 to
    /// ~17:10 UTC; heldout19 to heldout21 from ~18:30 to ~18:35 UTC; heldout22 to heldout24 from ~19:36 to ~21:30 UTC,
    /// kept outside the repository; heldout25 to heldout27 from 2026-11-30 ~22:23 to 2026-12-01 ~00:15 UTC, kept outside
    /// likewise; heldout28 to heldout30 from 2026-12-01 ~00:58 to ~03:00 UTC, heldout31 to heldout33 from ~03:38 to
    /// ~05:30 UTC, and heldout34 to heldout36 from ~06:12 to ~08:30 UTC, kept outside likewise; heldout37 to heldout39
    /// from 2026-12-02 ~01:44 to ~03:20 UTC, kept outside likewise; heldout40 to heldout42 from ~03:35 to ~15:30 UTC, in
    /// the repository, heldout43 to heldout45 from ~13:40 to ~18:15 UTC and heldout46 to heldout48 since ~16:22 UTC and
    /// heldout49 to heldout51 since ~21:30 UTC likewise;
    /// the held-out list may be empty while newer held-out sets are kept outside the repository).
    @Test func everySetIsEitherTunedOnOrHeldOut() {
        let files = EvaluationSet.heldoutFileNames()
        #expect(files.starts(with: ["heldout", "heldout2", "heldout3"]))
        let heldOut = EvaluationSet.heldOutNames()
        #expect(Set(heldOut).isDisjoint(with: EvaluationSet.tuningNames))
        #expect(Set(heldOut).union(files.filter(EvaluationSet.tuningNames.contains)) == Set(files))
        for tuned in ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
                      "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15",
                      "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22",
                      "heldout23", "heldout24", "heldout25", "heldout26", "heldout27", "heldout28", "heldout29",
                      "heldout30", "heldout31", "heldout32", "heldout33", "heldout34", "heldout35", "heldout36",
                      "heldout37", "heldout38", "heldout39", "heldout40", "heldout41", "heldout42", "heldout43",
                      "heldout44", "heldout45"] {
            #expect(files.contains(tuned) && !heldOut.contains(tuned), "\(tuned) is a tuning set in Fixtures")
        }
        print("dedup sets: tuning " + EvaluationSet.tuningNames.joined(separator: ", ") + "; held out "
            + (heldOut.isEmpty ? "none present" : heldOut.joined(separator: ", ")))
    }
}
