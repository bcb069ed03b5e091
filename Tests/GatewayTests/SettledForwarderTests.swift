import Foundation
import Testing

/// `TestGateway.settled()` is how tests say what was *not* sent without sleeping: it must return only once every
/// event due has been delivered and recorded.
@Suite struct SettledForwarderTests {
    @Test func settledMeansEveryDueEventWasDelivered() throws {
        let t = try TestGateway()
        defer { t.stop() }
        for i in 0..<5 { _ = try t.postJSON("/v1/intake/web", #"{"phone":"1381234560\#(i)","text":"路灯不亮 \#(i)"}"#) }
        #expect(t.settled())
        #expect(t.receiver.received.count == 5)
        #expect(try t.store.stats().pending == 0)
        // An event waiting for a retry is not due: a failing destination settles too, with the event still pending.
        t.receiver.fail(with: 503)
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13812345699","text":"井盖缺失"}"#)
        #expect(t.settled())
        #expect(try t.store.stats().pending == 1 && t.receiver.received.count == 5)
    }
}
