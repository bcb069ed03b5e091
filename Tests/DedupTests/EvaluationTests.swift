import Dedup
import Foundation
import IntakeCore
import Store
import Testing

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

    /// `eval`, `tuning` and `heldout` are sets the rules were tuned on (`heldout` since 2026-11-30, Fixtures/HELDOUT.md);
    /// `heldout2` and later ones were written by people who had not read the rules and are only measured.
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

    /// The held-out sets in Fixtures, never tuned on: heldout2, heldout3, ... while the files exist (heldout.jsonl,
    /// the first one, is a tuning set since 2026-11-30).
    static func heldOutNames() -> [String] {
        var names: [String] = []
        for n in 2...9 {
            let name = "heldout\(n)"
            guard Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "Fixtures") != nil else { break }
            names.append(name)
        }
        return names
    }

    /// Counts per kind of case. A repeat pointing at the wrong original counts as a wrong original only (it is
    /// both a wrong link and a missed one in precision and recall).
    struct Confusion: Equatable {
        var repeatFound = 0, repeatMissed = 0, repeatWrongOriginal = 0
        var notRepeatKeptApart = 0, notRepeatWronglyMerged = 0
        var clusterPairsFound = 0, clusterPairsMissed = 0, clusterPairsWrong = 0

        /// The table as printed by the tests and `make bench` (scripts/bench-dedup.sh).
        func table(_ name: String) -> String {
            """
            dedup confusion (\(name)):
              repeats (labelled):      found \(repeatFound), missed \(repeatMissed), wrong original \(repeatWrongOriginal)
              not repeats (labelled):  kept apart \(notRepeatKeptApart), wrongly merged \(notRepeatWronglyMerged)
              cluster pairs:           found \(clusterPairsFound), missed \(clusterPairsMissed), wrong \(clusterPairsWrong)
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

    /// Runs every line through a fresh store and scores repeats (a hit needs the right original) and cluster pairs.
    static func run(_ lines: [Line], configuration: DedupConfiguration = DedupConfiguration()) throws -> Scores {
        let h = try StoreHarness(configuration, name: "eval")
        var predicted: [String: IntakeOutcome] = [:]
        for line in lines { predicted[line.id] = try h.submit(line.submission, id: line.id, at: line.at) }
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
        for i in lines.indices {
            for j in lines.indices where j > i {
                let a = lines[i], b = lines[j]
                let said = finalCluster[a.id] != nil && finalCluster[a.id] == finalCluster[b.id]
                let truth = a.cluster != nil && a.cluster == b.cluster
                // The later ticket's reasons say why it joined (or did not join) a cluster.
                let why = { ((try? h.ticket(b.id))??.ticket.dedup.reasons ?? []).joined(separator: "; ") }
                if said && truth { ctp += 1 } else if said { cfp += 1; mistakes.append("cluster FP \(a.id)+\(b.id): \(why())") } else if truth {
                    cfn += 1
                    mistakes.append("cluster FN \(a.id)+\(b.id): \(why())")
                }
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

    @Test func repeatPrecisionAndRecallMeetTheTargets() throws {
        let lines = try EvaluationSet.load()
        let scores = try EvaluationSet.run(lines)
        print(scores.summary("evaluation eval.jsonl"))
        for m in scores.mistakes { print("  " + m) }
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
        print(scores.summary("tuning tuning.jsonl"))
        for m in scores.mistakes { print("  tuning " + m) }
        #expect(scores.repeatPrecision >= 0.97)
        #expect(scores.repeatRecall >= 0.92)
        #expect(scores.clusterPrecision >= 0.95)
        #expect(scores.clusterRecall >= 0.85)
    }

    /// The first held-out set (Fixtures/heldout.jsonl, HELDOUT.md) became a tuning set on 2026-11-30 (from the commit
    /// after be04869, when the rules scored repeats 0.915 / 0.882 and cluster pairs 0.539 / 0.623 on it): the rules
    /// are tuned on it now, so its mistakes are printed like the other tuning sets'. It holds what it reaches.
    @Test func formerHeldOutSetIsATuningSet() throws {
        let lines = try EvaluationSet.load("heldout")
        #expect(lines.count >= 300)
        let scores = try EvaluationSet.run(lines)
        print(scores.summary("tuning (former held-out) heldout.jsonl"))
        for m in scores.mistakes { print("  heldout " + m) }
        #expect(scores.repeatPrecision >= Self.heldoutFloor.repeatPrecision)
        #expect(scores.repeatRecall >= Self.heldoutFloor.repeatRecall)
        #expect(scores.clusterPrecision >= Self.heldoutFloor.clusterPrecision)
        #expect(scores.clusterRecall >= Self.heldoutFloor.clusterRecall)
    }

    /// What heldout.jsonl reached when it was last tuned on, a little below (a regression fails the test).
    static let heldoutFloor = (repeatPrecision: 0.98, repeatRecall: 0.97, clusterPrecision: 0.97, clusterRecall: 0.93)

    /// The held-out sets still measured and never tuned on: heldout2.jsonl (written by a second writer who saw neither
    /// the rules nor the other sets, Fixtures/HELDOUT2.md) and every further heldoutN.jsonl in Fixtures. Only their
    /// scores and confusion tables are printed (and recorded in BENCHMARKS.md), and the test holds only what must not
    /// regress whatever the rules are. Their individual mistakes print only with INTAKE_DEDUP_HELDOUT_DETAILS=1:
    /// whoever tunes the rules must not read them.
    @Test(arguments: EvaluationSet.heldOutNames())
    func heldOutSetIsMeasured(_ name: String) throws {
        let lines = try EvaluationSet.load(name)
        #expect(lines.count >= 300)
        #expect(lines.filter { $0.repeatOf != nil }.count >= 70)
        let scores = try EvaluationSet.run(lines)
        print(scores.summary("held-out \(name).jsonl"))
        if ProcessInfo.processInfo.environment["INTAKE_DEDUP_HELDOUT_DETAILS"] == "1" {
            for m in scores.mistakes { print("  held-out " + m) }
        } else {
            print("  (\(scores.mistakes.count) held-out mistakes not listed; INTAKE_DEDUP_HELDOUT_DETAILS=1 lists them)")
        }
    }

    @Test func thereIsAHeldOutSet() {
        #expect(EvaluationSet.heldOutNames().first == "heldout2")
    }
}
