internal import CMicroHTTPD
import Synchronization
#if canImport(Glibc)
import Glibc
import Foundation
#endif

/// Limits and threading for the embedded HTTP server.
public struct HTTPServerConfiguration: Sendable {
    public var host: String
    public var port: UInt16
    /// Worker threads polling sockets (MHD's thread pool, epoll each).
    public var threads: Int
    /// Largest request body accepted; larger gets 413 before the body is read.
    public var maxBodyBytes: Int
    /// Paths allowed a different body limit (the mailbox endpoint takes whole messages up to 25 MiB).
    public var maxBodyBytesByPath: [String: Int] = [:]
    /// Largest request target (path and query); longer gets 414.
    public var maxURIBytes: Int
    /// Largest request header section (names and values together); larger gets 431 through `limitResponder`, like
    /// 413 and 414, so browsers and API clients each get their form of the answer.
    public var maxHeaderBytes: Int = 16 << 10
    /// Memory per connection for the request line and headers: the hard ceiling above `maxURIBytes` and
    /// `maxHeaderBytes`. A request head beyond it is refused by libmicrohttpd itself (431, or 414 for the request
    /// line) with its own fixed HTML body; the access handler never sees it.
    public var headerMemoryBytes: Int
    public var maxConnections: Int
    public var maxConnectionsPerClient: Int
    /// Idle or slow connections are closed after this many seconds.
    public var connectionTimeoutSeconds: Int
    /// Request bodies buffered at once, all connections together; beyond it new bodies are refused with 503, so
    /// many large uploads cannot exhaust memory before anyone is authenticated.
    public var maxBufferedBodyBytes: Int = 512 << 20
    /// A whole request (request line, headers and body) must arrive within this many seconds of the connection
    /// opening or of the previous answer on it, however steadily it trickles (the idle timeout alone lets a client
    /// sending a byte every few seconds hold a slot forever). Its socket is shut down past it.
    public var requestDeadlineSeconds: Double = 120
    /// A request whose answer waits elsewhere (a commit) is answered 503, retryable, after this many seconds.
    public var answerDeadlineSeconds: Double = 60

    public init(
        host: String = "127.0.0.1", port: UInt16 = 8080, threads: Int = 2, maxBodyBytes: Int = 10 << 20,
        maxURIBytes: Int = 8192, headerMemoryBytes: Int = 64 << 10, maxConnections: Int = 4096,
        maxConnectionsPerClient: Int = 1024, connectionTimeoutSeconds: Int = 30
    ) {
        self.host = host
        self.port = port
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.maxURIBytes = maxURIBytes
        self.headerMemoryBytes = headerMemoryBytes
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
    }
}

public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// A request as the handler sees it: whole body read, header names lowercased.
public struct HTTPRequest: Sendable {
    public let method: String
    public let path: String
    /// Query parameters in arrival order, percent-decoded.
    public let query: [(name: String, value: String)]
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    public let clientAddress: String

    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], clientAddress: String = "127.0.0.1") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
        self.clientAddress = clientAddress
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, contentType: String, body: String) {
        self.init(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8))
    }
}

/// Answers one request exactly once, from any thread. A handler that cannot answer at once (it waits for a
/// database commit) keeps the responder; the connection is suspended meanwhile, so no polling thread waits.
public final class HTTPResponder: Sendable {
    fileprivate let context: RequestContext
    fileprivate init(context: RequestContext) { self.context = context }

    public func respond(_ response: HTTPResponse) { context.complete(response) }
}

public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPResponder) -> Void

/// An HTTP/1.1 server on libmicrohttpd: epoll thread pool, suspend/resume for asynchronous answers,
/// body/URI/header limits, connection caps, timeouts, and a graceful stop that finishes in-flight requests.
public final class HTTPServer: @unchecked Sendable {
    public let configuration: HTTPServerConfiguration
    let handler: HTTPHandler
    /// Called for requests refused by the server's own limits (413, 414, 431, 503) to render their bodies: status,
    /// detail, and the request's `Accept` header when it had arrived (nil otherwise).
    let limitResponder: @Sendable (Int, String, String?) -> HTTPResponse
    private var daemon: OpaquePointer?
    private let inFlight = Atomic<Int>(0)
    private let state = Mutex<Bool>(false)
    /// Set once the server stops taking requests: a request that begins is answered 503, and every answer closes
    /// its connection, so keep-alive clients cannot keep the server busy through the grace period.
    let draining = Atomic<Bool>(false)
    /// Set when `stop` begins: from then on no request is suspended (it is answered 503 at once), so nothing can be
    /// suspended when libmicrohttpd stops (it aborts on a suspended connection).
    let stopping = Atomic<Bool>(false)
    /// Request bodies currently buffered, in bytes (see `maxBufferedBodyBytes`).
    let bufferedBodyBytes = Atomic<Int>(0)
    /// Requests suspended while their answer is prepared elsewhere (a commit), so a stop can answer them.
    private let suspended = Mutex<[ObjectIdentifier: RequestContext]>([:])
    /// Open connections by socket: since when the current request has been arriving, and whether it has arrived
    /// whole (then the answer deadline applies instead). Entries leave when MHD closes the connection, under this
    /// lock, so the watchdog never shuts down a socket number that was reused.
    fileprivate let connections = Mutex<[Int32: (since: Double, arrived: Bool)]>([:])
    private let watchdogStop = Atomic<Bool>(false)
    /// Sockets shut down for missing the request deadline, and answers given for missing the answer deadline.
    public let deadlineClosures = Atomic<Int>(0)
    public let answerTimeouts = Atomic<Int>(0)

    public init(
        configuration: HTTPServerConfiguration,
        limitResponder: @escaping @Sendable (Int, String, String?) -> HTTPResponse = { status, detail, _ in
            HTTPResponse(status: status, contentType: "text/plain", body: detail)
        },
        handler: @escaping HTTPHandler
    ) {
        self.configuration = configuration
        self.handler = handler
        self.limitResponder = limitResponder
    }

    /// Binds and starts serving; returns once the socket listens.
    public func start() throws {
        var storage = sockaddr_storage()
        let ok = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
            if configuration.host.contains(":") {
                let sa = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sa.pointee.sin6_family = sa_family_t(AF_INET6)
                sa.pointee.sin6_port = configuration.port.bigEndian
                return inet_pton(AF_INET6, configuration.host, &sa.pointee.sin6_addr) == 1
            } else {
                let sa = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                sa.pointee.sin_family = sa_family_t(AF_INET)
                sa.pointee.sin_port = configuration.port.bigEndian
                let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
                return inet_pton(AF_INET, host, &sa.pointee.sin_addr) == 1
            }
        }
        guard ok else { throw HTTPServerError(message: "cannot parse listen address \(configuration.host)") }
        var flags = MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        if configuration.host.contains(":") { flags |= MHD_USE_IPv6.rawValue }
        let me = Unmanaged.passUnretained(self).toOpaque()
        let d = withUnsafePointer(to: &storage) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                shim_mhd_start(
                    UInt32(flags), sa, accessHandler, me, completedHandler, me, connectionNotifier, me,
                    UInt32(max(1, configuration.threads)), UInt32(configuration.maxConnections),
                    UInt32(configuration.maxConnectionsPerClient), UInt32(configuration.connectionTimeoutSeconds),
                    configuration.headerMemoryBytes)
            }
        }
        guard let d else {
            throw HTTPServerError(message: "cannot listen on \(configuration.host):\(configuration.port) (\(String(cString: strerror(errno))))")
        }
        daemon = d
        let watchdog = Thread { [self] in
            while !watchdogStop.load(ordering: .acquiring) {
                enforceDeadlines(now: Date().timeIntervalSince1970)
                usleep(250_000)
            }
        }
        watchdog.name = "http-deadlines"
        watchdog.start()
    }

    /// Shuts down sockets whose request is late, and answers requests whose answer is late.
    func enforceDeadlines(now: Double) {
        let limit = configuration.requestDeadlineSeconds
        connections.withLock { table in
            for (fd, c) in table where !c.arrived && now - c.since > limit {
                deadlineClosures.add(1, ordering: .relaxed)
                table[fd] = (.infinity, true)  // once
                _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
            }
        }
        let late = suspended.withLock { $0.values.filter { now - $0.suspendedAt > configuration.answerDeadlineSeconds } }
        for context in late {
            answerTimeouts.add(1, ordering: .relaxed)
            context.complete(limitResponder(503, "The answer took longer than \(Int(configuration.answerDeadlineSeconds)) s; retry (a retry of a stored submission is answered as a duplicate).", context.accept))
        }
    }

    /// Connections the daemon holds now.
    public var currentConnections: Int {
        guard let daemon else { return 0 }
        return Int(shim_mhd_current_connections(daemon))
    }

    fileprivate func connectionStarted(_ fd: Int32) {
        let now = Date().timeIntervalSince1970
        connections.withLock { $0[fd] = (now, false) }
    }
    fileprivate func connectionClosed(_ fd: Int32) { _ = connections.withLock { $0.removeValue(forKey: fd) } }
    fileprivate func requestArrived(_ fd: Int32) { connections.withLock { if $0[fd] != nil { $0[fd]!.arrived = true } } }
    fileprivate func answerQueued(_ fd: Int32) {
        let now = Date().timeIntervalSince1970
        connections.withLock { if $0[fd] != nil, $0[fd]!.since.isFinite { $0[fd] = (now, false) } }
    }

    /// The port actually bound (useful with port 0).
    public var boundPort: UInt16 {
        guard let daemon else { return 0 }
        return shim_mhd_port(daemon)
    }

    /// Requests accepted and not yet finished (including those waiting for a commit).
    public var inFlightCount: Int { inFlight.load(ordering: .acquiring) }

    /// Stops taking requests: a request that begins from now on is answered 503 (the gateway is stopping, retry)
    /// at once, requests already begun continue, and every answer closes its connection. The listening socket stays
    /// open until `stop` closes it with the daemon, so a client hears why instead of finding the port refused.
    /// libmicrohttpd's own MHD_quiesce_daemon is not used: in 0.9.75 it takes the listening socket out of each
    /// polling thread's epoll set while those threads may be doing the same (MHD_epoll, daemon.c), and the one that
    /// comes second aborts the process ("Failed to remove listen FD from epoll set"), as a test run once did.
    public func quiesce() {
        state.withLock { stopped in
            guard !stopped, daemon != nil else { return }
            stopped = true
            draining.store(true, ordering: .releasing)
        }
    }

    /// Waits up to `seconds` for every accepted request to be answered; true when none is left.
    @discardableResult
    public func waitForInFlight(seconds: Double) -> Bool {
        var waited = 0.0
        while inFlightCount > 0 && waited < seconds {
            usleep(10_000)
            waited += 0.01
        }
        return inFlightCount == 0
    }

    /// Answers every request still suspended with `response` (whatever was to answer them will not).
    public func answerSuspended(with response: HTTPResponse) {
        let waiting = suspended.withLock { Array($0.values) }
        for context in waiting { context.complete(response) }
    }

    /// Closes every connection and the listening socket. Call after `quiesce` and once nothing is suspended:
    /// libmicrohttpd refuses to stop with suspended connections.
    public func stop() {
        quiesce()
        stopping.store(true, ordering: .releasing)
        let stoppingAnswer = limitResponder(503, "The gateway is stopping.", nil)
        answerSuspended(with: stoppingAnswer)
        waitForInFlight(seconds: 2)
        // A request that suspended between the first pass and `stopping` being seen is answered too; wait until
        // libmicrohttpd has resumed every one of them (bounded).
        for _ in 0..<200 where suspended.withLock({ !$0.isEmpty }) {
            answerSuspended(with: stoppingAnswer)
            usleep(10_000)
        }
        watchdogStop.store(true, ordering: .releasing)
        if let daemon {
            MHD_stop_daemon(daemon)  // joins its threads, then closes the listening socket and every connection
            self.daemon = nil
        }
    }

    /// Stops accepting, waits up to `graceSeconds` for in-flight requests to be answered, then closes everything.
    public func shutdown(graceSeconds: Double = 30) {
        quiesce()
        waitForInFlight(seconds: graceSeconds)
        stop()
    }

    fileprivate func didSuspend(_ context: RequestContext) { suspended.withLock { $0[ObjectIdentifier(context)] = context } }
    fileprivate func didResume(_ context: RequestContext) { _ = suspended.withLock { $0.removeValue(forKey: ObjectIdentifier(context)) } }

    deinit {
        if let daemon { MHD_stop_daemon(daemon) }
    }

    fileprivate func begin() { inFlight.add(1, ordering: .relaxed) }
    fileprivate func end() { inFlight.subtract(1, ordering: .relaxed) }
}

/// Per-request state kept in MHD's `con_cls` slot.
final class RequestContext: @unchecked Sendable {
    let connection: OpaquePointer
    unowned let server: HTTPServer
    var body: [UInt8] = []
    var refusal: (Int, String)?
    /// The request's `Accept` header, read on the first visit (the refusal answers in the form it asks for).
    var accept: String?
    var handled = false
    var maxBody = 0
    /// Bytes of this request counted in the server's buffered-body total.
    var accountedBytes = 0
    private let lock = Mutex<(response: HTTPResponse?, suspended: Bool, finished: Bool)>((nil, false, false))
    /// When the connection was suspended to wait for its answer (for the answer deadline).
    private(set) var suspendedAt: Double = .infinity

    init(connection: OpaquePointer, server: HTTPServer) {
        self.connection = connection
        self.server = server
    }

    func complete(_ response: HTTPResponse) {
        lock.withLock { state in
            guard state.response == nil else { return }
            state.response = response
            if state.suspended && !state.finished {
                state.suspended = false
                server.didResume(self)
                MHD_resume_connection(connection)
            }
        }
    }

    /// The response if ready; otherwise suspends the connection until `complete` resumes it.
    func takeOrSuspend() -> HTTPResponse? {
        lock.withLock { state in
            if let r = state.response { return r }
            if server.stopping.load(ordering: .acquiring) {
                let r = server.limitResponder(503, "The gateway is stopping.", accept)
                state.response = r
                return r
            }
            state.suspended = true
            suspendedAt = Date().timeIntervalSince1970
            server.didSuspend(self)
            MHD_suspend_connection(connection)
            return nil
        }
    }

    /// MHD is done with the connection: never resume it again.
    func finish() {
        lock.withLock { state in
            state.finished = true
            if state.suspended { server.didResume(self) }
        }
    }
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer, server: HTTPServer) -> MHD_Result {
    let r: OpaquePointer? = response.body.withUnsafeBytes { buf in
        MHD_create_response_from_buffer(buf.count, UnsafeMutableRawPointer(mutating: buf.baseAddress), MHD_ResponseMemoryMode.RESPMEM_MUST_COPY)
    }
    guard let r else { return MHD_Result.NO }
    for (name, value) in response.headers { MHD_add_response_header(r, name, value) }
    if server.draining.load(ordering: .acquiring) { MHD_add_response_header(r, "Connection", "close") }
    let result = MHD_queue_response(connection, UInt32(response.status), r)
    MHD_destroy_response(r)
    // The next request on this connection has its own deadline, counted from now.
    server.answerQueued(shim_mhd_connection_fd(connection))
    return result
}

private final class PairCollector {
    var pairs: [(name: String, value: String)] = []
    let lowercase: Bool
    init(lowercase: Bool) { self.lowercase = lowercase }
}

private func collect(_ connection: OpaquePointer, kind: MHD_ValueKind, lowercase: Bool) -> [(name: String, value: String)] {
    let collector = PairCollector(lowercase: lowercase)
    let opaque = Unmanaged.passUnretained(collector).toOpaque()
    MHD_get_connection_values(connection, kind, { cls, _, key, value in
        guard let cls, let key else { return MHD_Result.YES }
        let c = Unmanaged<PairCollector>.fromOpaque(cls).takeUnretainedValue()
        let name = String(cString: key)
        c.pairs.append((c.lowercase ? name.lowercased() : name, value.map { String(cString: $0) } ?? ""))
        return MHD_Result.YES
    }, opaque)
    return collector.pairs
}

/// The header section's size as received: every name and value with its ": " and CRLF.
private func headerSectionBytes(_ connection: OpaquePointer) -> Int {
    var total = 0
    withUnsafeMutablePointer(to: &total) { pointer in
        _ = MHD_get_connection_values(connection, MHD_ValueKind.HEADER_KIND, { cls, _, key, value in
            guard let cls else { return MHD_Result.YES }
            let n = (key.map { strlen($0) } ?? 0) + (value.map { strlen($0) } ?? 0) + 4
            cls.assumingMemoryBound(to: Int.self).pointee += n
            return MHD_Result.YES
        }, pointer)
    }
    return total
}

private func clientAddress(_ connection: OpaquePointer) -> String {
    guard let sa = shim_mhd_client_address(connection) else { return "" }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    if Int32(sa.pointee.sa_family) == AF_INET {
        sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
            var addr = sin.pointee.sin_addr
            _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
        }
    } else if Int32(sa.pointee.sa_family) == AF_INET6 {
        sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
            var addr = sin.pointee.sin6_addr
            _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
        }
    }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.hasPrefix("::ffff:") ? String(text.dropFirst(7)) : text
}

/// MHD's access handler: called on a polling thread, first with no body, then per body chunk, then once with none.
private func accessHandler(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?,
    version: UnsafePointer<CChar>?, uploadData: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>?,
    conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let conCls, let uploadSize else { return MHD_Result.NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let config = server.configuration

    guard let existing = conCls.pointee else {
        let context = RequestContext(connection: connection, server: server)
        conCls.pointee = Unmanaged.passRetained(context).toOpaque()
        server.begin()
        let urlLength = url.map { strlen($0) } ?? 0
        context.maxBody = config.maxBodyBytes
        if !config.maxBodyBytesByPath.isEmpty, let url, urlLength <= config.maxURIBytes,
           let limit = config.maxBodyBytesByPath[String(cString: url)] {
            context.maxBody = limit
        }
        context.accept = MHD_lookup_connection_value(connection, MHD_ValueKind.HEADER_KIND, "Accept").map { String(cString: $0) }
        let headerBytes = headerSectionBytes(connection)
        if server.draining.load(ordering: .acquiring) {
            context.refusal = (503, "The gateway is stopping; retry shortly.")
        } else if urlLength > config.maxURIBytes {
            context.refusal = (414, "The request target is longer than \(config.maxURIBytes) bytes.")
        } else if headerBytes > config.maxHeaderBytes {
            context.refusal = (431, "The request headers are \(headerBytes) bytes; the limit is \(config.maxHeaderBytes).")
        } else if let lengthText = MHD_lookup_connection_value(connection, MHD_ValueKind.HEADER_KIND, "Content-Length"),
                  let length = Int(String(cString: lengthText)), length > context.maxBody {
            // Refuse before reading the body; MHD closes the connection after answering.
            context.refusal = (413, "The request body is \(length) bytes; the limit is \(context.maxBody).")
            return queue(server.limitResponder(413, context.refusal!.1, context.accept), on: connection, server: server)
        }
        return MHD_Result.YES
    }
    let context = Unmanaged<RequestContext>.fromOpaque(existing).takeUnretainedValue()

    if uploadSize.pointee > 0 {
        let n = uploadSize.pointee
        if context.refusal == nil {
            if context.body.count + n > context.maxBody {
                context.refusal = (413, "The request body is larger than the limit of \(context.maxBody) bytes.")
                context.body = []
            } else if server.bufferedBodyBytes.add(n, ordering: .relaxed).newValue > config.maxBufferedBodyBytes {
                server.bufferedBodyBytes.subtract(n, ordering: .relaxed)
                context.refusal = (503, "The gateway is receiving too much at once; retry shortly.")
                context.body = []
            } else if let uploadData {
                context.accountedBytes += n
                uploadData.withMemoryRebound(to: UInt8.self, capacity: n) {
                    context.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                }
            }
        }
        uploadSize.pointee = 0
        return MHD_Result.YES
    }

    if let (status, detail) = context.refusal {
        return queue(server.limitResponder(status, detail, context.accept), on: connection, server: server)
    }

    // Second visit after a resume: the answer is ready.
    if context.handled {
        guard let response = context.takeOrSuspend() else { return MHD_Result.YES }
        return queue(response, on: connection, server: server)
    }
    context.handled = true
    server.requestArrived(shim_mhd_connection_fd(connection))
    let fullPath = url.map { String(cString: $0) } ?? "/"
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: fullPath,
        query: collect(connection, kind: MHD_ValueKind.GET_ARGUMENT_KIND, lowercase: false),
        headers: collect(connection, kind: MHD_ValueKind.HEADER_KIND, lowercase: true),
        body: context.body,
        clientAddress: clientAddress(connection))
    context.body = []
    server.handler(request, HTTPResponder(context: context))
    guard let response = context.takeOrSuspend() else { return MHD_Result.YES }
    return queue(response, on: connection, server: server)
}

private func completedHandler(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    reason: MHD_RequestTerminationCode
) {
    guard let cls, let conCls, let existing = conCls.pointee else { return }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(existing).takeUnretainedValue()
    context.finish()
    if context.accountedBytes > 0 { server.bufferedBodyBytes.subtract(context.accountedBytes, ordering: .relaxed) }
    Unmanaged<RequestContext>.fromOpaque(existing).release()
    conCls.pointee = nil
    server.end()
}

/// MHD's connection notifications: the request deadline's table follows every connection's life.
private func connectionNotifier(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    code: MHD_ConnectionNotificationCode
) {
    guard let cls, let connection else { return }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let fd = shim_mhd_connection_fd(connection)
    guard fd >= 0 else { return }
    // 0 is MHD_CONNECTION_NOTIFY_STARTED, 1 MHD_CONNECTION_NOTIFY_CLOSED (the enum's cases do not import by name).
    if code.rawValue == 0 { server.connectionStarted(fd) } else { server.connectionClosed(fd) }
}
