import Foundation
import Testing
import IntakeCore
import Curl
import Synchronization
@testable import Gateway

/// Nothing acknowledged is lost: not by a case-system outage, not by a shutdown, not by a crash.
@Suite(.serialized) struct ReliabilityTests {
    @Test(arguments: TestStore.allCases) func forwardingSurvivesTheReceiverBeingDownThenUp(_ store: TestStore) throws {
        // Enough attempts that a loaded machine cannot exhaust them (0.05–0.2 s apart) while the receiver is down.
        let t = try TestGateway(store: store) { $0.forwarderMaxAttempts = 1_000 }
        defer { t.stop() }
        t.receiver.fail(with: 503)
        var ids: [String] = []
        for i in 0..<5 {
            let r = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"停电第\#(i)次"}"#)
            #expect(r.status == 202)
            ids.append(r.json?["ticketId"]?.stringValue ?? "")
        }
        // Retries happen while it is down, and are recorded.
        #expect(try t.eventually { (try t.admin("/v1/tickets/\(ids[0])").json?["delivery"]?[0]?["attempts"]?.intValue ?? 0) >= 2 })
        let during = try t.admin("/v1/tickets/\(ids[0])").json?["delivery"]?[0]
        #expect(during?["state"] == "pending")
        #expect(during?["lastStatus"] == 503)
        #expect(t.receiver.received.isEmpty)
        t.receiver.fail(with: nil)
        #expect(try t.eventually(15) { try t.store.stats().pending == 0 })
        #expect(Set(t.receiver.received.compactMap { $0.json?["data"]?["ticket"]?["id"]?.stringValue }) == Set(ids))
        #expect(try t.store.stats().dead == 0)
    }

    @Test(arguments: TestStore.allCases) func permanentRefusalGoesToTheDeadLetters(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        t.receiver.fail(with: 422)
        let r = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"无法投递"}"#)
        let id = try #require(r.json?["ticketId"]?.stringValue)
        #expect(try t.eventually { try t.store.stats().dead == 1 })
        let delivery = try t.admin("/v1/tickets/\(id)").json?["delivery"]?[0]
        #expect(delivery?["state"] == "dead")
        #expect(delivery?["attempts"] == 1)
    }

    /// The signature on delivered events is checked by an independent implementation: Python's hmac and base64.
    @Test(arguments: TestStore.allCases) func deliveredEventsVerifyWithAnIndependentImplementation(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        _ = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"签名校验"}"#)
        #expect(t.eventually { t.receiver.received.count == 1 })
        let event = try #require(t.receiver.received.first)
        let id = try #require(event.header("webhook-id"))
        #expect(event.header("Idempotency-Key") == id)
        #expect(event.json?["id"]?.stringValue == id)
        #expect(event.json?["type"] == "ticket.created")
        let script = """
        import base64, hashlib, hmac, sys, time
        secret, msg_id, ts, sig, path = sys.argv[1:6]
        body = open(path, 'rb').read()
        key = base64.b64decode(secret.split('_', 1)[1])
        expected = base64.b64encode(hmac.new(key, msg_id.encode() + b'.' + ts.encode() + b'.' + body, hashlib.sha256).digest()).decode()
        offered = [s.split(',', 1)[1] for s in sig.split(' ') if s.startswith('v1,')]
        assert abs(time.time() - int(ts)) < 300, 'stale timestamp'
        sys.exit(0 if any(hmac.compare_digest(expected, o) for o in offered) else 1)
        """
        let bodyPath = t.directory + "/event.json"
        try Data(event.body).write(to: URL(fileURLWithPath: bodyPath))
        let args = ["-c", script, TestGateway.caseSecret, id, event.header("webhook-timestamp") ?? "", event.header("webhook-signature") ?? "", bodyPath]
        #expect(try run("/usr/bin/python3", args).0 == 0)
        // And a changed body does not verify.
        try Data(event.body + [0x20]).write(to: URL(fileURLWithPath: bodyPath))
        #expect(try run("/usr/bin/python3", args).0 == 1)
    }

    /// Requests in flight when the gateway is told to stop are answered and stored; none is cut off.
    @Test func gracefulShutdownLosesNoInFlightRequest() throws {
        let t = try TestGateway()
        let answered = Mutex<[String]>([])
        let cutOff = Mutex<[String]>([])
        let stopBegan = Atomic<Int>(0)
        let group = DispatchGroup()
        for worker in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                let easy = CurlEasy()
                for i in 0..<200 {
                    let sentBeforeStop = stopBegan.load(ordering: .acquiring) == 0
                    do {
                        let r = try easy.perform(method: "POST", url: t.base + "/v1/intake/web", headers: [("Content-Type", "application/json")],
                                                 body: Array(#"{"anonymous":true,"text":"关机测试 \#(worker)-\#(i)"}"#.utf8))
                        if r.status == 202, let receipt = r.json?["receiptNo"]?.stringValue { answered.withLock { $0.append(receipt) } }
                    } catch let e as CurlError {
                        // Once the stop has begun, new connections are refused: fine. A request sent before the stop
                        // and then cut off would be a lost in-flight request.
                        if sentBeforeStop && e.code != 7 { cutOff.withLock { $0.append("\(e)") } }
                        break
                    } catch {
                        break
                    }
                }
                group.leave()
            }
        }
        usleep(150_000)
        // Keep-alive clients sending without pause must not hold the stop for the whole grace period (10 s here):
        // once stopping, every answer closes its connection.
        let stopping = Date()
        stopBegan.store(1, ordering: .releasing)
        t.gateway.shutdown()
        #expect(Date().timeIntervalSince(stopping) < 5, "the stop took the whole grace period")
        group.wait()
        let receipts = answered.withLock { $0 }
        #expect(!receipts.isEmpty)
        #expect(cutOff.withLock { $0 }.isEmpty, "\(cutOff.withLock { $0 })")
        // Reopen the file: every answered receipt is there.
        var config = t.gateway.configuration
        config.caseSystemURL = nil
        let store = try CommandLineInterface.openStore(config)
        defer {
            store.close()
            t.receiver.stop()
            try? FileManager.default.removeItem(atPath: t.directory)
        }
        for receipt in receipts { #expect(try store.ticket(idOrReceipt: receipt) != nil, "\(receipt) lost") }
    }
}

struct CurlErrorRedactionTests {
    @Test func urlsInErrorsLoseCredentialsAndQueries() {
        #expect(CurlError.redacted("https://user:secret@cases.example.gov.cn:8443/events?token=abc#x") == "https://cases.example.gov.cn:8443/events")
        #expect(CurlError.redacted("http://127.0.0.1:9/e") == "http://127.0.0.1:9/e")
        #expect(CurlError(code: 7, message: "no", url: "http://a:b@h/p?k=v").description.contains("a:b") == false)
    }
}
