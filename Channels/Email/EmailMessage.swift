import Foundation
import IntakeCore

/// What the gateway reads from one RFC 5322 message: who wrote it, about what, the body text a person reads,
/// the attachments, and whether a machine sent it (bounce, auto-reply).
public struct EmailMessage: Sendable {
    public var headers: MIMEHeaders
    public var subject: String?
    public var from: MailAddress?
    public var replyTo: MailAddress?
    public var to: [MailAddress]
    /// Without the angle brackets.
    public var messageID: String?
    public var date: Date?
    /// The body: the first text/plain part that says something, else the HTML part reduced to text.
    public var text: String
    /// Whether `text` came from HTML.
    public var textFromHTML: Bool
    public var attachments: [AttachmentData]
    /// Why this message was sent by a machine (bounce, auto-reply, out-of-office), or nil for a person's mail.
    public var automatic: String?
    /// The texts whose charset label did not settle their decoding (unknown, missing on 8-bit content, or lying),
    /// and what was used instead; empty when every label was right.
    public var charsets: [CharsetUse] = []

    /// Parses `bytes`; only the limits are refused. `defaultOffsetSeconds` reads a Date without a zone.
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = MIMELimits(),
                             defaultOffsetSeconds: Int = 8 * 3600) throws(IntakeError) -> EmailMessage {
        let root = try MIMEParser.parse(bytes, limits: limits)
        let h = root.headers
        let decodedSubject = h["subject"].map(RFC2047.decodeReporting)
        let subject = decodedSubject?.text
        var charsets = (decodedSubject?.fallbacks ?? []).map { CharsetUse(part: "subject", declared: $0.label, used: $0.used) }
        func bodyText(_ e: MIMEEntity, part: String) -> String {
            let (text, used) = e.textReporting()
            if let used { charsets.append(CharsetUse(part: part, declared: e.charset, used: used)) }
            return text
        }
        let from = h["from"].flatMap { MailAddress.parseList($0).first }
        let replyTo = h["reply-to"].flatMap { MailAddress.parseList($0).first }
        let to = h.all("to").flatMap(MailAddress.parseList)
        let messageID = h["message-id"].flatMap(cleanMessageID)
        let date = h["date"].flatMap { MailDate.parse($0, defaultOffsetSeconds: defaultOffsetSeconds) }

        var text = ""
        var fromHTML = false
        var bodyParts: [Int] = []  // `index` of the parts used as the body
        let all = root.walk()
        let plainIndex = findBody(root, preferring: "plain")
        if let p = plainIndex, !isBlank(all[p].text()) {
            text = bodyText(all[p], part: "body")
            bodyParts.append(p)
        } else if let hIndex = findBody(root, preferring: "html") {
            text = HTMLText.text(bodyText(all[hIndex], part: "body (html)"))
            fromHTML = true
            bodyParts.append(hIndex)
            if let p = plainIndex { bodyParts.append(p) }
        } else if let p = plainIndex {
            text = bodyText(all[p], part: "body")
            bodyParts.append(p)
        }
        // Text parts that are neither attachments nor named are the body's other forms (the HTML alternative,
        // text around an inline image), not files.
        var attachments: [AttachmentData] = []
        for e in all where !e.isMultipart && !bodyParts.contains(e.index) {
            let isText = e.mediaType == "text/plain" || e.mediaType == "text/html"
            if isText && !e.isAttachment && e.filename == nil { continue }
            if e.body.isEmpty { continue }
            let name = sanitizeFilename(e.filename) ?? defaultName(for: e.mediaType, index: attachments.count + 1)
            attachments.append(AttachmentData(name: name, contentType: e.mediaType, bytes: e.body))
        }

        return EmailMessage(headers: h, subject: subject, from: from, replyTo: replyTo, to: to, messageID: messageID,
                            date: date, text: text, textFromHTML: fromHTML, attachments: attachments,
                            automatic: automaticReason(root, h, subject: subject, from: from), charsets: charsets)
    }

    /// Where a reply goes: From, or Reply-To when From is a no-reply address (web forms and mail gateways send
    /// a citizen's message from noreply@ with the citizen in Reply-To).
    public var sender: MailAddress? {
        if let from, !Self.isNoReply(from.address) { return from }
        return replyTo ?? from
    }

    public static func isNoReply(_ address: String) -> Bool {
        let local = (address.split(separator: "@").first.map(String.init) ?? address).lowercased()
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ".", with: "")
        return local.hasPrefix("noreply") || local.hasPrefix("donotreply") || local == "mailerdaemon" || local == "postmaster"
            || local == "nobody" || local.hasPrefix("notreply")
    }

    static func cleanMessageID(_ raw: String) -> String? {
        var s = raw.trimmingASCIIWhitespace()
        if let lt = s.firstIndex(of: "<"), let gt = s[lt...].firstIndex(of: ">") { s = String(s[s.index(after: lt)..<gt]) }
        s = String(s.filter { !$0.isWhitespace })
        return s.isEmpty ? nil : String(s.prefix(500))
    }

    static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    /// Python `email`'s `get_body` walk: attachments are never the body; in multipart/related only the root
    /// (the `start` part, else the first) counts; otherwise the first matching text part in document order.
    static func findBody(_ root: MIMEEntity, preferring subtype: String) -> Int? {
        func visit(_ e: MIMEEntity) -> MIMEEntity? {
            if e.isAttachment { return nil }
            if e.mediaType.hasPrefix("text/") { return e.mediaType == "text/" + subtype ? e : nil }
            guard e.isMultipart else { return nil }
            if e.mediaType != "multipart/related" {
                for p in e.parts { if let found = visit(p) { return found } }
                return nil
            }
            var candidate: MIMEEntity?
            if let start = e.parameters["start"] {
                candidate = e.parts.first { $0.headers["content-id"] == start }
            }
            guard let c = candidate ?? e.parts.first else { return nil }
            return visit(c)
        }
        return visit(root)?.index
    }

    static func sanitizeFilename(_ name: String?) -> String? {
        guard let name else { return nil }
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let cleaned = String(String.UnicodeScalarView(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }))
            .trimmingASCIIWhitespace()
        return cleaned.isEmpty ? nil : String(cleaned.prefix(200))
    }

    static func defaultName(for type: String, index: Int) -> String {
        let ext: String
        switch type {
        case "image/jpeg": ext = "jpg"
        case "image/png": ext = "png"
        case "image/gif": ext = "gif"
        case "application/pdf": ext = "pdf"
        case "message/rfc822": ext = "eml"
        case "text/plain": ext = "txt"
        case "text/html": ext = "html"
        default: ext = "bin"
        }
        return "attachment-\(index).\(ext)"
    }

    /// Signs that a machine wrote the message (RFC 3834 Auto-Submitted, vendor headers, delivery and
    /// disposition reports, out-of-office subjects); the reason is recorded, no ticket is made.
    static func automaticReason(_ root: MIMEEntity, _ h: MIMEHeaders, subject: String?, from: MailAddress?) -> String? {
        if let a = h["auto-submitted"]?.lowercased().trimmingASCIIWhitespace(), !a.isEmpty, !a.hasPrefix("no") {
            return "auto-submitted: \(a)"
        }
        for name in ["x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply"] {
            if let v = h[name]?.lowercased().trimmingASCIIWhitespace(), !v.isEmpty, v != "no", v != "false", v != "0" {
                return "\(name): \(v)"
            }
        }
        if let p = h["precedence"]?.lowercased().trimmingASCIIWhitespace(), ["auto_reply", "bulk", "junk"].contains(p) {
            return "precedence: \(p)"
        }
        if root.mediaType == "multipart/report" {
            return "report: \(root.parameters["report-type"]?.lowercased() ?? "unknown")"
        }
        if root.walk().contains(where: { $0.mediaType == "message/delivery-status" || $0.mediaType == "message/global-delivery-status" }) {
            return "report: delivery-status"
        }
        if let from, ["mailer-daemon", "postmaster"].contains(from.address.split(separator: "@").first.map { $0.lowercased() } ?? "") {
            return "bounce: from \(from.address)"
        }
        if let s = subject?.lowercased() {
            let prefixes = ["自动回复", "自動回覆", "自动答复", "auto reply", "auto-reply", "autoreply", "automatic reply",
                            "out of office", "out of the office", "undeliverable", "undelivered mail", "delivery status notification",
                            "mail delivery failed", "退信", "系统退信"]
            for prefix in prefixes where s.hasPrefix(prefix) { return "subject: \(prefix)" }
        }
        return nil
    }
}

/// RFC 5322 dates (`Mon, 23 Nov 2026 09:15:00 +0800 (CST)`), with the obsolete forms still seen: two-digit years,
/// named zones, no day of week, no seconds.
public enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    public static func parse(_ raw: String, defaultOffsetSeconds: Int = 8 * 3600) -> Date? {
        // Drop comments and the day of week.
        var s = ""
        var depth = 0
        for ch in raw {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { s.append(ch) }
        }
        if let comma = s.firstIndex(of: ",") { s = String(s[s.index(after: comma)...]) }
        var tokens = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        guard tokens.count >= 4 else { return nil }
        // "23 Nov 2026" or "Nov 23 2026".
        if Int(tokens[0]) == nil, Int(tokens[1]) != nil { tokens.swapAt(0, 1) }
        guard let day = Int(tokens[0]), let mi = months.firstIndex(of: String(tokens[1].lowercased().prefix(3))),
              var year = Int(tokens[2]) else { return nil }
        if tokens[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }
        let time = tokens[3].split(separator: ":")
        guard time.count >= 2, let hh = Int(time[0]), let mm = Int(time[1]) else { return nil }
        let ss = time.count > 2 ? Int(time[2]) ?? 0 : 0
        var offset = defaultOffsetSeconds
        if tokens.count >= 5 {
            let z = tokens[4]
            if let sign = z.first, sign == "+" || sign == "-", z.count == 5, let v = Int(z.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((v / 100) * 3600 + (v % 100) * 60)
            } else if let h = zones[z.lowercased()] {
                offset = h * 3600
            }
        }
        guard (1...31).contains(day), (0...23).contains(hh), (0...59).contains(mm), (0...60).contains(ss),
              (1900...9999).contains(year), abs(offset) <= 14 * 3600 else { return nil }
        func pad(_ v: Int, _ w: Int) -> String { let t = String(v); return String(repeating: "0", count: max(0, w - t.count)) + t }
        let sign = offset < 0 ? "-" : "+"
        let o = abs(offset)
        let iso = "\(pad(year, 4))-\(pad(mi + 1, 2))-\(pad(day, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(min(ss, 59), 2))\(sign)\(pad(o / 3600, 2)):\(pad(o % 3600 / 60, 2))"
        return Timestamp.parse(iso)
    }
}

/// How one text of a message was decoded when its charset label did not settle it.
public struct CharsetUse: Sendable, Equatable {
    /// `subject`, `body` or `body (html)`.
    public var part: String
    /// The label as the message wrote it; nil when the part declared none.
    public var declared: String?
    /// `utf-8` or `gb18030` (an unknown, missing or lying label), or `declared-with-replacement`.
    public var used: String

    public var json: JSON { .object([("part", .string(part)), ("declared", JSON(declared)), ("used", .string(used))]) }
}
