import Foundation
import HTTPServer
import IntakeCore
import Synchronization

/// A stand-in for the city's case system: accepts events over HTTP, remembers them, answers with a case id.
/// Used by `demo` and by tests; it can be told to fail, to see retries.
public final class LocalReceiver: Sendable {
    public struct Received: Sendable {
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]
        public var json: JSON? { try? JSON.parse(body) }
        public func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
    }

    private final class State: Sendable {
        let value = Mutex<(received: [Received], failWith: Int?, nextCase: Int)>(([], nil, 1))
    }
    private let server: HTTPServer
    private let state = State()

    public init(host: String = "127.0.0.1", port: UInt16 = 0) {
        let state = self.state
        server = HTTPServer(configuration: HTTPServerConfiguration(host: host, port: port, threads: 1)) { request, responder in
            let answer: HTTPResponse = state.value.withLock { s in
                if let status = s.failWith { return HTTPResponse(status: status, contentType: "text/plain", body: "failing on purpose") }
                s.received.append(Received(headers: request.headers, body: request.body))
                let caseId = "CASE-\(s.nextCase)"
                s.nextCase += 1
                return HTTPResponse(status: 200, contentType: "application/json", body: "{\"caseId\":\"\(caseId)\"}")
            }
            responder.respond(answer)
        }
    }

    public func start() throws { try server.start() }
    public func stop() { server.shutdown(graceSeconds: 2) }
    public var port: UInt16 { server.boundPort }
    public var url: String { "http://127.0.0.1:\(port)/events" }

    /// Answer every request with `status` (nil: accept again).
    public func fail(with status: Int?) { state.value.withLock { $0.failWith = status } }
    public var received: [Received] { state.value.withLock { $0.received } }
}
