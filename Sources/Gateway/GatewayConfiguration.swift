import Foundation
import IntakeCore
import HTTPServer
import Routing

/// Everything the gateway is told at start. Read once (file, then environment) by `ConfigurationLoader`.
public struct GatewayConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 8080
    /// SQLite file path (default) or a postgres:// URL.
    public var database = "var/intake.sqlite"
    public var adminToken: String?
    public var caseSystemURL: String?
    public var caseSystemSecret: String?
    /// Standard Webhooks secrets per partner channel (several for rotation).
    public var channelSecrets: [String: [String]] = [:]
    /// CIDR allowlists per channel; a channel with none accepts any address.
    public var allowlists: [String: [String]] = [:]
    public var hotline = "12345"
    /// The hotline's own area code (without the 0), for bare local numbers.
    public var areaCode: String?
    /// The hotline's UTC offset in seconds (receipt days, times without a zone).
    public var utcOffsetSeconds = 8 * 3600
    public var maxBodyBytes = 10 << 20
    /// Request bodies buffered at once across all connections; beyond it, 503.
    public var maxBufferedBodyBytes = 512 << 20
    public var httpThreads = 2
    public var maxConnections = 4096
    public var maxConnectionsPerClient = 256
    /// Public submissions per minute from one client address (0: no limit). Behind a reverse proxy every citizen
    /// shares the proxy's address, so leave it 0 there and limit at the proxy.
    /// Public web submissions a minute from one client (an IPv4 address or an IPv6 /64); 0: no limit.
    public var webRateLimitPerMinute = 30
    /// Megabytes of free disk kept for partner channels: below it public intake answers 503 and /readyz fails.
    public var diskReserveMB = 256
    public var connectionTimeoutSeconds = 30
    /// Seconds a whole request (headers and body) may take to arrive, however steadily.
    public var requestDeadlineSeconds = 120.0
    /// Seconds a request may wait for its answer (a commit) before 503.
    public var answerDeadlineSeconds = 60.0
    public var webhookToleranceSeconds: Int64 = 300
    public var forwarderWorkers = 8
    public var forwarderMaxAttempts = 15
    public var forwarderInitialBackoffSeconds = 1.0
    public var forwarderMaxBackoffSeconds = 600.0
    public var forwarderTimeoutSeconds = 10.0
    /// Seconds an instance holds an outbox event it claimed; renewed while the delivery runs (PostgreSQL: another
    /// instance takes the event over after this long when the holder died).
    public var outboxLeaseSeconds = 30.0
    /// This instance's name in /readyz, logs and outbox leases (default: host name and process id).
    public var instanceId: String?
    public var webMaxFileBytes = 5 << 20
    public var webMaxTotalBytes = 20 << 20
    public var rejectedJournalLimit = 10_000
    public var logLevel = "info"
    /// Seconds to wait for in-flight requests on SIGTERM.
    public var shutdownGraceSeconds = 30.0
    /// Channel-specific settings by config key (`sms.twilioAuthToken`), read by each channel's `Config+<Channel>.swift`.
    public var settings: [String: String] = [:]
    /// Catalogue, working calendar and deadline rules (its UTC offset is `utcOffsetSeconds`, set by the gateway).
    public var routing = RoutingEngine()
    /// Entry points (numbers dialled, seat groups, SMS ports, mailboxes, WeChat ids, 110 centres) to hotlines.
    public var hotlineMap = HotlineMap()
    /// One caller's missed calls within this many seconds fold into one callback task.
    public var missedCallWindowSeconds = 86_400.0
    /// INTAKE_DESTINATIONS_FILE: where ticket events go, by rule (nil: INTAKE_CASE_SYSTEM_URL alone).
    public var destinations: [DestinationEntry]?

    public init() {}
}

/// One configuration option: its environment variable, its key in the JSON file, and what it means.
struct OptionSpec: Sendable {
    let env: String
    let key: String
    let help: String
    let secret: Bool
    let apply: @Sendable (inout GatewayConfiguration, String) throws -> Void
}

public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

public enum ConfigurationLoader {
    static func int(_ name: String, _ v: String) throws -> Int {
        guard let i = Int(v.trimmingASCIIWhitespace()) else { throw ConfigurationError(message: "\(name) must be a whole number, not \"\(v)\"") }
        return i
    }
    static func double(_ name: String, _ v: String) throws -> Double {
        guard let d = Double(v.trimmingASCIIWhitespace()), d.isFinite else { throw ConfigurationError(message: "\(name) must be a number, not \"\(v)\"") }
        return d
    }
    /// A whole number of at least `minimum` (counts, sizes, threads: 0 or a negative number would trap or hang later).
    static func int(_ name: String, _ v: String, atLeast minimum: Int) throws -> Int {
        let i = try int(name, v)
        guard i >= minimum else { throw ConfigurationError(message: "\(name) must be at least \(minimum), not \(i)") }
        return i
    }
    /// A finite number of seconds above zero (a NaN or negative backoff would trap in `Double.random`).
    static func seconds(_ name: String, _ v: String) throws -> Double {
        let d = try double(name, v)
        guard d > 0 else { throw ConfigurationError(message: "\(name) must be a number of seconds above 0, not \"\(v)\"") }
        return d
    }
    /// An absolute http(s) URL with a host.
    static func httpURL(_ name: String, _ v: String) throws -> String {
        let t = v.trimmingASCIIWhitespace()
        guard let url = URL(string: t), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw ConfigurationError(message: "\(name) must be an http:// or https:// URL, not \"\(v)\"")
        }
        return t
    }
    /// A Standard Webhooks secret: `whsec_` and base64 (a raw string is used as is, as partners sometimes send it).
    static func webhookSecret(_ name: String, _ v: String) throws -> String {
        let t = v.trimmingASCIIWhitespace()
        if t.hasPrefix("whsec_"), Data(base64Encoded: String(t.dropFirst(6))) == nil {
            throw ConfigurationError(message: "\(name): the part after whsec_ is not base64")
        }
        guard !t.isEmpty else { throw ConfigurationError(message: "\(name) is empty") }
        return t
    }
    static func list(_ v: String) -> [String] {
        v.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init).filter { !$0.isEmpty }
    }

    static let channels = ["phone", "email", "police110", "miniprogram", "cmpp"]

    static let options: [OptionSpec] = coreOptions + smsOptions + phoneOptions + emailOptions + miniProgramOptions
        + police110Options + dedupOptions + pagesOptions + routingOptions + missedCallOptions + retentionOptions
        + destinationOptions

    /// A channel setting: stored under its config key in `settings`.
    static func setting(_ env: String, _ key: String, _ help: String, secret: Bool = false,
                        validate: (@Sendable (String) throws -> Void)? = nil) -> OptionSpec {
        OptionSpec(env: env, key: key, help: help, secret: secret) { c, v in
            try validate?(v)
            c.settings[key] = v
        }
    }

    static let coreOptions: [OptionSpec] = {
        var o: [OptionSpec] = [
            OptionSpec(env: "INTAKE_LISTEN", key: "listen", help: "host:port to serve on (default 127.0.0.1:8080; [::1]:8080 for IPv6)", secret: false) { c, v in
                let (h, p) = try parseListen(v)
                c.host = h
                c.port = p
            },
            OptionSpec(env: "INTAKE_DATABASE", key: "database", help: "SQLite file path (default var/intake.sqlite) or postgres:// URL", secret: false) { c, v in c.database = v },
            OptionSpec(env: "INTAKE_ADMIN_TOKEN", key: "adminToken", help: "bearer token for /v1/tickets and other admin routes (unset: admin routes refuse)", secret: true) { c, v in c.adminToken = v },
            OptionSpec(env: "INTAKE_CASE_SYSTEM_URL", key: "caseSystemUrl", help: "URL the case system receives ticket events at (unset: events wait in the outbox)", secret: false) { c, v in c.caseSystemURL = try httpURL("INTAKE_CASE_SYSTEM_URL", v) },
            OptionSpec(env: "INTAKE_CASE_SYSTEM_SECRET", key: "caseSystemSecret", help: "whsec_... secret events to the case system are signed with", secret: true) { c, v in c.caseSystemSecret = try webhookSecret("INTAKE_CASE_SYSTEM_SECRET", v) },
            OptionSpec(env: "INTAKE_HOTLINE", key: "hotline", help: "the hotline number tickets carry unless the channel says otherwise (default 12345)", secret: false) { c, v in c.hotline = v },
            OptionSpec(env: "INTAKE_HOTLINE_AREA_CODE", key: "areaCode", help: "the hotline's area code without 0 (e.g. 755), for bare 7-8 digit local numbers", secret: false) { c, v in
                c.areaCode = v.hasPrefix("0") ? String(v.dropFirst()) : v
            },
            OptionSpec(env: "INTAKE_UTC_OFFSET", key: "utcOffset", help: "the hotline's UTC offset, e.g. +08:00 (default); receipt numbers count per local day", secret: false) { c, v in
                c.utcOffsetSeconds = try parseOffset(v)
            },
            OptionSpec(env: "INTAKE_MAX_BODY_BYTES", key: "maxBodyBytes", help: "largest request body (default 10485760); larger: 413", secret: false) { c, v in c.maxBodyBytes = try int("INTAKE_MAX_BODY_BYTES", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_MAX_BUFFERED_BODY_BYTES", key: "maxBufferedBodyBytes", help: "request bodies held in memory at once, all connections together (default 536870912); beyond it 503", secret: false) { c, v in c.maxBufferedBodyBytes = try int("INTAKE_MAX_BUFFERED_BODY_BYTES", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_HTTP_THREADS", key: "httpThreads", help: "HTTP polling threads (default 2)", secret: false) { c, v in c.httpThreads = try int("INTAKE_HTTP_THREADS", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_MAX_CONNECTIONS", key: "maxConnections", help: "open connections in total (default 4096)", secret: false) { c, v in c.maxConnections = try int("INTAKE_MAX_CONNECTIONS", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_MAX_CONNECTIONS_PER_CLIENT", key: "maxConnectionsPerClient", help: "open connections per client address (default 256)", secret: false) { c, v in c.maxConnectionsPerClient = try int("INTAKE_MAX_CONNECTIONS_PER_CLIENT", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_DISK_RESERVE_MB", key: "diskReserveMB", help: "free disk (MB) kept beside the SQLite file: below it the public web form answers 503 and /readyz fails, while partner channels go on using the reserve (default 256; 0 disables)", secret: false) { c, v in c.diskReserveMB = try int("INTAKE_DISK_RESERVE_MB", v, atLeast: 0) },
            OptionSpec(env: "INTAKE_WEB_RATE_LIMIT", key: "webRateLimitPerMinute", help: "public web submissions per minute from one client (an IPv4 address, an IPv6 /64), over it 429 (default 30; 0: no limit, e.g. behind a proxy that limits)", secret: false) { c, v in c.webRateLimitPerMinute = try int("INTAKE_WEB_RATE_LIMIT", v, atLeast: 0) },
            OptionSpec(env: "INTAKE_REQUEST_DEADLINE", key: "requestDeadlineSeconds", help: "seconds a whole request (request line, headers and body) may take to arrive, however steadily it trickles; past it the connection is closed (default 120)", secret: false) { c, v in c.requestDeadlineSeconds = Double(try int("INTAKE_REQUEST_DEADLINE", v, atLeast: 1)) },
            OptionSpec(env: "INTAKE_ANSWER_DEADLINE", key: "answerDeadlineSeconds", help: "seconds a received request may wait for its answer (the store's commit) before 503 with retryable (default 60)", secret: false) { c, v in c.answerDeadlineSeconds = Double(try int("INTAKE_ANSWER_DEADLINE", v, atLeast: 1)) },
            OptionSpec(env: "INTAKE_CONNECTION_TIMEOUT", key: "connectionTimeoutSeconds", help: "seconds an idle or slow connection may stay open (default 30)", secret: false) { c, v in c.connectionTimeoutSeconds = try int("INTAKE_CONNECTION_TIMEOUT", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_WEBHOOK_TOLERANCE", key: "webhookToleranceSeconds", help: "how far a partner's webhook-timestamp may be from our clock (default 300)", secret: false) { c, v in c.webhookToleranceSeconds = Int64(try int("INTAKE_WEBHOOK_TOLERANCE", v, atLeast: 0)) },
            OptionSpec(env: "INTAKE_FORWARDER_WORKERS", key: "forwarderWorkers", help: "concurrent deliveries to the case system (default 8)", secret: false) { c, v in c.forwarderWorkers = try int("INTAKE_FORWARDER_WORKERS", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_FORWARDER_MAX_ATTEMPTS", key: "forwarderMaxAttempts", help: "attempts before an event goes to the dead letters (default 15)", secret: false) { c, v in c.forwarderMaxAttempts = try int("INTAKE_FORWARDER_MAX_ATTEMPTS", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_FORWARDER_INITIAL_BACKOFF", key: "forwarderInitialBackoffSeconds", help: "first retry delay in seconds, doubled each attempt (default 1)", secret: false) { c, v in c.forwarderInitialBackoffSeconds = try seconds("INTAKE_FORWARDER_INITIAL_BACKOFF", v) },
            OptionSpec(env: "INTAKE_FORWARDER_MAX_BACKOFF", key: "forwarderMaxBackoffSeconds", help: "longest retry delay in seconds (default 600)", secret: false) { c, v in c.forwarderMaxBackoffSeconds = try seconds("INTAKE_FORWARDER_MAX_BACKOFF", v) },
            OptionSpec(env: "INTAKE_FORWARDER_TIMEOUT", key: "forwarderTimeoutSeconds", help: "seconds one delivery may take (default 10)", secret: false) { c, v in c.forwarderTimeoutSeconds = try seconds("INTAKE_FORWARDER_TIMEOUT", v) },
            OptionSpec(env: "INTAKE_OUTBOX_LEASE_SECONDS", key: "outboxLeaseSeconds", help: "seconds an instance holds a claimed outbox event, renewed while it is delivered (default 30)", secret: false) { c, v in c.outboxLeaseSeconds = try seconds("INTAKE_OUTBOX_LEASE_SECONDS", v) },
            OptionSpec(env: "INTAKE_INSTANCE_ID", key: "instanceId", help: "this instance's name in /readyz and outbox leases (default host:pid)", secret: false) { c, v in c.instanceId = v },
            OptionSpec(env: "INTAKE_WEB_MAX_FILE_BYTES", key: "webMaxFileBytes", help: "largest photo on the web form (default 5242880)", secret: false) { c, v in c.webMaxFileBytes = try int("INTAKE_WEB_MAX_FILE_BYTES", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_WEB_MAX_TOTAL_BYTES", key: "webMaxTotalBytes", help: "all photos of one web submission together (default 20971520)", secret: false) { c, v in c.webMaxTotalBytes = try int("INTAKE_WEB_MAX_TOTAL_BYTES", v, atLeast: 1) },
            OptionSpec(env: "INTAKE_REJECTED_JOURNAL_LIMIT", key: "rejectedJournalLimit", help: "refused requests kept for operators (default 10000)", secret: false) { c, v in c.rejectedJournalLimit = try int("INTAKE_REJECTED_JOURNAL_LIMIT", v, atLeast: 0) },
            OptionSpec(env: "INTAKE_SHUTDOWN_GRACE", key: "shutdownGraceSeconds", help: "seconds SIGTERM waits for in-flight requests (default 30)", secret: false) { c, v in c.shutdownGraceSeconds = try seconds("INTAKE_SHUTDOWN_GRACE", v) },
            setting("INTAKE_SMS_REASSEMBLY_WAIT", "sms.reassemblyWaitSeconds",
                    "seconds the parts of a long SMS wait for the missing ones before an incomplete ticket is made (default 300)") { v in
                _ = try seconds("INTAKE_SMS_REASSEMBLY_WAIT", v)
            },
            OptionSpec(env: "INTAKE_LOG_LEVEL", key: "logLevel", help: "debug, info (default), warning or error", secret: false) { c, v in
                guard Logger.Level(name: v) != nil else { throw ConfigurationError(message: "INTAKE_LOG_LEVEL must be debug, info, warning or error") }
                c.logLevel = v
            },
        ]
        for ch in channels {
            let upper = ch.uppercased()
            o.append(OptionSpec(env: "INTAKE_CHANNEL_SECRET_\(upper)", key: "channelSecrets.\(ch)",
                                help: "whsec_... secret(s) the \(ch) partner signs with (comma-separated during rotation)", secret: true) { c, v in
                c.channelSecrets[ch] = try list(v).map { try webhookSecret("INTAKE_CHANNEL_SECRET_\(upper)", $0) }
            })
        }
        for ch in ["web", "sms", "phone", "email", "police110", "miniprogram"] {
            o.append(OptionSpec(env: "INTAKE_ALLOWLIST_\(ch.uppercased())", key: "allowlists.\(ch)",
                                help: "CIDR list of addresses the \(ch) channel accepts (unset: any)", secret: false) { c, v in
                let cidrs = list(v)
                for cidr in cidrs where CIDR(cidr) == nil { throw ConfigurationError(message: "INTAKE_ALLOWLIST_\(ch.uppercased()): \(cidr) is not a CIDR") }
                c.allowlists[ch] = cidrs
            })
        }
        return o
    }()

    static func parseListen(_ v: String) throws -> (String, UInt16) {
        var s = v.trimmingASCIIWhitespace()
        if s.hasPrefix("http://") { s = String(s.dropFirst(7)) }
        guard let colon = s.lastIndex(of: ":"), let port = UInt16(s[s.index(after: colon)...]) else {
            throw ConfigurationError(message: "INTAKE_LISTEN must be host:port, not \"\(v)\"")
        }
        var host = String(s[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty || host == "*" { host = "0.0.0.0" }
        return (host, port)
    }

    static func parseOffset(_ v: String) throws -> Int {
        let s = v.trimmingASCIIWhitespace()
        guard let first = s.first, first == "+" || first == "-" else { throw ConfigurationError(message: "INTAKE_UTC_OFFSET must look like +08:00") }
        let digits = s.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)), hh <= 14, mm < 60 else {
            throw ConfigurationError(message: "INTAKE_UTC_OFFSET must look like +08:00")
        }
        return (first == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }

    /// Applies the JSON file (if any), then the environment. `NAME_FILE` reads a secret from a file. Every bad option
    /// is named in the error, not only the first.
    public static func load(file: String?, environment: [String: String]) throws -> GatewayConfiguration {
        let (config, problems) = try loadCollectingProblems(file: file, environment: environment)
        guard problems.isEmpty else { throw ConfigurationError(message: problems.map(\.message).joined(separator: "; ")) }
        return config
    }

    /// The configuration from the options that are valid, and one error per option that is not. Throws only when the
    /// file itself cannot be read.
    static func loadCollectingProblems(file: String?, environment: [String: String]) throws
        -> (GatewayConfiguration, [ConfigurationError]) {
        var config = GatewayConfiguration()
        var problems: [ConfigurationError] = []
        var values: [String: String] = [:]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw ConfigurationError(message: "cannot read config file \(file)") }
            let json: JSON
            do { json = try JSON.parse(Array(data)) } catch { throw ConfigurationError(message: "config file \(file) is not JSON: \(error)") }
            guard let members = json.objectValue else { throw ConfigurationError(message: "config file \(file) must hold a JSON object") }
            let known = Set(options.map { $0.key.split(separator: ".").first.map(String.init) ?? $0.key })
            for (key, value) in members {
                guard known.contains(key) else { throw ConfigurationError(message: "config file \(file): unknown option \"\(key)\"") }
                if let nested = value.objectValue {
                    for (k, v) in nested {
                        let text = v.arrayValue.map { $0.compactMap(\.scalarText).joined(separator: ",") } ?? v.scalarText ?? ""
                        values["\(key).\(k)"] = text
                    }
                } else if let text = value.scalarText {
                    values[key] = text
                } else {
                    throw ConfigurationError(message: "config file \(file): \(key) must be a string or number")
                }
            }
            for (k, _) in values where !options.contains(where: { $0.key == k }) {
                throw ConfigurationError(message: "config file \(file): unknown option \"\(k)\"")
            }
        }
        for option in options {
            if let v = environment[option.env] {
                values[option.key] = v
            } else if let path = environment[option.env + "_FILE"] {
                guard let data = FileManager.default.contents(atPath: path) else {
                    problems.append(ConfigurationError(message: "\(option.env)_FILE: cannot read \(path)"))
                    values[option.key] = nil
                    continue
                }
                values[option.key] = String(decoding: data, as: UTF8.self).trimmingASCIIWhitespace()
            }
        }
        for option in options {
            guard let v = values[option.key] else { continue }
            do { try option.apply(&config, v) } catch let e as ConfigurationError {
                // Every problem names its option, also those a channel's validator words without it.
                problems.append(e.message.contains(option.env) ? e : ConfigurationError(message: "\(option.env): \(e.message)"))
            } catch {
                problems.append(ConfigurationError(message: "\(option.env): \(error)"))
            }
        }
        problems += miniProgramProblems(config)
        return (config, problems)
    }

    /// The `--help` text for every option.
    public static var helpText: String {
        var out = "Configuration (environment variable / key in the --config JSON file):\n"
        for o in options {
            out += "  \(o.env.padding(toLength: 36, withPad: " ", startingAt: 0)) \(o.key)\n      \(o.help)\(o.secret ? "; also \(o.env)_FILE" : "")\n"
        }
        return out
    }

    /// The options as a Markdown table (kept in README.md; a test checks it is complete).
    public static var markdownTable: String {
        var out = "| Environment variable | Config key | Meaning |\n|---|---|---|\n"
        for o in options { out += "| `\(o.env)`\(o.secret ? " (or `\(o.env)_FILE`)" : "") | `\(o.key)` | \(o.help) |\n" }
        return out
    }

    public static var environmentNames: [String] { options.map(\.env) }
}

/// An IPv4 or IPv6 network in CIDR notation.
public struct CIDR: Sendable {
    let network: [UInt8]
    let prefix: Int

    public init?(_ text: String) {
        // Keeps empty pieces: "/" or "/8" is refused, never an index out of range.
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let address = CIDR.parseAddress(String(first)) else { return nil }
        let bits = address.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        self.network = address
        self.prefix = prefix
    }

    public func contains(_ addressText: String) -> Bool {
        guard let address = CIDR.parseAddress(addressText), address.count == network.count else { return false }
        var remaining = prefix
        for i in 0..<address.count where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
            if address[i] & mask != network[i] & mask { return false }
            remaining -= take
        }
        return true
    }

    static func parseAddress(_ s: String) -> [UInt8]? { IPAddress.bytes(s) }
}
