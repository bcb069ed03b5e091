import Foundation
import IntakeCore
import Store
import Curl
import Crypto

/// `intake-gateway demo`: a throwaway gateway and case-system receiver on loopback; every example under
/// `Channels/<Name>/Examples/*.json` is sent over real HTTP, and the tickets made of them are printed.
///
/// An example file is a JSON object: `title`, `method` (POST), `path`, `query` (object), `headers` (object),
/// and the body as `body` (JSON, sent as is), `bodyText` (a string) or `bodyFile` (a file beside it);
/// `sign` names the channel secret to sign it with the Standard Webhooks way.
public enum Demo {
    /// Secrets the demo configures for its partner channels.
    public static let secrets: [String: String] = [
        "phone": "whsec_ZGVtby1waG9uZS1zZWNyZXQtMDEyMzQ1Njc4OQ==",
        "email": "whsec_ZGVtby1lbWFpbC1zZWNyZXQtMDEyMzQ1Njc4OQ==",
        "police110": "whsec_ZGVtby1wb2xpY2UtMTEwLXNlY3JldC0wMTIzNDU=",
        "miniprogram": "whsec_ZGVtby1taW5pcHJvZ3JhbS1zZWNyZXQtMDEyMw==",
        "cmpp": "whsec_ZGVtby1jbXBwLXNlY3JldC0wMTIzNDU2Nzg5MA==",
    ]
    /// The order channels are sent in (a phone call before the SMS that repeats it).
    static let channelOrder = ["WebForm", "Phone", "SMS", "Email", "MiniProgram", "Police110"]

    public struct Example: Sendable {
        public var file: String
        public var title: String
        public var method: String
        public var path: String
        public var query: [(String, String)]
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var sign: String?
    }

    /// Reads every example under `directory` (`<Channel>/Examples/*.json`), in demo order.
    public static func examples(in directory: String) throws -> [Example] {
        let fm = FileManager.default
        let channels = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted {
            (channelOrder.firstIndex(of: $0) ?? 99, $0) < (channelOrder.firstIndex(of: $1) ?? 99, $1)
        }
        var result: [Example] = []
        for channel in channels {
            let dir = "\(directory)/\(channel)/Examples"
            guard let files = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in files.sorted() where name.hasSuffix(".json") {
                let path = "\(dir)/\(name)"
                guard let data = fm.contents(atPath: path) else { continue }
                let doc = try JSON.parse(Array(data))
                guard let p = doc["path"]?.stringValue else { continue }  // a payload sample, not a request
                var body: [UInt8] = []
                if let b = doc["body"] { body = b.serialized() }
                if let t = doc["bodyText"]?.stringValue { body = Array(t.utf8) }
                if let f = doc["bodyFile"]?.stringValue {
                    guard let d = fm.contents(atPath: "\(dir)/\(f)") else { throw StoreError("\(path): cannot read \(f)") }
                    body = Array(d)
                }
                result.append(Example(
                    file: path, title: doc["title"]?.stringValue ?? name, method: doc["method"]?.stringValue ?? "POST", path: p,
                    query: (doc["query"]?.objectValue ?? []).map { ($0.0, $0.1.scalarText ?? "") },
                    headers: (doc["headers"]?.objectValue ?? []).map { ($0.0, $0.1.scalarText ?? "") },
                    body: body, sign: doc["sign"]?.stringValue))
            }
        }
        return result
    }

    /// Sends one example to `baseURL` and returns the status and body.
    public static func send(_ example: Example, baseURL: String, easy: CurlEasy, now: Date = Date()) throws -> HTTPResult {
        var url = baseURL + example.path
        if !example.query.isEmpty {
            url += "?" + example.query.map { "\(URLEncodedForm.encode($0.0))=\(URLEncodedForm.encode($0.1))" }.joined(separator: "&")
        }
        var headers = example.headers
        if let channel = example.sign, let secret = secrets[channel] {
            let id = "msg_" + hexString(SecureRandom.bytes(8))
            headers += StandardWebhooks(secret: secret).headers(id: id, timestamp: Int64(now.timeIntervalSince1970), body: example.body)
        }
        return try easy.perform(method: example.method, url: url, headers: headers, body: example.body)
    }

    public static func run(examplesDirectory: String, environment: [String: String]) -> Int32 {
        let tmp = NSTemporaryDirectory() + "intake-demo-\(getpid())"
        try? FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let receiver = LocalReceiver()
        do {
            try receiver.start()
            var config = GatewayConfiguration()
            config.port = 0
            // A throwaway SQLite file, unless INTAKE_DATABASE names PostgreSQL (then the demo runs on that database).
            config.database = environment["INTAKE_DATABASE"].flatMap { PostgresStoreConfiguration.names($0) ? $0 : nil } ?? tmp + "/demo.sqlite"
            config.caseSystemURL = receiver.url
            config.caseSystemSecret = "whsec_ZGVtby1jYXNlLXN5c3RlbS1zZWNyZXQtMDEyMzQ1"
            config.adminToken = "demo"
            config.areaCode = environment["INTAKE_HOTLINE_AREA_CODE"] ?? "755"
            config.forwarderInitialBackoffSeconds = 0.2
            for (k, v) in secrets { config.channelSecrets[k] = [v] }
            for (k, v) in ConfigurationLoader.smsDemoSettings { config.settings[k] = v }
            for (k, v) in Demo.miniProgramSettings { config.settings[k] = v }
            let store = try CommandLineInterface.openStore(config)
            let clock = SystemClock()
            let gateway = Gateway(configuration: config, store: store, channels: StandardChannels.routes(config, clock: clock),
                              services: StandardChannels.services(config, clock: clock),
                                  clock: clock, logger: Logger(minimum: .warning))
            try gateway.start()
            defer {
                gateway.shutdown()
                receiver.stop()
            }
            let examples = try examples(in: examplesDirectory)
            let easy = CurlEasy()
            let base = "http://127.0.0.1:\(gateway.port)"
            print("Sent \(examples.count) example submissions to \(base):")
            for e in examples {
                let r = try send(e, baseURL: base, easy: easy)
                let answer = String(decoding: r.body.prefix(90), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
                print("  \(r.status)  \(e.path.padding(toLength: 34, withPad: " ", startingAt: 0)) \(e.title)\n        -> \(answer)")
            }
            // Wait for the forwarder to drain the outbox.
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline, let s = try? store.stats(), s.pending > 0 { usleep(50_000) }
            let tickets = try store.tickets(TicketQuery(limit: 1000)).reversed()
            let receipts = Dictionary(tickets.map { ($0.ticket.id, $0.ticket.receiptNo) }, uniquingKeysWith: { a, _ in a })
            print("")
            print("receipt          channel      dedup                        delivered  case      text")
            print(String(repeating: "-", count: 110))
            for t in tickets {
                var dedup = t.ticket.dedup.status.rawValue
                if let r = t.ticket.dedup.repeatOf { dedup += " of " + (receipts[r] ?? r.prefix(8) + "…") }
                if let c = t.ticket.dedup.clusterId { dedup += " cluster …" + c.suffix(6) }
                let delivered = t.deliveries.allSatisfy { $0.state == "delivered" } && !t.deliveries.isEmpty ? "yes" : "no"
                let text = t.ticket.text.replacingOccurrences(of: "\n", with: " ")
                print("\(t.ticket.receiptNo)  \(t.ticket.channel.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(dedup.padding(toLength: 28, withPad: " ", startingAt: 0)) \(delivered.padding(toLength: 10, withPad: " ", startingAt: 0)) \((t.caseId ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)) \(text.prefix(30))")
                for reason in t.ticket.dedup.reasons { print("                 reason: \(reason)") }
            }
            print("\n\(tickets.count) tickets, \(receiver.received.count) events delivered to the local case-system receiver.")
            return 0
        } catch {
            FileHandle.standardError.write(Data("demo: \(error)\n".utf8))
            return 1
        }
    }
}
