import Foundation
import Crypto

/// The source of time. Injected so tests pin it.
public protocol IntakeClock: Sendable {
    func now() -> Date
}

public struct SystemClock: IntakeClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The source of identifiers. Injected so tests pin them.
public protocol IDGenerator: Sendable {
    /// A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version, random bits; sorts by creation time.
    func uuidV7(at date: Date) -> String
}

public struct RandomIDGenerator: IDGenerator {
    public init() {}
    public func uuidV7(at date: Date) -> String { UUIDv7.make(milliseconds: UInt64(max(0, date.timeIntervalSince1970 * 1000)), random: SecureRandom.bytes(10)) }
}

public enum UUIDv7 {
    public static func make(milliseconds ms: UInt64, random: [UInt8]) -> String {
        precondition(random.count >= 10)
        var b = [UInt8](repeating: 0, count: 16)
        for k in 0..<6 { b[k] = UInt8((ms >> (8 * UInt64(5 - k))) & 0xFF) }
        b[6] = 0x70 | (random[0] & 0x0F)
        b[7] = random[1]
        b[8] = 0x80 | (random[2] & 0x3F)
        for k in 9..<16 { b[k] = random[k - 6] }
        let h = hexString(b)
        let u = Array(h.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        return "\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
    }

    /// True for the canonical 8-4-4-4-12 lowercase or uppercase hex form.
    public static func looksLikeUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) { if c != UInt8(ascii: "-") { return false } } else if !c.isHexDigit { return false }
        }
        return true
    }
}

extension UInt8 {
    var isHexDigit: Bool { (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self) }
}

/// Timestamps as the gateway writes them: RFC 3339 UTC with milliseconds.
public enum Timestamp {
    /// Instants a submission can plausibly carry (1970 to 2200). Times outside are refused when parsed, so a
    /// partner's nonsense never reaches arithmetic that could overflow.
    public static let plausibleSeconds: ClosedRange<Double> = 0...7_258_118_400

    /// A date from Unix seconds sent by a partner, or nil when outside the plausible range.
    public static func unixSeconds(_ seconds: Int64) -> Date? {
        plausibleSeconds.contains(Double(seconds)) ? Date(timeIntervalSince1970: Double(seconds)) : nil
    }

    public static func format(_ date: Date) -> String {
        // Clamped: formatting never traps, whatever date it is given.
        let seconds = min(max(date.timeIntervalSince1970, -62_135_596_800), 253_402_300_799)
        let ms = Int64((seconds.isFinite ? seconds * 1000 : 0).rounded(.down))
        var secs = ms / 1000
        let millis = Int(ms - secs * 1000)
        let days = Int(floorDiv(secs, 86_400))
        secs -= Int64(days) * 86_400
        let (y, m, d) = civil(fromDays: days)
        let hh = Int(secs / 3600), mm = Int(secs % 3600 / 60), ss = Int(secs % 60)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2)).\(pad(millis, 3))Z"
    }

    /// Parses RFC 3339 / ISO 8601 (`2026-11-22T08:30:00+08:00`, `...Z`, fractional seconds), the common
    /// Chinese system form `2026-11-22 08:30:00` (read in `defaultOffsetSeconds`, Beijing time by default),
    /// `yyyyMMddHHmmss`, and Unix seconds or milliseconds.
    public static func parse(_ raw: String, defaultOffsetSeconds: Int = 8 * 3600) -> Date? {
        guard let date = parseUnchecked(raw, defaultOffsetSeconds: defaultOffsetSeconds),
              plausibleSeconds.contains(date.timeIntervalSince1970) else { return nil }
        return date
    }

    static func parseUnchecked(_ raw: String, defaultOffsetSeconds: Int) -> Date? {
        let s = raw.trimmingASCIIWhitespace()
        guard !s.isEmpty else { return nil }
        let u = Array(s.utf8)
        if u.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            if u.count == 14 {  // yyyyMMddHHmmss
                func n(_ r: Range<Int>) -> Int { Int(String(decoding: u[r], as: UTF8.self))! }
                return make(n(0..<4), n(4..<6), n(6..<8), n(8..<10), n(10..<12), n(12..<14), 0, offset: defaultOffsetSeconds)
            }
            guard u.count <= 16, let v = Double(s) else { return nil }
            if u.count >= 12 { return Date(timeIntervalSince1970: v / 1000) }
            if u.count >= 9 { return Date(timeIntervalSince1970: v) }
            return nil
        }
        // yyyy-MM-dd[T ]HH:mm[:ss[.fff]][Z|±HH:MM|±HHMM]
        var p = 0
        func digits(_ n: Int) -> Int? {
            guard p + n <= u.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = u[p + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            p += n
            return v
        }
        func expect(_ set: [UInt8]) -> Bool {
            guard p < u.count, set.contains(u[p]) else { return false }
            p += 1
            return true
        }
        guard let y = digits(4), expect([45, 47]), let mo = digits(2), expect([45, 47]), let d = digits(2) else { return nil }
        var h = 0, mi = 0, se = 0, ms = 0
        var offset = defaultOffsetSeconds
        if p < u.count {
            guard expect([UInt8(ascii: "T"), UInt8(ascii: " "), UInt8(ascii: "t")]), let hh = digits(2), expect([58]), let mm = digits(2) else { return nil }
            h = hh; mi = mm
            if p < u.count, u[p] == 58 {
                p += 1
                guard let ss = digits(2) else { return nil }
                se = ss
                if p < u.count, u[p] == UInt8(ascii: ".") || u[p] == UInt8(ascii: ",") {
                    p += 1
                    var frac = 0, count = 0
                    while p < u.count, u[p] >= 48 && u[p] <= 57 {
                        if count < 3 { frac = frac * 10 + Int(u[p] - 48); count += 1 }
                        p += 1
                    }
                    while count < 3 { frac *= 10; count += 1 }
                    ms = frac
                }
            }
            if p < u.count {
                if u[p] == UInt8(ascii: "Z") || u[p] == UInt8(ascii: "z") {
                    offset = 0; p += 1
                } else if u[p] == UInt8(ascii: "+") || u[p] == UInt8(ascii: "-") {
                    let sign = u[p] == UInt8(ascii: "-") ? -1 : 1
                    p += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect([58])
                    let om = digits(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
            guard p == u.count else { return nil }
        }
        return make(y, mo, d, h, mi, se, ms, offset: offset)
    }

    static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int, offset: Int) -> Date? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        let days = daysFromCivil(y, mo, d)
        let secs = Double(days) * 86_400 + Double(h * 3600 + mi * 60 + s - offset) + Double(ms) / 1000
        return Date(timeIntervalSince1970: secs)
    }

    /// The calendar day (`yyyyMMdd`) of `date` at a fixed UTC offset.
    public static func dayStamp(_ date: Date, offsetSeconds: Int) -> String {
        let secs = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetSeconds)
        let (y, m, d) = civil(fromDays: Int(floorDiv(secs, 86_400)))
        return "\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))"
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's civil-from-days and days-from-civil.
    public static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
