@testable import Dedup
import Foundation
import Testing

/// The reasons' numbers written without Foundation's formatter read exactly as `String(format:)` writes them.
@Suite struct FixedDecimalTests {
    static func check(_ x: Double) {
        #expect(FixedDecimal.format(x, digits: 2) == String(format: "%.2f", x), "\(x)")
        #expect(FixedDecimal.format(x, digits: 1) == String(format: "%.1f", x), "\(x)")
    }

    @Test func scoresAndDistancesReadAsStringFormatWritesThem() {
        // Ties and near-ties of the binary values (0.125 and 0.375 are exact, 0.005 and 0.015 are not), the
        // carries (0.995, 9.95, 99.995), zero, whole numbers and the fallbacks (negative, huge, not finite).
        for x in [0, 0.005, 0.015, 0.125, 0.375, 0.625, 0.25, 0.05, 0.15, 0.45, 0.995, 0.9949999, 1, 9.95, 9.96, 99.995, 10.05,
                  0.1 + 0.2, 1 / 3, 2 / 3, 12.345, 123_456.785, -0.5, -0.004, 1e12, .infinity, -.infinity, .nan] as [Double] {
            Self.check(x)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { Self.check(Double.random(in: 0...1, using: &generator)) }
        for _ in 0..<5_000 { Self.check(Double.random(in: 0...50, using: &generator)) }
        // Scores as the rules compute them: quotients of small integers.
        for a in 0...200 { for b in 1...200 where a <= b { Self.check(Double(a) / Double(b)) } }
    }
}
