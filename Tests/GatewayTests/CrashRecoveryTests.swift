import Foundation
import Testing
import IntakeCore
import Curl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway

/// Starts the real binary, kills it with SIGKILL in the middle of a burst, restarts it, and finds every receipt
/// that was answered 202 in the store and, eventually, at the case system.
@Suite(.serialized) struct CrashRecoveryTests {
    static var binary: String { repositoryRoot + "/.build/debug/intake-gateway" }

    func freePort() -> UInt16 {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        return UInt16(bigEndian: addr.sin_port)
    }

    func launch(port: UInt16, database: String, receiver: String, environment extra: [String: String] = [:]) throws -> Subprocess {
        let p = try Subprocess(Self.binary, ["serve"], environment: [
            "INTAKE_LISTEN": "127.0.0.1:\(port)", "INTAKE_DATABASE": database, "INTAKE_CASE_SYSTEM_URL": receiver,
            "INTAKE_ADMIN_TOKEN": "crash", "INTAKE_FORWARDER_INITIAL_BACKOFF": "0.05", "INTAKE_FORWARDER_MAX_BACKOFF": "0.2",
            "INTAKE_LOG_LEVEL": "warning",
            // Load from one loopback address: the public form's default per-address limit would refuse it.
            "INTAKE_WEB_RATE_LIMIT": "0",
        ].merging(extra) { _, new in new }, output: .discarded)
        let easy = CurlEasy()
        for _ in 0..<200 {
            if (try? easy.perform(method: "GET", url: "http://127.0.0.1:\(port)/healthz", headers: [], body: []))?.status == 200 { return p }
            usleep(25_000)
        }
        p.terminate()
        throw CurlError(code: 7, message: "the gateway did not start", url: "http://127.0.0.1:\(port)")
    }

    @Test func aSecondProcessOnTheSameFileIsRefused() throws {
        let dir = NSTemporaryDirectory() + "intake-two-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try launch(port: freePort(), database: dir + "/one.sqlite", receiver: "http://127.0.0.1:9/")
        defer {
            kill(first.processIdentifier, SIGTERM)
            first.waitUntilExit()
        }
        let (status, output) = try run(Self.binary, ["serve"], environment: [
            "INTAKE_LISTEN": "127.0.0.1:\(freePort())", "INTAKE_DATABASE": dir + "/one.sqlite"])
        #expect(status == 1)
        #expect(output.contains("another intake-gateway process"), "\(output)")
    }

    @Test func everyAnsweredReceiptSurvivesSIGKILL() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the executable first (swift build)")
        let dir = NSTemporaryDirectory() + "intake-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let receiver = LocalReceiver()
        try receiver.start()
        defer { receiver.stop() }
        let port = freePort()
        let database = dir + "/crash.sqlite"
        let first = try launch(port: port, database: database, receiver: receiver.url)

        let answered = Mutex<[String]>([])
        let stop = Atomic<Bool>(false)
        let group = DispatchGroup()
        for worker in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                let easy = CurlEasy()
                var i = 0
                while !stop.load(ordering: .relaxed) {
                    i += 1
                    guard let r = try? easy.perform(method: "POST", url: "http://127.0.0.1:\(port)/v1/intake/web",
                                                    headers: [("Content-Type", "application/json")],
                                                    body: Array(#"{"anonymous":true,"text":"崩溃测试 \#(worker)-\#(i)"}"#.utf8),
                                                    connectTimeoutMs: 500, timeoutMs: 2000) else { break }
                    if r.status == 202, let receipt = r.json?["receiptNo"]?.stringValue { answered.withLock { $0.append(receipt) } }
                }
                group.leave()
            }
        }
        // Let the burst run, then kill mid-flight.
        usleep(400_000)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        stop.store(true, ordering: .relaxed)
        group.wait()
        let receipts = answered.withLock { $0 }
        #expect(receipts.count > 50, "only \(receipts.count) answered before the kill")

        let second = try launch(port: port, database: database, receiver: receiver.url)
        defer {
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()
        }
        let easy = CurlEasy()
        var missing: [String] = []
        for receipt in receipts {
            let r = try easy.perform(method: "GET", url: "http://127.0.0.1:\(port)/v1/tickets/\(receipt)",
                                     headers: [("Authorization", "Bearer crash")], body: [])
            if r.status != 200 { missing.append(receipt) }
        }
        #expect(missing.isEmpty, "answered 202 but not stored: \(missing.prefix(10))")
        // Every answered ticket reaches the case system (at least once; receivers dedupe on webhook-id).
        let deadline = Date().addingTimeInterval(30)
        var delivered: Set<String> = []
        while Date() < deadline {
            delivered = Set(receiver.received.compactMap { $0.json?["data"]?["ticket"]?["receiptNo"]?.stringValue })
            if Set(receipts).isSubset(of: delivered) { break }
            usleep(50_000)
        }
        #expect(Set(receipts).subtracting(delivered).isEmpty, "\(Set(receipts).subtracting(delivered).count) never delivered")
        // A clean stop after that exits 0.
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
    }
}
