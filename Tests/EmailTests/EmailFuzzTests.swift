import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Email

/// Random truncations, byte flips, insertions and splices of every fixture: the parser answers with submissions
/// or a typed error, never a trap. Seeded, so a failure is reproducible; bounded to a few thousand messages.
@Suite struct EmailFuzzTests {
    static let interesting: [[UInt8]] = ["=?", "?=", "=?gb2312?B?", "?Q?", "--", "\r\n", "\n\n", "=\r\n", "=E4", ";", "\"",
                                         "boundary=", "*0*=", "'", "<", ">", "(", "&#", "&", "<p>", "Content-Type: multipart/mixed; boundary=x\r\n"]
        .map { Array($0.utf8) }

    @Test func mutatedFixturesNeverTrap() throws {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(names.count >= 15)
        let adapter = EmailAdapter()
        var rng = SeededGenerator(seed: 12345)
        var decoded = 0, refused = 0
        for name in names {
            let original = try TestRequests.fixture(name, bundle: .module)
            for round in 0..<200 {
                var b = original
                switch round % 5 {
                case 0:
                    b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng)))
                case 1:
                    for _ in 0..<Int.random(in: 1...8, using: &rng) where !b.isEmpty {
                        b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                case 2:
                    let piece = Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &rng)]
                    b.insert(contentsOf: piece, at: Int.random(in: 0...b.count, using: &rng))
                case 3:
                    if b.count > 2 {
                        let start = Int.random(in: 0..<b.count, using: &rng)
                        let end = Int.random(in: start...min(b.count, start + 64), using: &rng)
                        b.removeSubrange(start..<end)
                    }
                default:
                    let other = try TestRequests.fixture(names[Int.random(in: 0..<names.count, using: &rng)], bundle: .module)
                    let cut = Int.random(in: 0...b.count, using: &rng)
                    b = Array(b.prefix(cut)) + Array(other.suffix(Int.random(in: 0...other.count, using: &rng)))
                }
                let request = TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: b)
                do {
                    let subs = try adapter.decode(request)
                    #expect(subs.count == 1)
                    decoded += 1
                } catch {
                    #expect([400, 413, 415, 422].contains(error.status), "\(name) round \(round): \(error)")
                    refused += 1
                }
            }
        }
        #expect(decoded + refused == names.count * 200)
        #expect(decoded > refused, "most mutations should still read as mail")
    }

    @Test func pathologicalInputs() {
        let adapter = EmailAdapter()
        let inputs: [[UInt8]] = [
            Array(repeating: 0x0A, count: 10_000),
            Array(repeating: 0x3D, count: 10_000),
            Array("From: a@b\r\nSubject: ".utf8) + Array(repeating: UInt8(ascii: "="), count: 5000) + Array("?\r\n\r\nx".utf8),
            Array("From: a@b\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n".utf8),
            Array("From: a@b\r\nContent-Type: multipart/mixed\r\n\r\nno boundary".utf8),
            Array("From: (((((((((\r\n\r\nx".utf8),
            Array("From: \"unterminated <a@b\r\n\r\nx".utf8),
            Array("From: a@b\r\nContent-Type: text/html\r\n\r\n<a href=\"x".utf8),
            Array("From: a@b\r\nContent-Type: text/html\r\n\r\n&#99999999999;&#x;&;<!--".utf8),
            Array("From: a@b\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n\u{FF}\u{FE}".utf8),
            Array("From: a@b\r\nContent-Transfer-Encoding: base64\r\n\r\n====ab=c".utf8),
            Array("From: a@b\r\nContent-Disposition: attachment; filename*0*=x'';filename*999999999999*=y\r\n\r\nz".utf8),
            Array("From: a@b\r\nDate: 99 Foo 99999999999999999999 25:61 +9999\r\n\r\nz".utf8),
            (0..<4096).map { UInt8($0 & 0xFF) },
        ]
        for (i, body) in inputs.enumerated() {
            let r = Result { () throws(IntakeError) in try adapter.decode(TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: body)) }
            if case .failure(let e) = r { #expect([400, 413, 422].contains(e.status), "input \(i): \(e)") }
        }
    }
}
