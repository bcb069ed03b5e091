import Dedup
import Foundation
import IntakeCore
import Testing

/// A report with a location asks the text bands too: a report without location (an SMS naming a place the reader takes
/// no name from) is indexed by its bands only, and an address's report that came later never met it.
@Suite struct BandsAskedTests {
    static func report(_ phone: String, _ text: String, channel: Channel, address: String? = nil) -> Submission {
        Submission(channel: channel, channelRef: UUID().uuidString, caller: Caller(phone: phone), requestType: .complaint, text: text,
                   location: address.map { Location(address: $0) })
    }

    /// Workers of one agency at one freight yard unpaid: first an SMS (货场 is no place word the reader knows), then a
    /// web form with the park's address in like words. They share no place key, only a text band.
    @Test func anAddressedReportFindsAnEarlierOneWithoutLocationByItsWords() throws {
        let sms = Self.report("13900000201", "翠湖货场恒通劳务拖欠工资两个月，工人二十多个都没拿到，要求劳动监察介入", channel: .sms)
        let form = Self.report("13900000202", "本人在翠湖货场做分拣，恒通劳务派遣，拖欠工资两个月，工人二十多个都没拿到，要求劳动监察介入追讨",
                               channel: .web, address: "滨江区翠湖货场")
        let engine = DedupEngine(), hasher = MinHasher()
        let earlier = engine.indexKeys(MatterFeatures(sms)), later = MatterFeatures(form)
        #expect(MatterFeatures(sms).placeKeys.isEmpty && later.hasLocation && engine.indexKeys(later).bands.isEmpty)
        #expect(!Set(earlier.bands).isDisjoint(with: hasher.bandKeys(later.shingles)))

        let h = try StoreHarness()
        try h.submit(sms, id: "sms", at: StoreHarness.base)
        try h.submit(form, id: "form", at: StoreHarness.base + hours(5))
        let incident = try #require(try h.ticket("form")?.ticket.dedup.clusterId)
        #expect(try h.ticket("sms")?.ticket.dedup.clusterId == incident)
    }
}
