@testable import Dedup
import Foundation
import Testing

/// The engine's candidate lists, sorted in place, are what the sets they replace gave: each seq once, none of the
/// excluded, newest first, at most `limit`.
struct NewestFirstTests {
    @Test func sameAsTheSetsItReplaces() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seqs = (0..<Int.random(in: 0...40, using: &rng)).map { _ in Int64.random(in: 0...30, using: &rng) }
            let excluding = (0..<Int.random(in: 0...12, using: &rng)).map { _ in Int64.random(in: 0...30, using: &rng) }
            let limit = Int.random(in: 0...20, using: &rng)
            let expected = Array(Set(seqs).subtracting(Set(excluding)).sorted(by: >).prefix(limit))
            #expect(DedupEngine.newestFirst(seqs, excluding: excluding, limit: limit) == expected)
            #expect(DedupEngine.newestFirst(seqs, limit: limit) == Array(Set(seqs).sorted(by: >).prefix(limit)))
        }
    }

    @Test func repeatsDroppedFromASortedArray() {
        var a: [Int64] = [1, 1, 2, 3, 3, 3, 7]
        a.removeAdjacentDuplicates()
        #expect(a == [1, 2, 3, 7])
        var one: [Int64] = [5]
        one.removeAdjacentDuplicates()
        #expect(one == [5])
    }

    /// A candidate's original is open for every state but the closing ones, in any case (`open` answered first).
    @Test func openUnlessAClosingState() {
        let states = ["open", "OPEN", "Open", "dispatched", "pending", "", "opened", "open ", "closed", "Closed", "RESOLVED",
                      "done", "cancelled", "canceled", "rejected", "办结", "已办结"]
        for s in states { #expect(DedupEngine.isOpen(s) == !DedupEngine.closedStatuses.contains(s.lowercased()), "\(s)") }
    }
}
