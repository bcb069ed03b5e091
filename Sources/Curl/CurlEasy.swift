internal import CCurl

/// An error from libcurl, with its code, message and the URL asked for.
public struct CurlError: Error, CustomStringConvertible, Sendable {
    public let code: Int
    public let message: String
    public let url: String
    public var description: String { "curl error \(code) (\(message)) for \(url)" }

    /// - Parameter url: reported without user info or query, which may hold credentials.
    public init(code: Int, message: String, url: String) {
        self.code = code
        self.message = message
        self.url = CurlError.redacted(url)
    }

    /// `scheme://host[:port]/path`: user info and query removed.
    public static func redacted(_ url: String) -> String {
        var s = Substring(url)
        if let q = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { s = s[..<q] }
        guard let scheme = s.range(of: "://") else { return String(s) }
        let rest = s[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            return String(s[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
        }
        return String(s)
    }
}

/// A finished HTTP exchange.
public struct HTTPResult: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name.lowercased() == lower }?.value
    }
}

/// Which protocols a handle may speak; restricted per use so a redirect cannot wander.
public enum CurlProtocols: Sendable {
    case http
    case imap

    var list: String {
        switch self {
        case .http: return "http,https"
        case .imap: return "imap,imaps"
        }
    }
}

/// Process-wide libcurl initialisation; call once before any handle is made.
public enum Curl {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()
    public static func initialise() { _ = initialised }
    public static var version: String { String(cString: curl_version()) }
}

/// One libcurl easy handle. It keeps its connection alive between requests, so reuse it.
/// Not thread-safe: confine each handle to one thread.
public final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private var responseBody: [UInt8] = []
    private var responseHeaders: [(name: String, value: String)] = []
    private let maxResponseBytes: Int

    public init(protocols: CurlProtocols = .http, maxResponseBytes: Int = 1 << 20) {
        Curl.initialise()
        guard let h = curl_easy_init() else { fatalError("curl_easy_init returned NULL: out of memory") }
        self.handle = h
        self.maxResponseBytes = maxResponseBytes
        _ = shim_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, protocols.list)
        _ = shim_curl_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols.list)
        _ = shim_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = shim_curl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        _ = shim_curl_setopt_long(h, CURLOPT_TCP_NODELAY, 1)
    }

    deinit { curl_easy_cleanup(handle) }

    /// Performs one request; throws `CurlError` when no HTTP response came back.
    public func perform(
        method: String, url: String, headers: [(String, String)], body: [UInt8],
        connectTimeoutMs: Int = 5_000, timeoutMs: Int = 30_000
    ) throws -> HTTPResult {
        responseBody.removeAll(keepingCapacity: true)
        responseHeaders.removeAll(keepingCapacity: true)
        let h = handle
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip
        defer { curl_slist_free_all(list) }

        try check(shim_curl_setopt_string(h, CURLOPT_URL, url), url)
        try check(shim_curl_setopt_slist(h, CURLOPT_HTTPHEADER, list), url)
        try check(shim_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMs), url)
        try check(shim_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, timeoutMs), url)
        try check(shim_curl_setopt_string(h, CURLOPT_CUSTOMREQUEST, method), url)
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        try check(shim_curl_setopt_write(h, curlWrite), url)
        try check(shim_curl_setopt_pointer(h, CURLOPT_WRITEDATA, opaque), url)
        try check(shim_curl_setopt_header(h, curlHeader), url)
        try check(shim_curl_setopt_pointer(h, CURLOPT_HEADERDATA, opaque), url)

        let rc: CURLcode = body.withUnsafeBufferPointer { buf in
            if method == "GET" {
                _ = shim_curl_setopt_long(h, CURLOPT_HTTPGET, 1)
            } else {
                _ = shim_curl_setopt_long(h, CURLOPT_POSTFIELDSIZE, buf.count)
                _ = shim_curl_setopt_pointer(h, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
            return curl_easy_perform(h)
        }
        _ = shim_curl_setopt_pointer(h, CURLOPT_POSTFIELDS, nil)
        try check(rc, url)
        var status = 0
        _ = shim_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResult(status: status, headers: responseHeaders, body: responseBody)
    }

    /// The response body was longer than `maxResponseBytes`; what is kept is its beginning.
    public private(set) var responseTruncated = false

    fileprivate func appendBody(_ p: UnsafePointer<CChar>, _ n: Int) -> Bool {
        // Keep reading past the limit (the status still counts) but keep only the beginning.
        guard responseBody.count + n <= maxResponseBytes else {
            responseTruncated = true
            return true
        }
        p.withMemoryRebound(to: UInt8.self, capacity: n) { responseBody.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
        return true
    }

    fileprivate func appendHeader(_ p: UnsafePointer<CChar>, _ n: Int) {
        let line = p.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
        if line.hasPrefix("HTTP/") { responseHeaders.removeAll(keepingCapacity: true); return }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlinesASCII)
        responseHeaders.append((name, value))
    }

    private func check(_ rc: CURLcode, _ url: String) throws {
        guard rc != CURLE_OK else { return }
        throw CurlError(code: Int(rc.rawValue), message: String(cString: curl_easy_strerror(rc)), url: url)
    }
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(user).takeUnretainedValue()
    return easy.appendBody(data, size * count) ? size * count : 0
}

private func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    Unmanaged<CurlEasy>.fromOpaque(user).takeUnretainedValue().appendHeader(data, size * count)
    return size * count
}

extension Substring {
    fileprivate enum Trim { case whitespacesAndNewlinesASCII }
    fileprivate func trimmingCharacters(in _: Trim) -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" || f == "\r\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" || l == "\r\n" { s = s.dropLast() }
        return String(s)
    }
}
