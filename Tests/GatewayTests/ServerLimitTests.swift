import Foundation
import Synchronization
import Testing
import IntakeCore
#if canImport(Glibc)
import Glibc
#endif
import Curl
import HTTPServer
@testable import Gateway

/// A raw TCP client, to behave the way a curl client never would (slowly, partially, many at once).
final class RawClient {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw CocoaError(.fileNoSuchFile) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

    /// Reads until the peer closes or `timeout` passes; returns what came and whether the peer closed.
    func readAll(timeout: Double) -> (String, Bool) {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { data += buffer[0..<n]; continue }
            return (String(decoding: data, as: UTF8.self), n == 0)
        }
    }

    /// Reads one response's head (up to the blank line).
    func readHead(timeout: Double = 5) -> String {
        var data: [UInt8] = []
        var byte: UInt8 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, recv(fd, &byte, 1, 0) == 1 {
            data.append(byte)
            if data.count >= 4 && data.suffix(4) == [13, 10, 13, 10] { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite(.serialized) struct ServerLimitTests {
    @Test func oversizedHeadersAreRefused() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let c = try RawClient(port: t.gateway.port)
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
        let (answer, _) = c.readAll(timeout: 3)
        #expect(answer.hasPrefix("HTTP/1.1 431") || answer.hasPrefix("HTTP/1.1 413") || answer.isEmpty, "\(answer.prefix(80))")
        #expect(!answer.hasPrefix("HTTP/1.1 200"))
    }

    /// The server's own refusals answer in the form asked for: a page in Chinese to a browser, problem+json to the
    /// rest (a JSON client, or no Accept at all).
    @Test(arguments: [413, 414, 431])
    func limitRefusalsAnswerBrowsersWithAPageAndClientsWithProblemDetails(_ status: Int) throws {
        let t = try TestGateway()
        defer { t.stop() }
        func ask(_ accept: String?) throws -> String {
            let c = try RawClient(port: t.gateway.port)
            let acceptLine = accept.map { "Accept: \($0)\r\n" } ?? ""
            switch status {
            case 413:
                c.send("POST /v1/intake/web HTTP/1.1\r\nHost: x\r\n\(acceptLine)Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 99999999\r\n\r\n")
            case 414:
                c.send("GET /track/\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\(acceptLine)\r\n")
            default:
                c.send("GET /track HTTP/1.1\r\nHost: x\r\n\(acceptLine)Cookie: \("session=" + String(repeating: "c", count: 20_000))\r\n\r\n")
            }
            return c.readAll(timeout: 5).0
        }
        for accept in ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"] {
            let page = try ask(accept)
            #expect(page.hasPrefix("HTTP/1.1 \(status) "), "\(page.prefix(80))")
            #expect(page.lowercased().contains("content-type: text/html; charset=utf-8"))
            #expect(page.contains(#"<html lang="zh-CN">"#) && page.contains(#"id="refusal""#) && page.contains("HTTP \(status)"))
            #expect(page.lowercased().contains("content-security-policy: default-src 'none'"))
        }
        let type = [413: "payload-too-large", 414: "uri-too-long", 431: "headers-too-large"][status]!
        for accept in ["application/json", "application/json, text/html", nil] as [String?] {
            let answer = try ask(accept)
            #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(accept ?? "no Accept"): \(answer.prefix(80))")
            #expect(answer.lowercased().contains("content-type: application/problem+json"), "\(accept ?? "no Accept")")
            let body = try #require(answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) })
            let problem = try #require(try? JSON.parse(Array(body.utf8)))
            #expect(problem["status"]?.intValue == Int64(status) && problem["type"]?.stringValue?.hasSuffix("/" + type) == true, "\(body)")
        }
    }

    @Test func slowClientsAreCutOffAfterTheTimeout() throws {
        let t = try TestGateway { $0.connectionTimeoutSeconds = 1 }
        defer { t.stop() }
        let c = try RawClient(port: t.gateway.port)
        c.send("POST /v1/intake/web HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te")
        let started = Date()
        let (_, closed) = c.readAll(timeout: 4)
        #expect(closed, "the connection stayed open")
        #expect(Date().timeIntervalSince(started) < 3.5)
        #expect(try t.store.stats().tickets == 0)
    }

    @Test func connectionsPerClientAreCapped() throws {
        let t = try TestGateway { $0.maxConnectionsPerClient = 2; $0.httpThreads = 1 }
        defer { t.stop() }
        let a = try RawClient(port: t.gateway.port)
        let b = try RawClient(port: t.gateway.port)
        let c = try RawClient(port: t.gateway.port)
        for client in [a, b] { client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(a.readHead().hasPrefix("HTTP/1.1 200"))
        #expect(b.readHead().hasPrefix("HTTP/1.1 200"))
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let (third, closed) = c.readAll(timeout: 2)
        #expect(third.isEmpty && closed, "a third connection from one address was served: \(third.prefix(40))")
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let t = try TestGateway()
        defer { t.stop() }
        let c = try RawClient(port: t.gateway.port)
        for i in 0..<20 {
            let body = #"{"anonymous":true,"text":"长连接 \#(i)"}"#
            c.send("POST /v1/intake/web HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            let head = c.readHead()
            #expect(head.hasPrefix("HTTP/1.1 202"), "\(i): \(head.prefix(40))")
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            var body2 = [UInt8](repeating: 0, count: length)
            var got = 0
            while got < length { let n = recv(c.fd, &body2[got], length - got, 0); if n <= 0 { break }; got += n }
        }
        #expect(try t.store.stats().tickets == 20)
    }

    @Test func bodiesBeyondTheBufferBudgetAreRefusedNotBuffered() throws {
        let t = try TestGateway { $0.maxBufferedBodyBytes = 4096 }
        defer { t.stop() }
        let text = String(repeating: "路", count: 2000)  // 6 KB: under the body limit, over the budget
        let r = try t.postJSON("/v1/intake/web", #"{"anonymous":true,"text":"\#(text)"}"#)
        #expect(r.status == 503, "\(r.status) \(r.text.prefix(80))")
        #expect(r.json?["retryable"] == true)
        #expect(try t.postJSON("/v1/intake/web", #"{"anonymous":true,"text":"小的"}"#).status == 202)
    }
}

/// Issue 9, M5: slow clients. A request that trickles in is cut at its deadline; a request whose answer never comes
/// is answered 503; ten thousand idle connections from one address leave the gateway serving everyone else.
@Suite(.serialized) struct SlowClientTests {
    @Test func aTricklingRequestIsCutAtItsDeadline() throws {
        let t = try TestGateway {
            $0.connectionTimeoutSeconds = 10
            $0.requestDeadlineSeconds = 3
        }
        defer { t.stop() }
        let client = try RawClient(port: t.gateway.port)
        let head = "POST /v1/intake/web HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: " + String(repeating: "a", count: 200)
        let started = Date()
        var closedAfter: Double?
        // One byte a second: never idle for the 10 s idle timeout, but the whole request has 3 s.
        for ch in head {
            client.send(String(ch))
            var byte: UInt8 = 0
            var tv = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if recv(client.fd, &byte, 1, 0) == 0 { closedAfter = Date().timeIntervalSince(started); break }
            if Date().timeIntervalSince(started) > 15 { break }
        }
        let after = try #require(closedAfter, "the trickling connection was still open after 15 s")
        #expect(after < 8, "closed after \(after) s")
        #expect(t.gateway.server.deadlineClosures.load(ordering: .relaxed) >= 1)
        #expect(try t.request("GET", "/healthz").status == 200)
    }

    @Test func aRequestWhoseAnswerNeverComesGets503() throws {
        var config = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        config.answerDeadlineSeconds = 1
        let server = HTTPServer(configuration: config) { _, _ in }  // never answers
        try server.start()
        defer { server.stop() }
        let started = Date()
        let r = try CurlEasy().perform(method: "GET", url: "http://127.0.0.1:\(server.boundPort)/", headers: [], body: [])
        #expect(r.status == 503)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(server.answerTimeouts.load(ordering: .relaxed) == 1)
    }

    @Test func tenThousandIdleConnectionsLeaveTheGatewayServingOthers() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 16_384 {
            limit.rlim_cur = min(max(limit.rlim_max, 16_384), 16_384)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        try #require(limit.rlim_cur >= 12_000, "need 12,000 descriptors for this test, have \(limit.rlim_cur)")
        let t = try TestGateway {
            $0.maxConnectionsPerClient = 64
            $0.maxConnections = 512
        }
        defer { t.stop() }
        var fds: [Int32] = []
        defer { for fd in fds { close(fd) } }
        let started = Date()
        // From 127.0.0.2, so that the test's own requests (127.0.0.1) are "someone else".
        for _ in 0..<10_000 where Date().timeIntervalSince(started) < 60 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr("127.0.0.2")
            _ = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = t.gateway.port.bigEndian
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            fds.append(fd)
        }
        #expect(fds.count == 10_000, "opened \(fds.count) in \(Date().timeIntervalSince(started)) s")
        Thread.sleep(forTimeInterval: 0.5)
        // The per-address cap held: the server keeps at most 64 of them (plus nothing else yet).
        #expect(t.gateway.server.currentConnections <= 64 + 2, "\(t.gateway.server.currentConnections) connections held")
        // Everyone else is served meanwhile.
        for i in 0..<5 {
            let r = try t.postJSON("/v1/intake/web", #"{"phone":"1391234567\#(i)","text":"闲置连接很多时也要受理"}"#)
            #expect(r.status == 202)
        }
        #expect(try t.request("GET", "/healthz").status == 200)
    }

    /// L8: stopping while requests are suspended (and more arrive meanwhile) answers them all and never aborts.
    @Test func stoppingWithSuspendedRequestsAnswersThemAll() throws {
        var config = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        config.answerDeadlineSeconds = 60
        let server = HTTPServer(configuration: config) { _, _ in }  // never answers: every request suspends
        try server.start()
        let port = server.boundPort
        let statuses = Mutex<[Int]>([])
        let group = DispatchGroup()
        for i in 0..<20 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                if i >= 10 { Thread.sleep(forTimeInterval: 0.05) }  // some arrive while the stop is under way
                let r = try? CurlEasy().perform(method: "GET", url: "http://127.0.0.1:\(port)/", headers: [], body: [])
                statuses.withLock { $0.append(r?.status ?? 0) }
            }
        }
        Thread.sleep(forTimeInterval: 0.3)
        server.stop()
        #expect(group.wait(timeout: .now() + 20) == .success)
        // Each was answered 503 or, arriving after the stop, refused at connect (0); none hangs.
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 503 || $0 == 0 }, "\(statuses.withLock { $0 })")
        #expect(statuses.withLock { $0 }.filter { $0 == 503 }.count >= 10)
    }

    /// A stop under load, many times over: a request that begins once the stop has started is answered 503 (the
    /// gateway is stopping) on a connection that then closes, and the process never aborts (libmicrohttpd's own
    /// quiesce raced its polling threads over the listening socket and aborted a test run once).
    @Test func stoppingUnderLoadAnswersNewRequestsAndNeverAborts() throws {
        for _ in 0..<25 {
            let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { _, r in
                r.respond(HTTPResponse(status: 200, contentType: "text/plain", body: "ok"))
            }
            try server.start()
            let port = server.boundPort
            let stop = Atomic<Bool>(false)
            let group = DispatchGroup()
            for _ in 0..<4 {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    let easy = CurlEasy()
                    while !stop.load(ordering: .acquiring) {
                        _ = try? easy.perform(method: "GET", url: "http://127.0.0.1:\(port)/", headers: [], body: [])
                    }
                }
            }
            usleep(20_000)
            server.quiesce()
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let (answer, closed) = client.readAll(timeout: 5)
            #expect(answer.hasPrefix("HTTP/1.1 503") && answer.contains("stopping") && closed, "\(answer)")
            server.stop()
            stop.store(true, ordering: .releasing)
            #expect(group.wait(timeout: .now() + 20) == .success)
        }
    }
}
