import Dedup
import Foundation
import IntakeCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `intake-gateway import FILE.jsonl`: loads historical tickets into the store and the dedup index, so a new
/// deployment links repeats to last month's open cases. Nothing is forwarded: the case system has these already.
///
/// One JSON object per line, in either shape:
/// - a ticket as the gateway writes it (`Ticket.json()`, `"schema": "ticket/v1"`), optionally with top-level
///   `status` and `caseId`;
/// - a flat record: `channel`, `receivedAt` and `text` required; `id`, `receiptNo`, `channelRef`, `phone`, `openId`,
///   `email`, `name`, `subject`, `requestType`, `address`, `lat`, `lng`, `crs`, `status` (`open` by default;
///   `closed`/`resolved`/`办结` close it), `caseId`, `repeatOf`, `clusterId`.
///
/// Importing the same file twice stores nothing new: a flat record without `id` gets one derived from its content.
/// Blank lines and lines starting with `#` are skipped.
public enum HistoryImport {
    public struct Summary: Sendable, Equatable {
        public var imported = 0
        public var alreadyPresent = 0
        public var invalid = 0
        public var open = 0
        public var closed = 0
        public var firstErrors: [String] = []
    }

    /// Runs the import, printing a progress bar and a summary on stderr; 0 when every line was stored or already
    /// present, 1 when some lines were invalid, 2 when the file or the store cannot be opened.
    public static func run(path: String, config: GatewayConfiguration) -> Int32 {
        let started = Date()
        do {
            let summary = try importFile(path: path, config: config, progress: true)
            let seconds = max(0.001, Date().timeIntervalSince(started))
            var out = "import: \(summary.imported) tickets imported (\(summary.open) open, \(summary.closed) closed), "
            out += "\(summary.alreadyPresent) already present, \(summary.invalid) invalid lines, "
            out += String(format: "%.1f s (%.0f tickets/s)\n", seconds, Double(summary.imported) / seconds)
            for e in summary.firstErrors { out += "  \(e)\n" }
            FileHandle.standardError.write(Data(out.utf8))
            return summary.invalid == 0 ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("import: \(error)\n".utf8))
            return 2
        }
    }

    /// The import without printing a summary (tests call it).
    public static func importFile(path: String, config: GatewayConfiguration, progress: Bool = false,
                                  batchSize: Int = 2000) throws -> Summary {
        guard let file = fopen(path, "r") else {
            throw ConfigurationError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let store = try CommandLineInterface.openStore(config)
        defer { store.close() }

        var summary = Summary()
        var batch: [(Ticket, String, String?)] = []
        var lineNumber = 0
        var bytesRead = 0
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        let bar = ProgressBar(enabled: progress, total: totalBytes)

        func flush() throws {
            guard !batch.isEmpty else { return }
            let items = batch
            batch.removeAll(keepingCapacity: true)
            let stored = try store.importTickets(items.map { (ticket: $0.0, status: $0.1, caseId: $0.2) })
            for (ok, item) in zip(stored, items) {
                if ok {
                    summary.imported += 1
                    if DedupEngine.closedStatuses.contains(item.1.lowercased()) { summary.closed += 1 } else { summary.open += 1 }
                } else {
                    summary.alreadyPresent += 1
                }
            }
            bar.update(bytes: bytesRead, tickets: summary.imported + summary.alreadyPresent)
        }

        while true {
            let n = getline(&line, &capacity, file)
            if n < 0 { break }
            lineNumber += 1
            bytesRead += n
            guard let line else { continue }
            let bytes = UnsafeRawBufferPointer(start: line, count: n)
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.hasPrefix("#") { continue }
            do {
                batch.append(try record(text, config: config))
            } catch {
                summary.invalid += 1
                if summary.firstErrors.count < 10 { summary.firstErrors.append("line \(lineNumber): \(error)") }
            }
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        bar.finish()
        return summary
    }

    /// One line as a ticket with its status and case id.
    static func record(_ line: String, config: GatewayConfiguration) throws -> (Ticket, String, String?) {
        let json: JSON
        do { json = try JSON.parse(line) } catch { throw ConfigurationError(message: "not JSON: \(error)") }
        guard json.objectValue != nil else { throw ConfigurationError(message: "not a JSON object") }
        let status = json["status"]?.stringValue ?? "open"
        let caseId = json["caseId"]?.stringValue
        var ticket: Ticket
        if json["schema"]?.stringValue == Ticket.schema || json["caller"]?.objectValue != nil {
            guard let t = Ticket(json: json) else {
                throw ConfigurationError(message: "a ticket needs id, receiptNo, channel, text and receivedAt")
            }
            ticket = t
        } else {
            guard let channel = json["channel"]?.stringValue, !channel.isEmpty else {
                throw ConfigurationError(message: "channel is missing")
            }
            guard let text = json["text"]?.stringValue, !text.isEmpty else { throw ConfigurationError(message: "text is missing") }
            guard let rawTime = json["receivedAt"]?.scalarText,
                  let receivedAt = Timestamp.parse(rawTime, defaultOffsetSeconds: config.utcOffsetSeconds)
            else {
                throw ConfigurationError(message: "receivedAt is missing or not a time")
            }
            let digest = Digest.sha256(Array(line.utf8))
            let id = json["id"]?.stringValue
                ?? UUIDv7.make(milliseconds: UInt64(max(0, receivedAt.timeIntervalSince1970 * 1000)), random: Array(digest.prefix(10)))
            let lat = json["lat"]?.doubleValue, lng = json["lng"]?.doubleValue
            let address = json["address"]?.stringValue
            let location: Location? = (address == nil && lat == nil) ? nil
                : Location(address: address, district: json["district"]?.stringValue, lat: lat, lng: lng,
                           crs: CoordinateSystem.parse(json["crs"]?.stringValue))
            let dedup = DedupInfo(status: json["repeatOf"]?.stringValue == nil ? .new : .repeat, repeatOf: json["repeatOf"]?.stringValue,
                                  clusterId: json["clusterId"]?.stringValue, reasons: ["imported from history"])
            ticket = Ticket(
                id: id, receiptNo: json["receiptNo"]?.scalarText ?? "H-" + id.prefix(8),
                hotline: json["hotline"]?.stringValue ?? config.hotline,
                channel: Channel(rawValue: channel), channelRef: json["channelRef"]?.scalarText, receivedAt: receivedAt, submittedAt: nil,
                caller: Caller(name: json["name"]?.stringValue, phone: json["phone"]?.scalarText, email: json["email"]?.stringValue,
                               openId: json["openId"]?.stringValue),
                requestType: RequestType.parse(json["requestType"]?.stringValue) ?? .unknown, subject: json["subject"]?.stringValue,
                text: TextCleaner.clean(text, keepingLines: true), location: location, urgency: Urgency.parse(json["urgency"]?.stringValue),
                attachments: [], dedup: dedup, channelData: nil)
        }
        if ticket.caller.phoneKey == nil, let phone = ticket.caller.phone {
            ticket.caller.phoneKey = PhoneNumber.normalize(phone, areaCode: config.areaCode)?.key
        }
        if let email = ticket.caller.email { ticket.caller.email = email.trimmingASCIIWhitespace().lowercased() }
        if ticket.routing == nil {
            // Routed as at intake, so operators filter old cases by category and deadline too; the record's own
            // type and urgency win as a channel's do.
            let s = Submission(channel: ticket.channel, requestType: ticket.requestType, subject: ticket.subject, text: ticket.text,
                               location: ticket.location, urgency: ticket.urgency)
            let (type, routing) = config.routingEngine.route(s, receivedAt: ticket.receivedAt)
            ticket.requestType = type
            ticket.urgency = routing.urgency
            ticket.routing = routing
        }
        return (ticket, status, caseId)
    }
}

/// A one-line progress bar on stderr, redrawn at most ten times a second.
final class ProgressBar {
    let enabled: Bool
    let total: Int
    let started = Date()
    var lastDraw = Date.distantPast

    init(enabled: Bool, total: Int) {
        self.enabled = enabled
        self.total = total
    }

    func update(bytes: Int, tickets: Int, force: Bool = false) {
        guard enabled, force || Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let fraction = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = Double(tickets) / max(0.001, Date().timeIntervalSince(started))
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(format: "%3.0f%%  %d tickets  %.0f/s", fraction * 100, tickets, rate)
        FileHandle.standardError.write(Data(line.utf8))
        lastTickets = tickets
    }

    private var lastTickets = 0

    func finish() {
        guard enabled else { return }
        update(bytes: total, tickets: lastTickets, force: true)
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
