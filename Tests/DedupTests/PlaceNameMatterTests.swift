import Dedup
import Foundation
import IntakeCore
import Testing

/// A word of the lexicon inside a place's name (人才公寓 of 青禾人才公寓, housing.talent) says where, not what happens
/// there: two callers of that building hours apart about two troubles share no matter by it, while a trouble both name
/// (the water off) stays one incident.
@Suite struct PlaceNameMatterTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ phone: String, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: Caller(phone: phone), requestType: .help, text: text, location: nil),
                     id: id, at: at)
    }

    @Test func aMatterNamedOnlyInThePlaceNameIsWhere() {
        let f = MatterFeatures(text: "青禾人才公寓的电梯卡在三楼不动了", requestType: .help, location: nil)
        #expect(f.placeNameMatters.contains("housing.talent"))
        #expect(!f.placeNameMatters.contains { $0.hasPrefix("elevator") })
    }

    @Test func twoTroublesAtOneTalentFlatsBuildingAreTwoMatters() throws {
        let h = try StoreHarness()
        let flats = Location(address: "高新区云杉人才公寓A栋", lat: nil, lng: nil, crs: nil)
        try h.submit(Submission(channel: .web, caller: Caller(phone: "13700000801"), requestType: .help,
                                text: "云杉人才公寓A栋1206的空调坏了，报修五天了，物业一直说排队", location: flats), id: "cooling", at: t0)
        let other = try h.submit(Submission(channel: .web, caller: Caller(phone: "13700000802"), requestType: .help,
                                            text: "云杉人才公寓A栋楼下的快递柜被人撬开了，包裹都丢了", location: flats),
                                 id: "parcels", at: t0 + hours(12))
        #expect(other.clusterId == nil)
    }

    @Test func oneTroubleNamedByBothStaysOneIncident() throws {
        let h = try StoreHarness()
        try report(h, "13700000811", "青禾人才公寓2栋从早上开始停水了，一滴水都没有", id: "first", at: t0)
        let again = try report(h, "13700000812", "青禾人才公寓2栋停水到现在，什么时候来水啊", id: "second", at: t0 + hours(5))
        #expect(again.clusterId != nil)
    }
}
