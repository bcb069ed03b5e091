@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// The district an address begins with is where the place is: a city has a 中山路 and a 青年公园 in more than one
/// district, and `AddressKey.normalize` drops the prefix for the place key (`南岗区青年公园` and `青年公园` are one key).
@Suite struct AddressDistrictTests {
    let t0 = StoreHarness.base

    func park(_ h: StoreHarness, _ id: String, phone: String, district: String, at: Date) throws -> IntakeOutcome {
        try h.report(id, .web, Caller(phone: phone), .complaint, "青年公园东门那个喷泉池里的水发绿发臭好几天了，蚊子一大堆",
                     Location(address: "\(district)青年公园东门", lat: nil, lng: nil, crs: nil), at: at)
    }

    @Test func theAddressKeepsItsDistrictForComparison() {
        let read = AddressKey.normalizeKeepingDistricts("黑龙江省哈尔滨市南岗区中山路与红军街交叉口")
        #expect(read.address == "中山路与红军街交叉口")
        #expect(read.districts == ["南岗区"])
        #expect(AddressKey.normalizeKeepingDistricts("中山路与红军街交叉口").districts.isEmpty)
        // The index's stored form gives both back; a row stored without districts reads as before.
        let stored = AddressKey.stored(read.address, districts: read.districts)
        #expect(AddressKey.stored(stored) == (read.address, read.districts))
        #expect(AddressKey.stored("中山路与红军街交叉口") == ("中山路与红军街交叉口", []))
        let f = MatterFeatures(text: "路口红绿灯不亮了", requestType: .complaint,
                               location: Location(address: "南岗区中山路与红军街交叉口", lat: nil, lng: nil, crs: nil))
        #expect(f.structure.districts == ["南岗区"])
    }

    /// Two callers at a park of one name in two districts are two incidents; in one district, or one without a
    /// district, one.
    @Test func parksOfOneNameInTwoDistrictsAreTwoPlaces() throws {
        let h = try StoreHarness()
        try park(h, "d1", phone: "13800000301", district: "南岗区", at: t0)
        let other = try park(h, "d2", phone: "13800000302", district: "香坊区", at: t0 + minutes(20))
        #expect(other.clusterId == nil)
        let same = try park(h, "d3", phone: "13800000303", district: "南岗区", at: t0 + minutes(40))
        #expect(same.clusterId != nil)
        #expect(try h.ticket("d2")?.ticket.dedup.clusterId == nil)
    }

    /// After a restart the stored matters keep their districts: the decision is the same.
    @Test func theDistrictSurvivesARestart() throws {
        let h = try StoreHarness()
        try park(h, "r1", phone: "13800000311", district: "南岗区", at: t0)
        try h.reopen()
        let other = try park(h, "r2", phone: "13800000312", district: "香坊区", at: t0 + minutes(20))
        #expect(other.clusterId == nil)
        let same = try park(h, "r3", phone: "13800000313", district: "南岗区", at: t0 + minutes(40))
        #expect(same.clusterId != nil)
    }
}
