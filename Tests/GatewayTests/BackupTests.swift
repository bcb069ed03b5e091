import Foundation
import Testing
import IntakeCore
import Curl
import SQLite
import Synchronization
@testable import Gateway

/// `intake-gateway backup` beside a gateway that keeps taking submissions.
@Suite(.serialized) struct BackupTests {
    @Test func aBackupUnderLoadHoldsEveryTicketAcknowledgedBeforeItStarted() throws {
        let t = try TestGateway { $0.caseSystemURL = nil }
        defer { t.stop() }
        let database = t.gateway.configuration.database
        let destination = t.directory + "/backup/intake-copy.sqlite"
        try FileManager.default.createDirectory(atPath: t.directory + "/backup", withIntermediateDirectories: true)

        // Acknowledged ticket ids, in the order their 202 arrived.
        let acknowledged = Mutex<[String]>([])
        let stop = Atomic<Bool>(false)
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let easy = CurlEasy()
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    n += 1
                    let body = #"{"phone":"1391234\#(String(format: "%04d", worker * 1000 + n % 1000))","text":"备份压力 \#(worker)-\#(n) 路灯不亮"}"#
                    guard let r = try? easy.perform(method: "POST", url: t.base + "/v1/intake/web",
                                                    headers: [("Content-Type", "application/json")], body: Array(body.utf8)),
                          r.status == 202, let id = r.json?["ticketId"]?.stringValue else { continue }
                    acknowledged.withLock { $0.append(id) }
                }
            }
        }
        defer {
            stop.store(true, ordering: .relaxed)
            group.wait()
        }
        #expect(t.eventually(20) { acknowledged.withLock { $0.count } >= 200 }, "the load did not get going")

        // Everything answered before this line must be in the copy.
        let before = acknowledged.withLock { $0 }
        let (status, output) = try run(CrashRecoveryTests.binary, ["backup", destination], environment: ["INTAKE_DATABASE": database])
        let afterCount = acknowledged.withLock { $0.count }
        stop.store(true, ordering: .relaxed)
        group.wait()
        #expect(status == 0, "\(output)")
        #expect(output.contains("backed up"), "\(output)")
        #expect(afterCount > before.count, "no submission was acknowledged while the backup ran: not under load")

        let copy = try SQLiteConnection(path: destination, readOnly: true)
        #expect(try copy.query("PRAGMA integrity_check").first?.string("integrity_check") == "ok")
        let inCopy = Set(try copy.query("SELECT id FROM tickets").compactMap { $0.string("id") })
        let missing = before.filter { !inCopy.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) of \(before.count) acknowledged tickets are not in the backup")
        #expect(inCopy.count >= before.count)
        // The copy is a database the gateway can open and serve from (restore = put it in place).
        let restored = try TestGateway { $0.database = destination; $0.caseSystemURL = nil }
        defer { restored.stop() }
        let first = try #require(before.first)
        #expect(try restored.admin("/v1/tickets/\(first)").status == 200)

        // A second backup to the same file is refused rather than overwriting it.
        let (again, againOutput) = try run(CrashRecoveryTests.binary, ["backup", destination], environment: ["INTAKE_DATABASE": database])
        #expect(again == 1 && againOutput.contains("exists"), "\(againOutput)")
    }

    @Test func postgreSQLIsSentToItsOwnTools() throws {
        let (status, output) = try run(CrashRecoveryTests.binary, ["backup", "/tmp/x.sqlite"],
                                       environment: ["INTAKE_DATABASE": "postgres://127.0.0.1:1/intake"])
        #expect(status == 2)
        #expect(output.contains("pg_dump"), "\(output)")
    }
}
