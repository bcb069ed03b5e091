@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Faults in reading places that are no set's vocabulary.
@Suite struct PlaceReadingTests {
    static func names(_ s: String) -> Set<String> { PlaceNames.mentions(inNormalized: MatchText.normalize(s)) }
    static func features(_ text: String, address: String? = nil) -> MatterFeatures {
        MatterFeatures(text: text, requestType: .complaint, location: address.map { Location(address: $0, lat: nil, lng: nil, crs: .wgs84) })
    }
    static func same(_ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        MatterComparison(a, b, nearMeters: 300, farMeters: 1500).place.isSame
    }

    /// `前` before a road's word is the road's (`站前路`: the road in front of the station), and `前进` opens one; in front
    /// of a door (`门前路面`) or a plain `往前` it is no name.
    @Test func frontIsPartOfARoadsName() {
        #expect(Self.names("东风路和站前路交叉口的信号灯坏了").contains("站前路"))
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("东风路和站前路交叉口")).crossings == ["东风路/站前路"])
        #expect(Self.names("在前进街修自行车的摊子占道").contains("前进街"))
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("在前进街修车")).roads.contains("前进街"))
        #expect(!Self.names("我家门前路面塌了").contains { $0.hasSuffix("前路") })
        #expect(Self.names("往前走两百米就是").isEmpty)
        // Two crossings of the one road with two others are two places.
        let a = Self.features("路口红绿灯不亮", address: "东风路与站前路交叉口")
        let b = Self.features("路口红绿灯不亮", address: "东风路与桥头路交叉口")
        #expect(!Self.same(a, b))
    }
}
