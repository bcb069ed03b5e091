import Foundation

/// `String(format: "%.2f", x)` and `"%.1f"` for the numbers a decision's reasons print (scores, kilometres), without
/// Foundation's formatter (CoreFoundation parses the format and boxes the argument: a few microseconds a call, one or
/// two calls in every decision with reasons). The same text: the value's exact binary expansion rounded to the
/// digits; a value within a millionth of a rounding tie, negative, not finite or above 10^9 takes Foundation's path.
enum FixedDecimal {
    static func format(_ x: Double, digits: Int) -> String {
        let fallback = { (x: Double) in String(format: "%.\(digits)f", x) }
        let scale = digits == 1 ? 10.0 : 100.0
        guard digits == 1 || digits == 2, x.isFinite, x >= 0, x < 1e9 else { return fallback(x) }
        let scaled = x * scale
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        // (The product is off by at most half an ulp, far less than a millionth below 10^11: away from a tie the
        // rounding is that of the exact value.)
        guard abs(fraction - 0.5) > 1e-6 else { return fallback(x) }
        let n = Int(whole) + (fraction > 0.5 ? 1 : 0)
        let unit = Int(scale)
        let decimals = String(n % unit)
        let padding = digits == 2 && n % unit < 10 ? "0" : ""
        return "\(n / unit)." + padding + decimals
    }
}
