@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Hostile sizes reaching the engine (issue 9, rows C1 and C2): the work per report and per comparison is bounded,
/// whatever a public form or a mail carries.
@Suite struct LinearInputTests {
    /// A subject of 562 KiB naming a place at every few characters: what froze every channel's commits for 14.6 s.
    static let hugeSubject = String(repeating: "阳光花园门口积水翻身路", count: 19_000)

    @Test func featuresReadABoundedPartOfTheReport() {
        let f = MatterFeatures(text: "楼下积水", subject: Self.hugeSubject, requestType: .complaint,
                               location: Location(address: String(repeating: "阳光花园3栋", count: 20_000)))
        #expect(f.matchText.unicodeScalars.count <= MatterFeatures.Limits.textCharacters)
        #expect(f.namedPlaces.count <= 2 * MatterFeatures.Limits.namedPlaces + 1)
        #expect((f.address?.count ?? 0) <= MatterFeatures.Limits.addressCharacters)
        // Stored rows written before the limits are read back bounded too.
        let old = MatterFeatures(matchText: MatchText.normalize(Self.hugeSubject), topics: [], requestType: .complaint,
                                 point: nil, address: nil, place: nil)
        #expect(old.matchText.unicodeScalars.count <= MatterFeatures.Limits.textCharacters)
        #expect(old.namedPlaces.count <= MatterFeatures.Limits.namedPlaces)
    }

    @Test func comparingTwoHugeReportsTakesMilliseconds() {
        let a = MatterFeatures(text: Self.hugeSubject, subject: Self.hugeSubject, requestType: .complaint, location: nil)
        let b = MatterFeatures(text: String(repeating: "潭头市场路口漏水牛湖新村", count: 19_000), requestType: .complaint,
                               location: nil)
        let started = Date()
        for _ in 0..<20 { _ = MatterComparison(a, b, nearMeters: 100, farMeters: 1000) }
        // Twenty comparisons; before the bounds one took seconds. A generous bound: this is no benchmark.
        #expect(Date().timeIntervalSince(started) < 5.0)
    }

    @Test func addressTrailersAreStrippedInLinearTime() {
        let address = "阳光花园" + String(repeating: "门口", count: 30_000)
        let started = Date()
        #expect(AddressKey.placeKey(normalized: address) == "阳光花园")
        #expect(AddressKey.normalize(String(repeating: "深圳市南山区", count: 2_000)).count > 0)
        // Generous (a debug build on a loaded machine); before the fix this took over 100 s.
        #expect(Date().timeIntervalSince(started) < 5.0)
    }

    /// Found by the held-out set: an address that normalizes to nothing trapped on the writer thread.
    @Test func addressesOfNothingButPunctuationDoNotTrap() {
        for address in ["", "!", "!!!", "—", "区", " 。"] {
            _ = AddressKey.normalize(address)
            _ = MatterFeatures(text: "路灯坏了", requestType: .complaint, location: Location(address: address))
        }
    }
}

/// L9: the feature cache is bounded in bytes, not only in entries.
@Suite struct FeatureCacheBoundTests {
    @Test func theLargestEntryIsSmallAndTheCacheHasAByteBudget() {
        let huge = MatterFeatures(text: LinearInputTests.hugeSubject, subject: LinearInputTests.hugeSubject, requestType: .complaint,
                                  location: Location(address: LinearInputTests.hugeSubject))
        let size = DedupEngine.footprint(huge)
        #expect(size > 2_000 && size < 64 << 10, "\(size) bytes")
        #expect(DedupEngine.featureCacheBytes <= 32 << 20)
    }
}
