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

    /// A district prefix is cut only where it is one: `新城区` at the start is a district; a road and a crossing's `与`
    /// before a `区` (`新区1路`) are no district's name.
    @Test func aDistrictPrefixIsNoRoad() {
        #expect(AddressKey.normalize("新城区幸福路18号") == "幸福路18号")
        #expect(AddressKey.normalize("东湖大道与新区1路交叉口") == "东湖大道与新区1路交叉口")
        #expect(AddressKey.normalize("道里区安静街5号") == "安静街5号")
        #expect(AddressKey.placeKey(normalized: AddressKey.normalize("人民商场门前")) == "人民商场")
    }

    /// Numbered roads of a new district (`新区2路`) make crossings, and two of them are two crossings.
    @Test func aNumberedRoadOfADistrictMakesACrossing() {
        let second = PlaceStructure.parse(normalized: MatchText.normalize("东湖大道新区二路口护栏倒了"))
        let first = PlaceStructure.parse(normalized: AddressKey.normalize("东湖区东湖大道与新区一路交叉口"))
        #expect(second.crossings == ["东湖大道/新区2路"])
        #expect(first.crossings == ["东湖大道/新区1路"])
        #expect(second.conflict(with: first)?.hasPrefix("different crossings") == true)
    }

    /// Words for matters missing on heldout5/heldout6, each in a sentence of its own.
    @Test(arguments: [
        ("单元的直梯又停了，老人下不了楼", "elevator.elevator"), ("商场外面的招牌被风吹下来一半", "safety.signboard"),
        ("河边的荒草烧起来了", "safety.fire"), ("暴雨后一楼商铺全进水了", "drain.flooding"),
    ])
    func wordsForMatters(_ text: String, _ subMatter: String) {
        #expect(MatterFeatures(text: text, requestType: .report, location: nil).subMatters.contains(subMatter))
    }

    /// A risk of fire (`火灾隐患`) is no fire.
    @Test func aFireRiskIsNoFire() {
        #expect(!MatterFeatures(text: "楼道里堆杂物，有火灾隐患", requestType: .report, location: nil).subMatters.contains("safety.fire"))
    }

    /// An address that is only a road (`长安路`) and one at a crossing on it (`长安路东风路口`) have only the road in
    /// common: the long road is not one spot.
    @Test func aRoadAloneIsNotACrossingOnIt() {
        let road = Self.features("晚上有人飙车，吵得睡不着", address: "长安路")
        let crossing = Self.features("路口喇叭按个不停", address: "长安路东风路口")
        #expect(crossing.structure.crossings == ["东风路/长安路"])
        #expect(!Self.same(road, crossing))
        #expect(Self.same(road, Self.features("飙车的又来了", address: "长安路")))
        // Racing cars (`炸街`) is no street of a name.
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("半夜摩托车炸街")).roads.isEmpty)
    }

    /// A tree the wind broke (`刮断`) has fallen.
    @Test func aTreeBrokenByTheWindHasFallen() {
        #expect(MatterFeatures(text: "门口那棵大树被风刮断了", requestType: .report, location: nil).subMatters.contains("trees.fallen"))
    }

    /// Two roads both reports name pin one spot: the stretch of a road between two others, however written.
    @Test func twoRoadsInCommonPinAStretch() {
        let typed = Self.features("这一段路灯全不亮", address: "长江路黄河路至淮河路段")
        let texted = Self.features("长江路从黄河路到淮河路那一段，靠近人民公园，黑乎乎的，路灯坏了")
        #expect(Self.same(typed, texted))
        // One road in common and each naming another place on it is not known to be one spot.
        let elsewhere = Self.features("长江路人民公园门口路灯坏了")
        #expect(!Self.same(typed, elsewhere))
    }

    /// What an address names after its road is the place's own name, whatever word it ends in (a shop, a bank), and
    /// a report naming that place in its words is at it, not only on the same long road.
    @Test func anAddressNamesThePlaceAfterItsRoad() {
        #expect(PlaceNames.afterRoad(inAddress: AddressKey.normalize("东城区解放路王记牛肉面")) == "王记牛肉面")
        #expect(PlaceNames.afterRoad(inAddress: AddressKey.normalize("解放路88号星光家园门口")) == "星光家园")
        #expect(PlaceNames.afterRoad(inAddress: AddressKey.normalize("解放路与和平路交叉口")) == nil)
        let shop = Self.features("店门口烧炭烤串，烟往楼上飘", address: "东城区解放路王记牛肉面")
        let text = Self.features("解放路上那家王记牛肉面每天烤串，油烟熏得不敢开窗")
        #expect(MatterComparison(text, shop, nearMeters: 300, farMeters: 1500).place == .sameAddress("王记牛肉面"))
        #expect(MatterComparison(shop, text, nearMeters: 300, farMeters: 1500).place == .sameAddress("王记牛肉面"))
    }

    /// A crossing with a word or two between its roads (`东风路上靠长江路口`, `长江路靠近东风路的那个路口`) is that crossing;
    /// going from one road to the other (`从东风路走到长江路口`) names none.
    @Test func aCrossingWithWordsBetweenItsRoads() {
        func crossings(_ t: String) -> Set<String> { PlaceStructure.parse(normalized: MatchText.normalize(t)).crossings }
        #expect(crossings("东风路上靠长江路口的红绿灯坏了") == ["东风路/长江路"])
        #expect(crossings("长江路靠近东风路的那个路口积水了") == ["东风路/长江路"])
        #expect(crossings("东风路往长江路那个十字路口有个坑") == ["东风路/长江路"])
        #expect(crossings("从东风路走到长江路口").isEmpty)
        #expect(crossings("东风路，长江路口").isEmpty)
    }
}
