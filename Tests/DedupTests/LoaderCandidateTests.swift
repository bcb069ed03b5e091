@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// The decision's loader makes each candidate once and finds a candidate's original by the seq it read it under.
@Suite struct LoaderCandidateTests {
    /// Matters by seq; counts the reads.
    final class Matters: DedupIndex, @unchecked Sendable {
        var stored: [Int64: IndexedMatter] = [:]
        var reads = 0
        func add(_ seq: Int64, _ ticketId: String, root: Int64, status: String = "open", cluster: String? = nil) {
            stored[seq] = IndexedMatter(seq: seq, ticketId: ticketId, receiptNo: "R-\(ticketId)", receivedAt: Date(timeIntervalSince1970: Double(seq)),
                                        channel: .web, identities: ["phone:\(seq)"], requestType: .complaint, matchText: "路灯不亮\(seq)",
                                        topics: "", point: nil, address: nil, place: nil, rootSeq: root, clusterId: cluster, status: status)
        }
        func linkedIdentities(_ keys: [String]) throws -> Set<String> { [] }
        func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] { [] }
        func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] { [] }
        func candidates(place: String, since: Date, limit: Int) throws -> [Int64] { [] }
        func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] { [] }
        func candidates(cluster: String, limit: Int) throws -> [Int64] { [] }
        func matter(_ seq: Int64) throws -> IndexedMatter? { reads += 1; return stored[seq] }
        func link(identities: [String]) throws {}
        func index(_ entry: IndexEntry) throws {}
        func markCluster(ticketId: String, clusterId: String, reason: String) throws {}
    }

    @Test func aCandidateIsMadeOnceAndItsOriginalIsTheMatterReadAsIts() throws {
        let index = Matters()
        index.add(1, "T1", root: 1, status: "closed", cluster: "C1")
        index.add(2, "T2", root: 1)
        index.add(3, "T3", root: 9)          // its original is not stored: it is its own original
        var loader = DedupEngine.Loader(index: index, engine: DedupEngine())
        try loader.load([2, 3])
        let reads = index.reads
        let repeated = try #require(try loader.candidate(2))
        #expect(repeated.rootTicketId == "T1" && !repeated.rootOpen && repeated.rootClusterId == "C1" && repeated.receiptNo == "R-T2")
        #expect(try loader.candidate(2)?.fields === repeated.fields)
        let original = try #require(try loader.original(of: repeated))
        #expect(original.ticketId == "T1" && original.rootTicketId == "T1" && original.clusterId == "C1")
        let alone = try #require(try loader.candidate(3))
        #expect(alone.rootTicketId == "T3" && alone.rootOpen)
        #expect(try loader.original(of: alone)?.ticketId == "T3")
        #expect(index.reads == reads)
        // A candidate made elsewhere is matched to a read matter by its original's ticket id.
        let made = DedupCandidate(ticketId: "X", receiptNo: nil, receivedAt: Date(), channel: .web, identities: [],
                                  features: MatterFeatures(text: "路灯", requestType: .complaint, location: nil), rootTicketId: "T1",
                                  rootReceiptNo: nil, rootReceivedAt: Date(), rootOpen: false, rootClusterId: nil, clusterId: nil)
        #expect(try loader.original(of: made)?.fields === original.fields)
        #expect(try loader.original(of: DedupCandidate(ticketId: "Y", receiptNo: nil, receivedAt: Date(), channel: .web, identities: [],
                                                       sharedFeatures: made.sharedFeatures, rootTicketId: "T8", rootReceiptNo: nil,
                                                       rootReceivedAt: Date(), rootOpen: true, rootClusterId: nil, clusterId: nil)) == nil)
    }
}
