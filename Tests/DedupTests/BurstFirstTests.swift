@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A report that fits both another caller's report of an hour ago and an incident last reported over a day before
/// belongs with the recent one: a happening arrives as a burst of calls, and the day-old incident at a place of that
/// name may be an earlier happening there, or another district's place of one name.
@Suite struct BurstFirstTests {
    let now = StoreHarness.base + hours(60)

    func candidate(_ id: String, _ text: String, hoursBefore: Double, cluster: String?) -> DedupCandidate {
        let at = now - hours(hoursBefore)
        return DedupCandidate(ticketId: id, receiptNo: nil, receivedAt: at, channel: .phone, identities: ["phone:" + id],
                              features: MatterFeatures(text: text, requestType: .complaint, location: nil), rootTicketId: id,
                              rootReceiptNo: nil, rootReceivedAt: at, rootOpen: true, rootClusterId: cluster, clusterId: cluster)
    }

    func joined(oldHoursBefore: Double) -> String? {
        let s = DedupSubject(features: MatterFeatures(text: "喂，金桂苑整个停电了，冰箱里的肉都要化了，什么时候来电", requestType: .complaint,
                                                      location: nil),
                             channel: .phone, receivedAt: now, identities: ["phone:s"], linkedIdentities: [])
        let old = candidate("old", "金桂苑整个停电了，冰箱里的肉都要化了", hoursBefore: oldHoursBefore, cluster: "cluster-old")
        let recent = candidate("recent", "金桂苑停电了，整片黑着，冰箱里的东西要化了", hoursBefore: 1, cluster: nil)
        return (try? DedupRules.clusterMatch(s, others: [old, recent], DedupConfiguration()))?.candidate.ticketId
    }

    @Test func theReportOfAnHourAgoBeforeAnIncidentOfADayAgo() {
        #expect(joined(oldHoursBefore: 30) == "recent")
    }

    /// Within the day, the incident already formed is joined first, as before.
    @Test func anIncidentOfHoursAgoIsJoinedFirst() {
        #expect(joined(oldHoursBefore: 8) == "old")
    }
}
