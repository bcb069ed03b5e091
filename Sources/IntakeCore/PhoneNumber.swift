import Foundation

/// A phone number reduced to the key the gateway matches callers on.
///
/// Personal numbers become E.164 (`+8613812345678`, `+861012345678` for a Beijing landline). Numbers that are
/// not a person's (400/800, 95xxx, 96xxx, 106 SMS ports, short codes) are keyed in their own `svc:` namespace
/// so they never merge with a citizen's number.
public struct PhoneKey: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case mobile, landline, international, service }
    public let key: String
    public let kind: Kind

    public var description: String { key }
    public var isPersonal: Bool { kind != .service }

    /// The key with the middle digits hidden, for logs and reasons (`+86138****5678`).
    public var masked: String { PhoneNumber.mask(key) }
}

public enum PhoneNumber {
    /// Prefixes dialled before a number to route it through a cheap carrier (IP long distance).
    public static let ipDialPrefixes = ["17951", "17911", "17901", "17909", "12593", "10193", "11808", "96688"]

    /// Two-digit area codes (Beijing 10, and 20–29); every other mainland code has three digits.
    static func areaCodeLength(_ digitsAfterZero: Substring) -> Int {
        guard let first = digitsAfterZero.first else { return 3 }
        if first == "1" && digitsAfterZero.hasPrefix("10") { return 2 }
        if first == "2" { return 2 }
        return 3
    }

    /// Values that call centres and carriers send for a withheld number.
    static let withheld: Set<String> = ["anonymous", "unknown", "private", "withheld", "restricted", "unavailable", "-1", "0", "00000000000", "匿名", "未知", "隐藏号码", "无主叫号码"]

    /// True when `raw` says the caller withheld the number (or sent none).
    public static func isWithheld(_ raw: String?) -> Bool {
        guard let raw else { return true }
        let t = foldWidth(raw).trimmingASCIIWhitespace().lowercased()
        return t.isEmpty || withheld.contains(t)
    }

    /// Normalizes a number as written by a citizen, a carrier or a call centre.
    /// - Parameter areaCode: the hotline's own area code (without 0), for bare 7–8 digit local numbers.
    /// - Returns: nil when nothing usable is left (withheld, letters, too short).
    public static func normalize(_ raw: String, areaCode: String? = nil) -> PhoneKey? {
        if isWithheld(raw) { return nil }
        // Full-width digits and plus signs to ASCII, then drop separators and an extension.
        var text = Substring(foldWidth(raw))
        // Digits (and a plus) alone hold no extension marker: the searches are skipped.
        let digitsOnly = raw.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2B }
        for marker in ["转", "ext", "Ext", "EXT", "x", "#", ",", ";"] where !digitsOnly {
            if let r = text.range(of: marker), text[..<r.lowerBound].filter(\.isNumber).count >= 7 {
                text = text[..<r.lowerBound]
            }
        }
        var hasPlus = false
        var digits = ""
        // How many digits stand before the first separator after a digit (`0239-85213470`: 4).
        var firstGroup: Int?
        for ch in text {
            if ch.isASCII, ch.isNumber { digits.append(ch) }
            else if ch == "+" && digits.isEmpty { hasPlus = true }
            else if " -–—().·/\t\u{3000}".contains(ch) {
                if firstGroup == nil && !digits.isEmpty { firstGroup = digits.count }
                continue
            }
            else if ch == "t" || ch == "e" || ch == "l" || ch == ":" || ch == "：" || ch == "T" || ch == "E" || ch == "L" { continue }
            else { return nil }
        }
        guard digits.count >= 3 else { return nil }

        // International prefix: +CC or 00CC.
        var national = Substring(digits)
        if hasPlus || national.hasPrefix("00") {
            if !hasPlus { national = national.dropFirst(2) }
            if national.hasPrefix("86") {
                national = national.dropFirst(2)
            } else {
                guard national.count >= 7 && national.count <= 15 else { return nil }
                return PhoneKey(key: "+" + national, kind: .international)
            }
        } else if national.hasPrefix("86") && national.count == 13 && national.dropFirst(2).first == "1" {
            national = national.dropFirst(2)
        }

        // IP-dial prefixes in front of a full number.
        for prefix in ipDialPrefixes where national.hasPrefix(prefix) {
            let rest = national.dropFirst(prefix.count)
            if (rest.count == 11 && rest.first == "1") || (rest.first == "0" && rest.count >= 10) {
                national = rest
                break
            }
        }
        // A mobile number dialled with a leading 0 (long-distance habit).
        if national.count == 12 && national.hasPrefix("01") && national.dropFirst().first != "0",
           isMobile(national.dropFirst()) {
            national = national.dropFirst()
        }

        if isMobile(national) { return PhoneKey(key: "+86" + national, kind: .mobile) }

        // Landline written after +86 with the area code but without the 0: 10xxxxxxxx, 755xxxxxxx.
        let international = hasPlus || digits.hasPrefix("0086")
        if international && !national.hasPrefix("0") {
            let codeLength = areaCodeLength(national)
            let subscriber = national.dropFirst(codeLength)
            if (7...8).contains(subscriber.count) && subscriber.first != "0" && subscriber.first != "1" {
                return PhoneKey(key: "+86" + national, kind: .landline)
            }
        }

        // Service and short numbers: never personal.
        if (national.hasPrefix("400") || national.hasPrefix("800")) && national.count == 10 {
            return PhoneKey(key: "svc:" + national, kind: .service)
        }
        if national.hasPrefix("106") && national.count >= 5 {
            return PhoneKey(key: "svc:" + national, kind: .service)
        }
        if national.hasPrefix("95") && (5...6).contains(national.count) {
            return PhoneKey(key: "svc:" + national, kind: .service)
        }
        if national.hasPrefix("96") && (5...6).contains(national.count) {
            return PhoneKey(key: "svc:" + (areaCode.map { $0 + "-" } ?? "") + national, kind: .service)
        }
        if national.count <= 6 && !national.hasPrefix("0") {
            return PhoneKey(key: "svc:" + national, kind: .service)
        }

        // Landline with area code: 0 + (2 or 3 digit code) + 7–8 digit subscriber.
        if national.hasPrefix("0") {
            let afterZero = national.dropFirst()
            let codeLength = areaCodeLength(afterZero)
            let subscriber = afterZero.dropFirst(codeLength)
            let code = afterZero.prefix(codeLength)
            if (7...8).contains(subscriber.count) && subscriber.first != "0" && subscriber.first != "1" {
                return PhoneKey(key: "+86" + code + subscriber, kind: .landline)
            }
            if let written = writtenLandline(national, firstGroup: national.count == digits.count ? firstGroup : nil) {
                return written
            }
            // Local service numbers dialled with an area code (0755-96xxx).
            if subscriber.hasPrefix("96") && (5...6).contains(subscriber.count) {
                return PhoneKey(key: "svc:" + code + "-" + subscriber, kind: .service)
            }
            return nil
        }
        // Bare local number: the hotline's own area code.
        if (7...8).contains(national.count), let areaCode, national.first != "0", national.first != "1" {
            return PhoneKey(key: "+86" + areaCode + national, kind: .landline)
        }
        return nil
    }

    /// A landline the caller wrote as area code, separator and subscriber (`0239-85213470`) where the code's length
    /// by its first digit leaves no subscriber (`areaCodeLength`: 23 and 985213470): the code and subscriber as written,
    /// `0` and two or three digits, then seven or eight not starting with 0 or 1. Every call from that number gets one
    /// key, whatever the code's real length.
    static func writtenLandline(_ national: Substring, firstGroup: Int?) -> PhoneKey? {
        guard let firstGroup, (3...4).contains(firstGroup) else { return nil }
        let code = national.dropFirst().prefix(firstGroup - 1)
        let subscriber = national.dropFirst(firstGroup)
        guard (7...8).contains(subscriber.count), subscriber.first != "0", subscriber.first != "1" else { return nil }
        return PhoneKey(key: "+86" + code + subscriber, kind: .landline)
    }

    /// Full-width digits and signs to ASCII (NFKC), skipping Foundation for the usual all-ASCII number.
    static func foldWidth(_ raw: String) -> String {
        raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.precomposedStringWithCompatibilityMapping
    }

    static func isMobile(_ s: Substring) -> Bool {
        guard s.count == 11, s.first == "1" else { return false }
        let second = s.dropFirst().first!
        return ("3"..."9").contains(second) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Hides the middle of a number: `13812345678` -> `138****5678`, `+8613812345678` -> `+86138****5678`.
    public static func mask(_ value: String) -> String {
        var prefix = ""
        var body = Substring(value)
        if body.hasPrefix("svc:") { return value }
        if body.hasPrefix("+86") { prefix = "+86"; body = body.dropFirst(3) }
        else if body.hasPrefix("+") { prefix = "+"; body = body.dropFirst() }
        let chars = Array(body)
        guard chars.count >= 7 else { return prefix + String(repeating: "*", count: chars.count) }
        let keepHead = 3, keepTail = 4
        return prefix + String(chars[0..<keepHead]) + String(repeating: "*", count: chars.count - keepHead - keepTail) + String(chars[(chars.count - keepTail)...])
    }
}

public enum PersonalData {
    /// `张三` -> `张*`, `欧阳娜娜` -> `欧***`, `John Smith` -> `J*********`.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    /// `zhang.san@example.com` -> `z***@example.com`.
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), let first = email.first else { return "***" }
        return String(first) + "***" + email[at...]
    }
}
