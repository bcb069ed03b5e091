internal import CCurl
import Foundation

/// What SELECT reports about a mailbox.
public struct IMAPMailboxStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    public var exists: Int
}

/// A message fetched by UID.
public struct IMAPMessage: Sendable {
    public var uid: UInt32
    /// The full RFC 822 bytes, exactly as the server holds them.
    public var bytes: [UInt8]
    /// True when fetching set `\Seen` (the fallback path); the caller clears it if it does not keep the message.
    public var markedSeen: Bool
}

/// IMAP over libcurl (imap:// and imaps://; the handle may speak nothing else). One connection, kept between calls;
/// not thread-safe, confine it to one thread.
///
/// Every command is a `CURLOPT_CUSTOMREQUEST` on the server's root URL, so libcurl never selects a mailbox behind
/// our back and the mailbox `select` chose stays the one commands act on. If libcurl reconnects, the new session
/// has no mailbox selected and the next command fails (it does not act on another mailbox); callers start over.
///
/// Fetching uses `BODY.PEEK[]`, which leaves `\Seen` alone, so a message is flagged only once it is stored.
/// libcurl does not pass the literal of a custom FETCH to the write callback; every response line does reach the
/// debug callback (CURLINFO_HEADER_IN), so the literal is read from there and checked against its announced
/// length. When that check fails (a line longer than libcurl's buffer was clipped), the message is fetched again
/// on a fresh connection with libcurl's own `;UID=` fetch, whose bytes are exact but which sets `\Seen`.
public final class CurlIMAP {
    private let handle: UnsafeMutableRawPointer
    public let baseURL: String
    private let user: String
    private let password: String
    private let timeoutMs: Int
    private let maxResponseBytes: Int
    fileprivate var written: [UInt8] = []
    fileprivate var captured: [UInt8] = []
    fileprivate var capturing = false
    fileprivate var overflow = false
    fileprivate var upload: [UInt8] = []
    fileprivate var uploadOffset = 0

    /// - Parameters:
    ///   - url: `imap://host:port` or `imaps://host:port`; a path (the mailbox) is ignored here.
    ///   - maxResponseBytes: the largest response kept (a message plus its framing).
    public init(url: String, user: String, password: String, timeoutSeconds: Int = 60, maxResponseBytes: Int = 64 << 20) throws {
        Curl.initialise()
        guard let h = curl_easy_init() else { throw CurlError(code: -1, message: "curl_easy_init failed", url: url) }
        handle = h
        baseURL = Self.root(url)
        self.user = user
        self.password = password
        self.timeoutMs = timeoutSeconds * 1000
        self.maxResponseBytes = maxResponseBytes
        guard baseURL.hasPrefix("imap://") || baseURL.hasPrefix("imaps://") else {
            throw CurlError(code: Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue), message: "only imap:// and imaps:// are allowed", url: url)
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        try check(shim_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "imap,imaps"), baseURL)
        try check(shim_curl_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "imap,imaps"), baseURL)
        try check(shim_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1), baseURL)
        try check(shim_curl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1), baseURL)
        // Response lines longer than half the buffer are clipped by libcurl; take the largest buffer it allows.
        _ = shim_curl_setopt_long(h, CURLOPT_BUFFERSIZE, 512 * 1024)
        try check(shim_curl_setopt_string(h, CURLOPT_USERNAME, user), baseURL)
        try check(shim_curl_setopt_string(h, CURLOPT_PASSWORD, password), baseURL)
        try check(shim_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, 10_000), baseURL)
        try check(shim_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, timeoutMs), baseURL)
        try check(shim_curl_setopt_write(h, imapWrite), baseURL)
        try check(shim_curl_setopt_pointer(h, CURLOPT_WRITEDATA, opaque), baseURL)
        try check(shim_curl_setopt_debug(h, imapDebug), baseURL)
        try check(shim_curl_setopt_pointer(h, CURLOPT_DEBUGDATA, opaque), baseURL)
        try check(shim_curl_setopt_read(h, imapRead), baseURL)
        try check(shim_curl_setopt_pointer(h, CURLOPT_READDATA, opaque), baseURL)
    }

    deinit { curl_easy_cleanup(handle) }

    /// `scheme://authority/` of a URL (the mailbox path dropped).
    static func root(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(url[..<schemeEnd.upperBound]) + authority + "/"
    }

    /// The mailbox named by a URL's path (`imap://host/INBOX` -> INBOX), percent-decoded; nil when there is none.
    public static func mailbox(inURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        var path = String(rest[rest.index(after: slash)...])
        if let semi = path.firstIndex(of: ";") { path = String(path[..<semi]) }
        let decoded = path.removingPercentEncodingASCII()
        return decoded.isEmpty ? nil : decoded
    }

    // MARK: Commands

    /// Runs one command (`UID SEARCH UNSEEN`) and returns the untagged response lines libcurl passes on.
    /// A NO or BAD answer is an error (CURLE_QUOTE_ERROR).
    @discardableResult
    public func command(_ text: String) throws -> [UInt8] {
        written.removeAll(keepingCapacity: true)
        overflow = false
        // libcurl URL-decodes the custom request; a literal '%' must reach the server as itself.
        try check(shim_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, text.replacingOccurrences(of: "%", with: "%25")), baseURL)
        try check(shim_curl_setopt_string(handle, CURLOPT_URL, baseURL), baseURL)
        try check(curl_easy_perform(handle), baseURL)
        if overflow { throw CurlError(code: Int(CURLE_FILESIZE_EXCEEDED.rawValue), message: "response too large", url: baseURL) }
        return written
    }

    /// SELECT (read-write): the mailbox later commands act on, and its UIDVALIDITY.
    public func select(_ mailbox: String) throws -> IMAPMailboxStatus {
        let lines = Self.lines(try command("SELECT " + Self.quote(mailbox)))
        var validity: UInt32?
        var exists = 0
        for line in lines {
            if let r = line.range(of: "[UIDVALIDITY ") {
                validity = UInt32(line[r.upperBound...].prefix { $0.isNumber })
            } else if line.hasSuffix(" EXISTS"), let n = Int(line.dropFirst(2).prefix { $0.isNumber }) {
                exists = n
            }
        }
        guard let validity else {
            throw CurlError(code: Int(CURLE_WEIRD_SERVER_REPLY.rawValue), message: "SELECT \(mailbox) reported no UIDVALIDITY", url: baseURL)
        }
        selectedMailbox = mailbox
        return IMAPMailboxStatus(uidValidity: validity, exists: exists)
    }

    /// UIDs of the selected mailbox's messages without `\Seen`, ascending.
    public func searchUnseen() throws -> [UInt32] { try search("UNSEEN") }

    public func search(_ criteria: String) throws -> [UInt32] {
        var uids: [UInt32] = []
        for line in Self.lines(try command("UID SEARCH " + criteria)) where line.hasPrefix("* SEARCH") {
            uids.append(contentsOf: line.dropFirst(8).split(separator: " ").compactMap { UInt32($0) })
        }
        return uids.sorted()
    }

    /// The size the server gives for a message (RFC822.SIZE), nil when the UID is gone.
    public func size(uid: UInt32) throws -> Int? {
        for line in Self.lines(try command("UID FETCH \(uid) RFC822.SIZE")) {
            if let r = line.range(of: "RFC822.SIZE ") { return Int(line[r.upperBound...].prefix { $0.isNumber }) }
        }
        return nil
    }

    /// A message's full bytes without setting `\Seen`; nil when the UID is gone. `partial` limits the bytes
    /// fetched (`BODY.PEEK[]<0.n>`), for keeping the start of a message that is too large.
    public func fetch(uid: UInt32, partial: Int? = nil) throws -> IMAPMessage? {
        captured.removeAll(keepingCapacity: true)
        capturing = true
        _ = shim_curl_setopt_long(handle, CURLOPT_VERBOSE, 1)
        defer {
            capturing = false
            _ = shim_curl_setopt_long(handle, CURLOPT_VERBOSE, 0)
        }
        let section = partial.map { "BODY.PEEK[]<0.\($0)>" } ?? "BODY.PEEK[]"
        let untagged = try command("UID FETCH \(uid) (UID \(section))")
        capturing = false
        if overflow { throw CurlError(code: Int(CURLE_FILESIZE_EXCEEDED.rawValue), message: "message too large", url: baseURL) }
        guard !Self.lines(untagged).isEmpty else { return nil }
        switch Self.literal(in: captured) {
        case .found(let bytes):
            return IMAPMessage(uid: uid, bytes: bytes, markedSeen: false)
        case .none:
            return nil
        case .mismatch:
            guard partial == nil else { throw CurlError(code: Int(CURLE_WEIRD_SERVER_REPLY.rawValue), message: "partial fetch was clipped", url: baseURL) }
            // libcurl's own fetch sets \\Seen; take it off at once, so that a crash before the ticket is stored
            // does not leave the message looking done.
            guard var exact = try fetchExact(uid: uid) else { return nil }
            if (try? removeFlags(uid: uid, "\\Seen")) != nil { exact.markedSeen = false }
            return exact
        }
    }

    /// libcurl's own fetch on a fresh connection: exact bytes, `\Seen` set by the server.
    private func fetchExact(uid: UInt32) throws -> IMAPMessage? {
        guard let mailbox = selectedMailbox else { return nil }
        let other = try CurlIMAP(url: baseURL, user: user, password: password, timeoutSeconds: timeoutMs / 1000,
                                 maxResponseBytes: maxResponseBytes)
        other.written.removeAll()
        try check(shim_curl_setopt_string(other.handle, CURLOPT_URL, baseURL + Self.encodePath(mailbox) + ";UID=\(uid)"), baseURL)
        try check(curl_easy_perform(other.handle), baseURL)
        return IMAPMessage(uid: uid, bytes: other.written, markedSeen: true)
    }

    public func addFlags(uid: UInt32, _ flags: String) throws { try command("UID STORE \(uid) +FLAGS.SILENT (\(flags))") }
    public func removeFlags(uid: UInt32, _ flags: String) throws { try command("UID STORE \(uid) -FLAGS.SILENT (\(flags))") }

    public func flags(uid: UInt32) throws -> [String]? {
        for line in Self.lines(try command("UID FETCH \(uid) FLAGS")) {
            guard let r = line.range(of: "FLAGS (") else { continue }
            let inside = line[r.upperBound...].prefix { $0 != ")" }
            return inside.split(separator: " ").map(String.init)
        }
        return nil
    }

    /// Moves a message to `folder` (RFC 6851 MOVE; COPY, `\Deleted` and UID EXPUNGE where MOVE is missing).
    public func move(uid: UInt32, to folder: String) throws {
        do {
            try command("UID MOVE \(uid) " + Self.quote(folder))
        } catch let e as CurlError where e.code == Int(CURLE_QUOTE_ERROR.rawValue) {
            try command("UID COPY \(uid) " + Self.quote(folder))
            try addFlags(uid: uid, "\\Deleted")
            try command("UID EXPUNGE \(uid)")
        }
    }

    /// CREATE; a mailbox that already exists is not an error.
    public func create(_ mailbox: String) throws {
        do { try command("CREATE " + Self.quote(mailbox)) } catch let e as CurlError where e.code == Int(CURLE_QUOTE_ERROR.rawValue) {
            _ = try select(mailbox)  // throws when it really is missing
        }
    }

    /// APPEND (libcurl's upload). libcurl appends with `\Seen`; clear it to make the message new.
    public func append(_ message: [UInt8], to mailbox: String) throws {
        upload = message
        uploadOffset = 0
        defer {
            upload = []
            _ = shim_curl_setopt_long(handle, CURLOPT_UPLOAD, 0)
        }
        _ = shim_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        try check(shim_curl_setopt_string(handle, CURLOPT_URL, baseURL + Self.encodePath(mailbox)), baseURL)
        try check(shim_curl_setopt_long(handle, CURLOPT_UPLOAD, 1), baseURL)
        try check(shim_curl_setopt_long(handle, CURLOPT_INFILESIZE, message.count), baseURL)
        try check(curl_easy_perform(handle), baseURL)
    }

    // MARK: Parsing

    private var selectedMailbox: String?

    enum Literal { case found([UInt8]), none, mismatch }

    /// The literal of the first `* n FETCH (... {size}` line in a response stream.
    static func literal(in stream: [UInt8]) -> Literal {
        var i = 0
        while i < stream.count {
            var end = i
            while end < stream.count && stream[end] != 0x0A { end += 1 }
            let lineEnd = min(end + 1, stream.count)
            var contentEnd = end
            if contentEnd > i && stream[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = String(decoding: stream[i..<contentEnd], as: UTF8.self)
            if line.hasPrefix("* "), line.contains(" FETCH ("), line.hasSuffix("}"), let open = line.lastIndex(of: "{"),
               let size = Int(line[line.index(after: open)...].dropLast()) {
                // A size from the server is checked before any arithmetic: negative or larger than what arrived.
                guard size >= 0, size <= stream.count - lineEnd else { return .mismatch }
                let bytes = Array(stream[lineEnd..<(lineEnd + size)])
                // After the literal the FETCH response closes with ")" (possibly more items first).
                let after = lineEnd + size
                guard after < stream.count, stream[after] == UInt8(ascii: ")") || stream[after] == UInt8(ascii: " ") else { return .mismatch }
                return .found(bytes)
            }
            i = lineEnd
        }
        return .none
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    /// An IMAP quoted string. Mailbox names are used as given (ASCII; modified UTF-7 is the caller's business).
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func encodePath(_ mailbox: String) -> String {
        var out = ""
        for b in mailbox.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }

    private func check(_ rc: CURLcode, _ url: String) throws {
        guard rc != CURLE_OK else { return }
        throw CurlError(code: Int(rc.rawValue), message: String(cString: curl_easy_strerror(rc)), url: url)
    }

    // MARK: Callbacks' side

    fileprivate func appendWritten(_ p: UnsafePointer<CChar>, _ n: Int) -> Bool {
        guard written.count + n <= maxResponseBytes else { overflow = true; return false }
        p.withMemoryRebound(to: UInt8.self, capacity: n) { written.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
        return true
    }

    fileprivate func appendCaptured(_ p: UnsafePointer<CChar>, _ n: Int) {
        guard capturing else { return }
        guard captured.count + n <= maxResponseBytes else { overflow = true; return }
        p.withMemoryRebound(to: UInt8.self, capacity: n) { captured.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
    }

    fileprivate func readUpload(_ p: UnsafeMutablePointer<CChar>, _ max: Int) -> Int {
        let n = Swift.min(max, upload.count - uploadOffset)
        guard n > 0 else { return 0 }
        upload.withUnsafeBufferPointer { buf in
            UnsafeMutableRawPointer(p).copyMemory(from: buf.baseAddress! + uploadOffset, byteCount: n)
        }
        uploadOffset += n
        return n
    }
}

private func imapWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let imap = Unmanaged<CurlIMAP>.fromOpaque(user).takeUnretainedValue()
    return imap.appendWritten(data, size * count) ? size * count : 0
}

private func imapDebug(_ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
                       _ user: UnsafeMutableRawPointer?) -> Int32 {
    // Only what the server sent; what we sent (the login included) is never looked at.
    guard type == CURLINFO_HEADER_IN, let data, let user else { return 0 }
    Unmanaged<CurlIMAP>.fromOpaque(user).takeUnretainedValue().appendCaptured(data, size)
    return 0
}

private func imapRead(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    return Unmanaged<CurlIMAP>.fromOpaque(user).takeUnretainedValue().readUpload(data, size * count)
}

extension String {
    fileprivate func removingPercentEncodingASCII() -> String {
        var out: [UInt8] = []
        let u = Array(utf8)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
