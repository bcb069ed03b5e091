import Foundation
import IntakeCore
import Routing
import Testing

/// The classification table (Fixtures/submissions.tsv): real-sounding submissions with the type, category, urgency
/// and emergency service an intake agent would set, kept apart from the catalogue's own words.
struct ClassificationTable {
    struct Row: Sendable, CustomStringConvertible {
        var type: RequestType
        var category: String
        var urgency: Urgency
        var emergency: String?
        var text: String
        var description: String { text }
    }

    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    static func load(_ name: String = "submissions.tsv") throws -> [Row] {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(f.count == 5, "\(line)")
            return Row(type: try #require(RequestType(rawValue: f[0])), category: f[1], urgency: try #require(Urgency(rawValue: f[2])),
                       emergency: f[3] == "-" ? nil : f[3], text: f[4])
        }
    }
}

@Suite struct ClassificationTableTests {
    /// Received in January (winter: heating rules apply), the month the table was written for.
    static let january = 1

    @Test func tableHasEnoughRowsAndEveryCategoryIsInTheCatalogue() throws {
        let rows = try ClassificationTable.load()
        #expect(rows.count >= 150)
        let catalogue = Catalogue.default
        for row in rows { #expect(catalogue.category(row.category) != nil, "\(row.category) is not a catalogue category") }
    }

    struct Accuracy {
        var type: Double, category: Double, urgency: Double, emergencyRight: Bool
    }

    static func measure(_ name: String) throws -> Accuracy {
        let rows = try ClassificationTable.load(name)
        let classifier = Classifier(catalogue: .default)
        var typeOK = 0, categoryOK = 0, urgencyOK = 0, emergencyOK = 0, allOK = 0
        var misses: [String] = []
        for row in rows {
            let c = classifier.classify(ClassificationInput(text: row.text, month: Self.january))
            let t = c.requestType == row.type, k = c.category == row.category, u = c.urgency == row.urgency
            let e = c.emergency == row.emergency
            typeOK += t ? 1 : 0; categoryOK += k ? 1 : 0; urgencyOK += u ? 1 : 0; emergencyOK += e ? 1 : 0
            if t && k && u && e { allOK += 1 } else {
                misses.append("\(row.text)\n    want \(row.type.rawValue)/\(row.category)/\(row.urgency.rawValue)/\(row.emergency ?? "-")"
                    + " got \(c.requestType.rawValue)/\(c.category)/\(c.urgency.rawValue)/\(c.emergency ?? "-")")
            }
        }
        let n = Double(rows.count)
        func pct(_ x: Int) -> String { String(format: "%.1f%%", Double(x) / n * 100) }
        print("classification table \(name): \(rows.count) rows; type \(pct(typeOK)), category \(pct(categoryOK)), urgency \(pct(urgencyOK)),"
              + " emergency \(pct(emergencyOK)), all four \(pct(allOK))")
        for m in misses { print("  miss: \(m)") }
        return Accuracy(type: Double(typeOK) / n, category: Double(categoryOK) / n, urgency: Double(urgencyOK) / n,
                        emergencyRight: emergencyOK == rows.count)
    }

    /// Floors a little under what the shipped catalogue measures (README gives the figures): a change to the
    /// catalogue that loses ground fails here.
    @Test func accuracyOnTheTable() throws {
        let a = try Self.measure("submissions.tsv")
        #expect(a.type >= 0.85)
        #expect(a.category >= 0.95)
        #expect(a.urgency >= 0.97)
        #expect(a.emergencyRight, "every emergency and only emergencies are flagged")
    }

    /// The held-out table was never used to choose words; its floors are what it measured, rounded down.
    @Test func accuracyOnTheHeldOutTable() throws {
        let a = try Self.measure("heldout.tsv")
        #expect(a.type >= 0.80)
        #expect(a.category >= 0.80)
        #expect(a.urgency >= 0.85)
    }
}
