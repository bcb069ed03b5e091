import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Police110

@Suite struct Police110ReceiptTests {
    let adapter = Police110Adapter()
    var pinyin: Police110Mapping { Police110ShippedMappings.all.first { $0.name == "pinyin" }! }
    var camel: Police110Mapping { Police110ShippedMappings.all.first { $0.name == "camelcase" }! }

    /// TestRequests.fixedDate is 1795400000 = 2026-11-23T02:13:20Z = 10:13:20 in Beijing.
    static let signTime = "2026-11-23 10:13:20"

    @Test func signOffReceiptInEachSchema() throws {
        let created = [IntakeOutcome(status: .created, ticketId: "t1", receiptNo: "20261122-000042", channelRef: "J4403052026112200123")]
        let p = try JSON.parse(adapter.answer(created, to: Transfers.signed(try Transfers.fixture("transfer-pinyin.json"))).body)
        #expect(p == ["JJDBH": "J4403052026112200123", "SLBH": "20261122-000042", "QSSJ": .string(Self.signTime), "QSZT": "1"])
        let answer = adapter.answer(created, to: Transfers.signed(try Transfers.fixture("transfer-camelcase.json")))
        #expect(answer.status == 200)
        #expect(answer.contentType.hasPrefix("application/json"))
        let c = try JSON.parse(answer.body)
        #expect(c == ["alarmNo": "J4403052026112200123", "receiptNo": "20261122-000042", "signTime": .string(Self.signTime), "signStatus": "1"])
    }

    @Test func repeatedDeliverySignsWithTheFirstReceipt() throws {
        let request = Transfers.signed(try Transfers.fixture("transfer-pinyin.json"))
        let first = try JSON.parse(adapter.answer([IntakeOutcome(status: .created, ticketId: "t1", receiptNo: "20261122-000042",
                                                                 channelRef: "J4403052026112200123")], to: request).body)
        let again = try JSON.parse(adapter.answer([IntakeOutcome(status: .duplicate, ticketId: "t1", receiptNo: "20261122-000042",
                                                                 channelRef: "J4403052026112200123")], to: request).body)
        #expect(first == again)
    }

    @Test func batchGetsAnArrayOfReceipts() throws {
        let request = Transfers.signed(#"[{"JJDBH":"J1","BJNR":"x"},{"JJDBH":"J2","BJNR":"y"}]"#)
        let outcomes = [IntakeOutcome(status: .created, receiptNo: "R1", channelRef: "J1"), IntakeOutcome(status: .duplicate, receiptNo: "R0", channelRef: "J2")]
        let json = try JSON.parse(adapter.answer(outcomes, to: request).body)
        #expect(json.arrayValue?.count == 2)
        #expect(json[1]?["SLBH"] == "R0")
        #expect(json[1]?["JJDBH"] == "J2")
    }

    @Test func returnNoticeInEachSchema() throws {
        let ticket = Ticket(
            id: "0193f7a0-0000-7000-8000-000000000001", receiptNo: "20261122-000042", hotline: "12345", channel: .police110,
            channelRef: "J4403052026112200123", receivedAt: TestRequests.fixedDate, submittedAt: nil, caller: Caller(),
            requestType: .unknown, subject: nil, text: "x", location: nil, urgency: .A, attachments: [], dedup: DedupInfo(),
            channelData: ["mapping": "camelcase"])
        let at = TestRequests.fixedDate.addingTimeInterval(3600)
        let p = try JSON.parse(try Police110ReturnNotice.render(ticket: ticket, reason: "涉及人身安全，属警务类事项", at: at, mapping: pinyin))
        #expect(p == ["JJDBH": "J4403052026112200123", "SLBH": "20261122-000042", "THYY": "涉及人身安全，属警务类事项",
                      "THSJ": "2026-11-23 11:13:20", "CZLX": "TH"])
        let mapping = try #require(Police110ReturnNotice.mapping(for: ticket, among: Police110ShippedMappings.all))
        #expect(mapping.name == "camelcase")
        let c = try JSON.parse(try Police110ReturnNotice.render(ticket: ticket, reason: "警情", at: at, mapping: mapping))
        #expect(c == ["alarmNo": "J4403052026112200123", "receiptNo": "20261122-000042", "returnReason": "警情",
                      "feedBackTime": "2026-11-23 11:13:20", "feedBackType": "return"])
    }

    @Test func returnNoticeRefusals() throws {
        var ticket = Ticket(
            id: "t", receiptNo: "R", hotline: "12345", channel: .web, channelRef: "x", receivedAt: TestRequests.fixedDate,
            submittedAt: nil, caller: Caller(), requestType: .unknown, subject: nil, text: "x", location: nil, urgency: nil,
            attachments: [], dedup: DedupInfo(), channelData: nil)
        #expect(throws: IntakeError.self) { try Police110ReturnNotice.render(ticket: ticket, reason: "r", at: Date(), mapping: pinyin) }
        ticket.channel = .police110
        do {
            _ = try Police110ReturnNotice.render(ticket: ticket, reason: "  ", at: Date(), mapping: pinyin)
            Issue.record("an empty reason was accepted")
        } catch {
            #expect(error.field == "reason")
        }
        #expect(Police110ReturnNotice.mapping(for: ticket, among: Police110ShippedMappings.all) == nil)
    }

    @Test func timeFormats() throws {
        var m = pinyin
        let date = TestRequests.fixedDate
        #expect(m.write(date, .localDateTime) == "2026-11-23 10:13:20")
        #expect(m.write(date, .compact) == "20261123101320")
        #expect(m.write(date, .rfc3339) == "2026-11-23T10:13:20+08:00")
        #expect(m.write(date, .unixSeconds) == .int(1_795_400_000))
        #expect(m.write(date, .unixMillis) == .int(1_795_400_000_000))
        m.utcOffsetSeconds = -(3 * 3600 + 30 * 60)
        #expect(m.write(date, .rfc3339) == "2026-11-22T22:43:20-03:30")
    }
}

@Suite struct Police110ShippedMappingTests {
    /// Channels/Police110/Mappings, from this file's place in the repository.
    static var mappingsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Channels/Police110/Mappings")
    }

    @Test func embeddedCopiesEqualTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mappingsDirectory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == Police110ShippedMappings.sources.map { $0.file + ".json" }.sorted())
        for source in Police110ShippedMappings.sources {
            let data = try Data(contentsOf: Self.mappingsDirectory.appendingPathComponent(source.file + ".json"))
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.trimmingCharacters(in: .newlines) == source.text,
                    "\(source.file).json differs from its embedded copy: run the generator (see Police110ShippedMappings.swift)")
            let fromFile = try Police110Mapping.parse(Array(data))
            let embedded = try Police110Mapping.parse(Array(source.text.utf8))
            #expect(fromFile == embedded)
        }
    }

    @Test func everyShippedMappingParses() {
        #expect(Police110ShippedMappings.all.map(\.name) == ["pinyin", "camelcase"])
        for m in Police110ShippedMappings.all {
            #expect(m.defaultUrgency == .A, "\(m.name)")
            #expect(m.fields[.incidentNo] != nil && m.fields[.text] != nil)
        }
    }
}
