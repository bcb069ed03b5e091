import Foundation
import Testing
import ChannelTesting
import IntakeCore
import Curl
@testable import Gateway

/// Every shipped example, mutated (truncated, bytes flipped, bytes inserted) and signed again so it reaches the
/// adapters, sent over real HTTP: the gateway must answer each one without a server error and keep serving.
@Suite(.serialized) struct HTTPFuzzTests {
    @Test func mutatedExamplesNeverBreakTheGateway() throws {
        let t = try TestGateway { config in
            for (k, v) in ConfigurationLoader.smsDemoSettings { config.settings[k] = v }
            for (k, v) in Demo.miniProgramSettings { config.settings[k] = v }
        }
        defer { t.stop() }
        var generator = SeededGenerator(seed: 12345)
        let easy = CurlEasy()
        var statuses: [Int: Int] = [:]
        for example in try Demo.examples(in: repositoryRoot + "/Channels") where !example.body.isEmpty {
            for _ in 0..<60 {
                var mutated = example
                var body = example.body
                switch generator.next() % 4 {
                case 0: body = Array(body.prefix(Int(generator.next() % UInt64(body.count))))
                case 1:
                    for _ in 0..<(1 + generator.next() % 8) {
                        body[Int(generator.next() % UInt64(body.count))] = UInt8(truncatingIfNeeded: generator.next())
                    }
                case 2:
                    let bytes: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x3C, 0xFF, 0xE4, 0x0A]
                    body.insert(bytes[Int(generator.next() % UInt64(bytes.count))], at: Int(generator.next() % UInt64(body.count)))
                default:
                    // Numbers made extreme where the body has digits.
                    if let i = body.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                        body.insert(contentsOf: Array("99999999999999999999".utf8), at: i)
                    }
                }
                mutated.body = body
                let r = try Demo.send(mutated, baseURL: t.base, easy: easy)
                statuses[r.status, default: 0] += 1
                #expect(r.status < 500, "\(example.path) answered \(r.status): \(r.text.prefix(120))")
            }
        }
        #expect(try t.request("GET", "/healthz").status == 200)
        #expect(statuses.values.reduce(0, +) > 1000)
        print("fuzz statuses:", statuses.sorted { $0.key < $1.key })
    }
}
