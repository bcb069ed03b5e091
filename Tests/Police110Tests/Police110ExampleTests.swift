import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Police110

/// The demo's 110 examples: the same transfer in both shipped schemas, which must come out as the same ticket.
@Suite struct Police110ExampleTests {
    static var examplesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Channels/Police110/Examples")
    }

    @Test func examplesAreOneTransferInTwoSchemas() throws {
        let adapter = Police110Adapter()
        var subs: [Submission] = []
        for name in ["01-transfer-pinyin.json", "02-transfer-camelcase.json"] {
            let doc = try JSON.parse(Array(try Data(contentsOf: Self.examplesDirectory.appendingPathComponent(name))))
            #expect(doc["sign"] == "police110")
            let body = try #require(doc["body"]).serialized()
            subs.append(try #require(try adapter.decode(TestRequests.post("/v1/intake/police110", contentType: "application/json", body: body)).first))
        }
        #expect(subs[0].channelRef == subs[1].channelRef)
        #expect(subs[0].fingerprint == subs[1].fingerprint)
        #expect(subs[0].channelData?["police110"] == subs[1].channelData?["police110"])
    }
}
