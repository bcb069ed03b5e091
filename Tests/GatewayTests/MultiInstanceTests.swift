import ChannelTesting
import Foundation
import HTTPServer
import IntakeCore
import Curl
import Postgres
import Store
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway

/// A case system that answers each event after `delay` seconds (so deliveries are in flight when an instance dies)
/// and remembers every delivery with its `webhook-id`.
final class SlowCaseSystem: Sendable {
    final class State: Sendable {
        let deliveries = Mutex<[(webhookId: String, ticketId: String)]>([])
        let delay = Atomic<Int>(0)
    }
    let state = State()
    private let server: HTTPServer

    init() {
        let state = self.state
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 2)) { request, responder in
            let id = request.headers.first { $0.name == "webhook-id" }?.value ?? ""
            let ticket = (try? JSON.parse(request.body))?["data"]?["ticket"]?["id"]?.stringValue ?? ""
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(state.delay.load(ordering: .relaxed))) {
                state.deliveries.withLock { $0.append((id, ticket)) }
                responder.respond(HTTPResponse(status: 200, contentType: "application/json", body: "{\"caseId\":\"C-\(ticket.suffix(6))\"}"))
            }
        }
    }

    func start() throws { try server.start() }
    func stop() { server.shutdown(graceSeconds: 1) }
    var url: String { "http://127.0.0.1:\(server.boundPort)/events" }
}

/// Three real `intake-gateway serve` processes on one PostgreSQL database, under concurrent load in which the same
/// callers and the same Idempotency-Keys reach different instances; one is killed with SIGKILL mid-load.
@Suite(.serialized) struct MultiInstanceTests {
    static let token = "multi-instance-admin"

    struct Answer {
        var key: String?
        var caller: String
        var status: Int
        var ticketId: String?
        var receiptNo: String?
        /// Whether the client sent it again elsewhere after an instance did not answer (killed, or too slow).
        var retried = false
    }

    func launch(_ i: Int, database: String, caseSystem: String) throws -> (Subprocess, UInt16) {
        let port = CrashRecoveryTests().freePort()
        let p = try CrashRecoveryTests().launch(port: port, database: database, receiver: caseSystem, environment: [
            "INTAKE_ADMIN_TOKEN": Self.token, "INTAKE_INSTANCE_ID": "gw-\(i)", "INTAKE_OUTBOX_LEASE_SECONDS": "2",
        ])
        return (p, port)
    }

    @Test func threeInstancesShareOneDatabaseAndSurviveAKill() throws {
        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        let caseSystem = SlowCaseSystem()
        try caseSystem.start()
        defer { caseSystem.stop() }
        var instances: [(Subprocess, UInt16)] = []
        for i in 0..<3 { instances.append(try launch(i, database: url, caseSystem: caseSystem.url)) }
        defer { for (p, _) in instances where p.isRunning { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() } }
        let ports = instances.map(\.1)
        let easy = CurlEasy()
        for (i, port) in ports.enumerated() {
            let ready = try easy.perform(method: "GET", url: "http://127.0.0.1:\(port)/readyz", headers: [], body: [])
            #expect(ready.status == 200 && (try? JSON.parse(ready.body))?["instance"]?.stringValue == "gw-\(i)")
        }

        // The work: 30 keyed submissions each sent 3 times to 3 instances, and 10 callers each reporting one matter
        // 4 times; shuffled, sent by 8 threads; instance 2 is killed after a third of the requests.
        var work: [(key: String?, caller: String, text: String)] = []
        for k in 0..<30 {
            for _ in 0..<3 { work.append(("mi-key-\(k)", "1390000\(String(format: "%04d", k))", "第\(k)号楼前的下水道井盖丢失了，晚上路过的人很容易掉下去")) }
        }
        for c in 0..<10 {
            for _ in 0..<4 { work.append((nil, "1370000\(String(format: "%04d", c))", "我家小区\(c)栋门口的路灯已经坏了一个星期，晚上一片漆黑，请尽快派人维修")) }
        }
        work.shuffle()
        let jobs = work
        let answers = Mutex<[Answer]>([])
        let next = Atomic<Int>(0)
        let killed = Atomic<Bool>(false)
        let leasedByKilled = Atomic<Int>(-1)
        caseSystem.state.delay.store(300, ordering: .relaxed)
        let group = DispatchGroup()
        let killAt = work.count / 3
        let victim = instances[2].0
        for _ in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let easy = CurlEasy()
                while true {
                    let n = next.add(1, ordering: .relaxed).oldValue
                    guard n < jobs.count else { return }
                    if n == killAt, !killed.load(ordering: .relaxed) {
                        kill(victim.processIdentifier, SIGKILL)
                        victim.waitUntilExit()
                        killed.store(true, ordering: .relaxed)
                        if let db = try? PostgresConnection(url: url),
                           let rows = try? db.query("SELECT count(*) AS n FROM outbox WHERE lease_owner = 'gw-2' AND state = 'pending'") {
                            leasedByKilled.store(Int(rows.value(0, "n") ?? "0") ?? 0, ordering: .relaxed)
                        }
                    }
                    let w = jobs[n]
                    var headers = [("Content-Type", "application/json")]
                    if let key = w.key { headers.append(("Idempotency-Key", key)) }
                    let body = Array(#"{"phone":"\#(w.caller)","text":"\#(w.text)"}"#.utf8)
                    // A client retries on another instance when one does not answer (as behind a load balancer).
                    for attempt in 0..<6 {
                        let port = ports[(n + attempt) % 3]
                        guard let r = try? easy.perform(method: "POST", url: "http://127.0.0.1:\(port)/v1/intake/web", headers: headers,
                                                        body: body, connectTimeoutMs: 1000, timeoutMs: 15_000), r.status != 503 else { continue }
                        let j = try? JSON.parse(r.body)
                        answers.withLock {
                            $0.append(Answer(key: w.key, caller: w.caller, status: r.status, ticketId: j?["ticketId"]?.stringValue,
                                             receiptNo: j?["receiptNo"]?.stringValue, retried: attempt > 0))
                        }
                        break
                    }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success, "the load finished in time")
        caseSystem.state.delay.store(0, ordering: .relaxed)
        let all = answers.withLock { $0 }
        #expect(all.count == work.count, "every submission was answered by some instance")
        #expect(all.allSatisfy { [200, 202].contains($0.status) && $0.ticketId != nil }, "\(all.filter { ![200, 202].contains($0.status) }.map(\.status))")

        // No Idempotency-Key has two tickets.
        let byKey = Dictionary(grouping: all.filter { $0.key != nil }, by: { $0.key! })
        #expect(byKey.count == 30)
        #expect(byKey.values.allSatisfy { Set($0.compactMap(\.ticketId)).count == 1 }, "one ticket per key")
        // At most one 202 per key, the others 200 duplicate. None is right too: the instance that stored the key's
        // ticket may have been killed, or the client may have given up waiting, before its 202 reached the client,
        // whose retry elsewhere then heard "duplicate" (the ticket is stored: checked below).
        let created = byKey.mapValues { $0.filter { $0.status == 202 }.count }
        #expect(created.values.allSatisfy { $0 <= 1 }, "one 202 per key at most: \(created.filter { $0.value > 1 })")

        // Every answered receipt is stored (read through a surviving instance), receipt numbers are unique.
        let admin = [("Authorization", "Bearer \(Self.token)")]
        let list = try easy.perform(method: "GET", url: "http://127.0.0.1:\(ports[0])/v1/tickets?limit=1000", headers: admin, body: [])
        let items = try #require((try? JSON.parse(list.body))?["items"]?.arrayValue)
        let stored = Dictionary(items.compactMap { t in t["id"]?.stringValue.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
        let answeredIds = Set(all.compactMap(\.ticketId))
        #expect(answeredIds.isSubset(of: Set(stored.keys)), "every answered ticket is stored")
        let receipts = items.compactMap { $0["receiptNo"]?.stringValue }
        #expect(Set(receipts).count == receipts.count, "receipt numbers are unique")
        #expect(Set(all.compactMap(\.receiptNo)).isSubset(of: Set(receipts)))

        // Each caller's matter has one original; the others repeat it. A submission without an Idempotency-Key that
        // the killed instance stored but did not answer is stored again by the client's retry elsewhere (nothing
        // acknowledged is lost; without a key a retry cannot be told from a new report): one more ticket, never
        // more than one for each submission the client had to send again.
        for c in 0..<10 {
            let caller = "1370000\(String(format: "%04d", c))"
            let phone = "+86" + caller
            let mine = items.filter { $0["caller"]?["phoneKey"]?.stringValue == phone }
            let answered = all.filter { $0.caller == caller }
            #expect(Set(answered.compactMap(\.ticketId)).count == 4, "\(phone): four answers, four tickets")
            let retried = answered.filter(\.retried).count
            #expect(mine.count >= 4 && mine.count <= 4 + retried, "\(phone): \(mine.count) tickets, \(retried) sent again")
            #expect(mine.filter { ($0["dedup"]?["repeatOf"]?.stringValue ?? "").isEmpty }.count == 1, "\(phone) has one original")
        }

        // Every stored ticket reaches the case system (the killed instance's claimed events after their lease), and
        // every delivery of a ticket carries the same webhook-id.
        let delivered = {
            Set(caseSystem.state.deliveries.withLock { $0 }.map(\.ticketId)).isSuperset(of: Set(stored.keys))
        }
        let deadline = Date().addingTimeInterval(60)
        while !delivered() && Date() < deadline { usleep(100_000) }
        #expect(delivered(), "every stored ticket was delivered")
        // Ticket events only (a cluster.updated event carries no `data.ticket`).
        let byTicket = Dictionary(grouping: caseSystem.state.deliveries.withLock { $0 }.filter { !$0.ticketId.isEmpty }, by: \.ticketId)
        #expect(byTicket.allSatisfy { ticket, ds in Set(ds.map(\.webhookId)) == ["evt_" + ticket] })
        print("multi-instance: \(all.count) answers, \(stored.count) tickets, \(caseSystem.state.deliveries.withLock { $0.count }) deliveries, "
              + "\(leasedByKilled.load(ordering: .relaxed)) events leased by the killed instance")
    }
}

/// A PostgreSQL server of this test's own (initdb in a temporary directory, a free loopback port), so it can be
/// stopped and started again without disturbing the server other tests share.
final class PrivatePostgres: @unchecked Sendable {
    let directory: String
    let port: UInt16
    let bin: String

    init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }).last else {
            throw StoreError("PostgreSQL is not installed (make test installs it)")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        directory = NSTemporaryDirectory() + "intake-pg-" + UUID().uuidString
        port = CrashRecoveryTests().freePort()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.sh("chown postgres \(directory)") }
        try asPostgres("\(bin)/initdb -D \(directory)/data -A trust -U postgres --no-sync > \(directory)/initdb.log 2>&1")
        try start()
    }

    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    /// Runs a shell command with no pipes (the server pg_ctl starts would inherit one and keep it open).
    static func sh(_ command: String) throws {
        let status = system(command + " < /dev/null > /dev/null 2>&1")
        guard status == 0 else { throw StoreError("\(command) exited with \(status)") }
    }

    func asPostgres(_ command: String) throws {
        try Self.sh(getuid() == 0 ? "runuser -u postgres -- /bin/sh -c '\(command)'" : command)
    }

    func start() throws {
        try asPostgres("\(bin)/pg_ctl -D \(directory)/data -l \(directory)/server.log -w -t 30 -o \"-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(directory) -c fsync=off\" start > /dev/null 2>&1 < /dev/null")
    }

    func stop() throws {
        try asPostgres("\(bin)/pg_ctl -D \(directory)/data -m fast -w stop > /dev/null 2>&1")
    }

    func remove() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

@Suite(.serialized) struct PostgresRestartTests {
    /// The database goes away mid-load and comes back: requests meanwhile get 503 `retryable`, /readyz is 503,
    /// the gateway reconnects by itself, and every ticket it acknowledged is stored and delivered.
    @Test func aRestartedServerLosesNoAcknowledgedTicketAndTheGatewayRecovers() throws {
        let pg = try PrivatePostgres()
        defer { pg.remove() }
        let caseSystem = SlowCaseSystem()
        try caseSystem.start()
        defer { caseSystem.stop() }
        let port = CrashRecoveryTests().freePort()
        let gateway = try CrashRecoveryTests().launch(port: port, database: pg.url, receiver: caseSystem.url,
                                                      environment: ["INTAKE_ADMIN_TOKEN": MultiInstanceTests.token])
        defer { kill(gateway.processIdentifier, SIGTERM); gateway.waitUntilExit() }
        let base = "http://127.0.0.1:\(port)"
        let acknowledged = Mutex<[String]>([])
        let refused = Mutex<[JSON]>([])
        let stop = Atomic<Bool>(false)
        let sent = Atomic<Int>(0)
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let easy = CurlEasy()
                var i = 0
                while !stop.load(ordering: .relaxed) {
                    i += 1
                    sent.add(1, ordering: .relaxed)
                    let body = Array(#"{"phone":"1380000\#(String(format: "%04d", worker * 1000 + i))","text":"第\#(worker)-\#(i)号：路面塌陷，车辆无法通行"}"#.utf8)
                    guard let r = try? easy.perform(method: "POST", url: base + "/v1/intake/web", headers: [("Content-Type", "application/json")],
                                                    body: body, connectTimeoutMs: 1000, timeoutMs: 15_000) else { continue }
                    let j = try? JSON.parse(r.body)
                    if r.status == 202, let id = j?["ticketId"]?.stringValue {
                        acknowledged.withLock { $0.append(id) }
                    } else if let j {
                        refused.withLock { $0.append(j) }
                    }
                    usleep(5_000)
                }
            }
        }
        func ready() -> Int { (try? CurlEasy().perform(method: "GET", url: base + "/readyz", headers: [], body: []))?.status ?? 0 }
        func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline { if condition() { return true }; usleep(50_000) }
            return condition()
        }
        #expect(waitFor(20) { acknowledged.withLock { $0.count } >= 30 })
        try pg.stop()
        #expect(waitFor(20) { ready() == 503 }, "/readyz is 503 while the database is down")
        let during = try CurlEasy().perform(method: "POST", url: base + "/v1/intake/web", headers: [("Content-Type", "application/json")],
                                            body: Array(#"{"phone":"13912340000","text":"数据库停机时的提交"}"#.utf8))
        #expect(during.status == 503 && (try? JSON.parse(during.body))?["retryable"] == .bool(true), "\(during.status) \(String(decoding: during.body, as: UTF8.self))")
        try pg.start()
        #expect(waitFor(30) { ready() == 200 }, "the gateway reconnects by itself")
        let before = acknowledged.withLock { $0.count }
        #expect(waitFor(30) { acknowledged.withLock { $0.count } >= before + 30 }, "intake goes on after the restart")
        stop.store(true, ordering: .relaxed)
        #expect(group.wait(timeout: .now() + 30) == .success)

        let ids = Set(acknowledged.withLock { $0 })
        let admin = [("Authorization", "Bearer \(MultiInstanceTests.token)")]
        let list = try CurlEasy().perform(method: "GET", url: base + "/v1/tickets?limit=1000", headers: admin, body: [])
        let stored = Set(((try? JSON.parse(list.body))?["items"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        #expect(ids.isSubset(of: stored), "\(ids.subtracting(stored).count) acknowledged tickets are missing")
        #expect(waitFor(60) { Set(caseSystem.state.deliveries.withLock { $0 }.map(\.ticketId)).isSuperset(of: ids) },
                "every acknowledged ticket is delivered")
        print("postgres restart: \(sent.load(ordering: .relaxed)) sent, \(ids.count) acknowledged, \(refused.withLock { $0.count }) refused meanwhile")
    }
}

@Suite struct PostgresCommandTests {
    /// `migrate` and `demo` with INTAKE_DATABASE naming PostgreSQL (a libpq key/value string here).
    @Test func migrateAndDemoRunOnPostgreSQL() throws {
        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        let keyValue = url.replacingOccurrences(of: "postgres://postgres@", with: "")
        let hostPort = keyValue.split(separator: "/")[0].split(separator: ":")
        let conninfo = "host=\(hostPort[0]) port=\(hostPort[1]) user=postgres dbname=\(keyValue.split(separator: "/")[1])"
        let binary = CrashRecoveryTests.binary
        let (migrated, out) = try run(binary, ["migrate"], environment: ["INTAKE_DATABASE": conninfo])
        #expect(migrated == 0 && out.contains("applied migrations 1"), "\(out)")
        let (demo, demoOut) = try run(binary, ["demo", "--examples", repositoryRoot + "/Channels"], environment: ["INTAKE_DATABASE": url])
        #expect(demo == 0, "\(demoOut.suffix(2000))")
        let db = try PostgresConnection(url: url)
        let n = Int(try db.query("SELECT count(*) AS n FROM tickets").value(0, "n") ?? "0") ?? 0
        #expect(n > 5, "the demo's tickets are in PostgreSQL: \(n)")
        // A schema from a newer release: this binary neither migrates it nor serves on it.
        _ = try db.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 'later')", [String(PostgresTicketStore.schemaVersion + 1)])
        let (again, againOut) = try run(binary, ["migrate"], environment: ["INTAKE_DATABASE": url])
        #expect(again != 0 && againOut.contains("newer than this binary"), "\(againOut)")
        let (serve, serveOut) = try run(binary, ["serve"], environment: ["INTAKE_DATABASE": url, "INTAKE_LISTEN": "127.0.0.1:0"])
        #expect(serve != 0 && serveOut.contains("newer than this binary"), "\(serveOut)")
    }
}
