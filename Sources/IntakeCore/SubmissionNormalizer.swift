import Foundation

/// The longest value each field of a submission may have, in Unicode code points (what JSON Schema's
/// `maxLength` counts). Documented in openapi.yaml and the README; every channel goes through them.
public struct SubmissionLimits: Sendable, Equatable {
    public var subject: Int
    public var text: Int
    public var name: Int
    public var address: Int
    public var district: Int
    public var phone: Int
    public var email: Int
    public var openId: Int
    public var hotline: Int

    public init(subject: Int = 200, text: Int = 20_000, name: Int = 100, address: Int = 500, district: Int = 100,
                phone: Int = 40, email: Int = 254, openId: Int = 128, hotline: Int = 32) {
        self.subject = subject
        self.text = text
        self.name = name
        self.address = address
        self.district = district
        self.phone = phone
        self.email = email
        self.openId = openId
        self.hotline = hotline
    }
}

/// What a channel does with a field over its limit.
public enum OversizePolicy: Sendable {
    /// 422 naming the field: the sender can shorten it (the web form, the mini-program's backend).
    case refuse
    /// Cut on a character boundary and listed in the ticket's `channelData.truncated`: a machine sender cannot
    /// shorten what a citizen wrote, and a ticket with a cut field is better than a lost message (SMS, calls,
    /// e-mail, WeChat pushes, 110 transfers).
    case truncate
}

/// The one normalization every channel's submissions go through, on the request thread, before storage.
///
/// The citizen's words are kept as written: line endings unified to LF, surrounding whitespace trimmed, and only
/// characters that are never text removed (C0 and C1 control characters other than tab and line feed, DEL, and
/// Unicode noncharacters). NFKC, width and punctuation folding are for matching and keys only (`MatchText`,
/// `PhoneNumber`), never for the stored or forwarded ticket.
public struct SubmissionNormalizer: Sendable {
    public var limits: SubmissionLimits
    public var areaCode: String?

    public init(limits: SubmissionLimits = SubmissionLimits(), areaCode: String? = nil) {
        self.limits = limits
        self.areaCode = areaCode
    }

    public func normalize(_ submission: Submission, policy: OversizePolicy) throws(IntakeError) -> Submission {
        var s = submission
        var truncated: [String] = []
        func bound(_ value: String?, _ field: String, _ limit: Int) throws(IntakeError) -> String? {
            guard let value else { return nil }
            let scalars = value.unicodeScalars
            guard scalars.count > limit else { return value }
            switch policy {
            case .refuse:
                throw IntakeError(.invalidField, "\(field) is longer than \(limit) characters.", field: field)
            case .truncate:
                truncated.append(field)
                // On a character boundary: whole grapheme clusters whose scalars fit.
                var out = ""
                var used = 0
                for ch in value {
                    let n = ch.unicodeScalars.count
                    if used + n > limit { break }
                    out.append(ch)
                    used += n
                }
                return out
            }
        }
        func line(_ v: String?) -> String? { v.map { TextCleaner.clean($0, keepingLines: false) }.flatMap { $0.isEmpty ? nil : $0 } }

        // One part of a long SMS keeps its surrounding spaces: the parts are joined as sent, then the whole is kept.
        s.text = try bound(TextCleaner.clean(s.text, keepingLines: true, trimming: s.fragment == nil), "text", limits.text) ?? ""
        s.subject = try bound(line(s.subject), "subject", limits.subject)
        s.caller.name = try bound(line(s.caller.name), "name", limits.name)
        s.caller.phone = try bound(line(s.caller.phone), "phone", limits.phone)
        s.caller.email = try bound(line(s.caller.email)?.lowercased(), "email", limits.email)
        s.caller.openId = try bound(line(s.caller.openId), "openId", limits.openId)
        s.hotline = try bound(line(s.hotline), "hotline", limits.hotline)
        // Entry points (numbers dialled, mailboxes, ...) only look up a hotline: at most 16, of at most 256 bytes, count.
        s.entryPoints = Array(s.entryPoints.filter { !$0.value.isEmpty && $0.value.utf8.count <= 256 }.prefix(16))
        if var loc = s.location {
            loc.address = try bound(line(loc.address), "address", limits.address)
            loc.district = try bound(line(loc.district), "district", limits.district)
            s.location = loc.isEmpty ? nil : loc
        }
        if let phone = s.caller.phone, s.caller.phoneKey == nil {
            s.caller.phoneKey = PhoneNumber.normalize(phone, areaCode: areaCode)?.key
        }
        if s.caller.phoneKey == nil && s.caller.email == nil && s.caller.openId == nil { s.caller.anonymous = true }
        if !truncated.isEmpty {
            var members = s.channelData?.objectValue ?? (s.channelData.map { [("data", $0)] } ?? [])
            members.append(("truncated", .array(truncated.map { .string($0) })))
            s.channelData = .object(members)
        }
        return s
    }
}

/// Removes what is never text and unifies line endings; nothing else about the words changes.
public enum TextCleaner {
    /// `keepingLines`: CR LF and CR become LF (bodies); otherwise every line break becomes a space (one-line fields).
    /// Surrounding whitespace (including U+3000) is trimmed; spacing inside is kept as written.
    public static func clean(_ text: String, keepingLines: Bool, trimming: Bool = true) -> String {
        // Most text has nothing to remove or unify: then it is returned as it is, without building a copy.
        if !text.unicodeScalars.contains(where: { changes($0, keepingLines: keepingLines) }) {
            guard trimming, let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
            if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
        }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            let v = s.value
            if v == 0x0D {
                out.append(keepingLines ? "\n" : " ")
                previousCR = true
                continue
            }
            defer { previousCR = false }
            if v == 0x0A {
                if previousCR { continue }
                out.append(keepingLines ? "\n" : " ")
                continue
            }
            if changes(s, keepingLines: keepingLines) { continue }
            out.append(s)
        }
        guard trimming else { return String(out) }
        var start = out.startIndex, end = out.endIndex
        while start < end, out[start].properties.isWhitespace { start = out.index(after: start) }
        while end > start, out[out.index(before: end)].properties.isWhitespace { end = out.index(before: end) }
        return String(String.UnicodeScalarView(out[start..<end]))
    }

    /// Whether `clean` drops or replaces this scalar (a line break it unifies, a control character, a noncharacter);
    /// `clean` drops every such scalar but the line breaks, which it has unified before asking.
    static func changes(_ s: Unicode.Scalar, keepingLines: Bool) -> Bool {
        let v = s.value
        if v < 0x20 { return !(v == 0x09 || (v == 0x0A && keepingLines)) }
        return v == 0x7F || (0x80...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE
    }
}
