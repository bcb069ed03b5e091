import Foundation
import Testing
import IntakeCore
import Store
@testable import Forwarder
@testable import Gateway

/// Regression tests for the hostile-input and fault rows of issue 9 that need a running gateway.
@Suite(.serialized) struct HardeningTests {
    /// M3: results that cannot be saved are written again after a growing pause and logged; the events are not
    /// posted again meanwhile (before: 3 events, 88 POSTs in 2 s, no log line).
    @Test func unrecordableResultsBackOffAndAreNotResent() throws {
        let t = try TestGateway(store: .memory)
        defer { t.stop() }
        let store = try #require(t.gateway.store as? MemoryTicketStore)
        t.receiver.fail(with: 503)
        for i in 1...3 {
            #expect(try t.postJSON("/v1/intake/web", #"{"phone":"1381234567\#(i)","text":"结果写不进去第\#(i)次"}"#).status == 202)
        }
        Thread.sleep(forTimeInterval: 0.3)  // the first attempts fail and are recorded as retries
        store.failWrites.store(true, ordering: .relaxed)
        t.receiver.fail(with: nil)
        Thread.sleep(forTimeInterval: 2)
        let posted = t.receiver.received.count
        // Each event is delivered once (twice at most, for an attempt in flight when writes began to fail).
        #expect(posted >= 1 && posted <= 6, "\(posted) POSTs in 2 s while results could not be saved")
        #expect(t.logLines.value.withLock { $0.contains { $0.contains("delivery results cannot be recorded") } })
        store.failWrites.store(false, ordering: .relaxed)
        #expect(t.eventually(10) { (try? t.store.stats().pending) == 0 })
    }

    @Test func theRecordRetryPauseGrowsAndIsCapped() {
        #expect(Forwarder.recordRetryDelay(failures: 1) == 0.1)
        #expect(Forwarder.recordRetryDelay(failures: 2) == 0.2)
        #expect(Forwarder.recordRetryDelay(failures: 50) == 5)
    }
}
