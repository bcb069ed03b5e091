import Foundation
import Testing
import IntakeCore
import Store
@testable import Gateway

/// Imported history and repeats whose original never reached a destination (README: Destinations by rule).
@Suite(.serialized) struct RepeatsAcrossDestinationsTests {
    /// The case system takes everything; the city platform only what comes in by web.
    static func gateway(_ store: TestStore) throws -> (TestGateway, LocalReceiver, () -> Void) {
        try DestinationTests.gateway(store) { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)"},
             {"name": "city-management", "url": "\(cityURL)", "match": {"channel": ["web"]}}]
            """
        }
    }

    static func last(_ r: LocalReceiver, ticket: String) -> JSON? {
        r.received.compactMap(\.json).last { $0["data"]?["ticket"]?["id"]?.stringValue == ticket }
    }

    @Test(arguments: TestStore.allCases) func importedHistoryIsNeitherForwardedNorNotForwarded(_ store: TestStore) throws {
        let (t, city, done) = try Self.gateway(store)
        defer { done() }
        let yesterday = Date().addingTimeInterval(-86_400)
        let (ticket, status, caseId) = try HistoryImport.record(
            #"{"id":"h-1","receiptNo":"20261101-000001","channel":"phone","receivedAt":"\#(Timestamp.format(yesterday))","phone":"13812345678","text":"阳光花园楼下烧烤店油烟太大，每晚熏到半夜。","address":"南山区阳光花园","status":"open","caseId":"SZ-1"}"#,
            config: GatewayConfiguration())
        #expect(try t.store.importTickets([(ticket: ticket, status: status, caseId: caseId)]) == [true])

        let view = try #require(try t.admin("/v1/tickets/h-1").json)
        #expect(view["imported"] == true && view["notForwarded"] == nil, "\(view)")
        #expect(view["caseId"] == "SZ-1")
        #expect(try t.admin("/v1/tickets/20261101-000001").json?["id"] == "h-1", "found by its own receipt number too")
        let since = Timestamp.format(yesterday.addingTimeInterval(-3600))
        let report = try #require(try t.admin("/v1/admin/reconciliation?since=\(since)").json)
        for line in report["destinations"]?.arrayValue ?? [] {
            #expect(line["received"] == 0 && line["notForwarded"] == 0, "imported history is not the gateway's to count: \(line)")
        }

        // The same caller today, by web: a repeat of the imported case. The case system has the original (the
        // import recorded its case id); the city platform never had it and is told so.
        let r = try t.postJSON("/v1/intake/web", #"{"phone":"13812345678","text":"阳光花园楼下的烧烤店油烟还是很大，每天晚上熏到半夜","address":"南山区阳光花园"}"#)
        let again = try #require(r.json?["ticketId"]?.stringValue)
        #expect(try t.admin("/v1/tickets/\(again)").json?["dedup"]?["repeatOf"] == "h-1")
        #expect(t.eventually { Self.last(t.receiver, ticket: again) != nil && Self.last(city, ticket: again) != nil })
        let toCase = try #require(Self.last(t.receiver, ticket: again)?["data"])
        #expect(toCase["originalCaseId"] == "SZ-1" && toCase["originalTicketId"] == "h-1" && toCase["originalSentHere"] == false, "\(toCase)")
        let toCity = try #require(Self.last(city, ticket: again)?["data"])
        #expect(toCity["originalCaseId"] == .null && toCity["originalTicketId"] == "h-1" && toCity["originalSentHere"] == false, "\(toCity)")
    }

    @Test(arguments: TestStore.allCases) func aRepeatGoesAtOnceWhereItsOriginalNeverWent(_ store: TestStore) throws {
        let (t, city, done) = try Self.gateway(store)
        defer { done() }
        // The original by phone: the case system only.
        let original = try DestinationTests.call(t, id: "x-1", callee: "12345", category: "streetlight", text: "幸福路12号路灯不亮",
                                                 caller: "13700137001")
        #expect(t.eventually { Self.last(t.receiver, ticket: original) != nil })
        #expect(try t.eventually { try t.admin("/v1/tickets/\(original)").json?["delivery"]?[0]?["caseId"]?.stringValue != nil })
        let caseId = try #require(try t.admin("/v1/tickets/\(original)").json?["delivery"]?[0]?["caseId"]?.stringValue)
        #expect(city.received.isEmpty)
        // The repeat by web: both destinations take it.
        let r = try t.postJSON("/v1/intake/web", #"{"phone":"13700137001","text":"幸福路12号的路灯还是不亮","address":"幸福路12号"}"#)
        let again = try #require(r.json?["ticketId"]?.stringValue)
        #expect(try t.admin("/v1/tickets/\(again)").json?["dedup"]?["repeatOf"]?.stringValue == original)
        #expect(t.eventually { Self.last(t.receiver, ticket: again) != nil && Self.last(city, ticket: again) != nil })
        let toCase = try #require(Self.last(t.receiver, ticket: again))
        #expect(toCase["type"] == "ticket.repeat" && toCase["data"]?["originalCaseId"]?.stringValue == caseId
                    && toCase["data"]?["originalSentHere"] == true, "\(toCase)")
        let toCity = try #require(Self.last(city, ticket: again))
        #expect(toCity["type"] == "ticket.repeat", "still a repeat: the city can link it by originalTicketId")
        #expect(toCity["data"]?["originalCaseId"] == .null && toCity["data"]?["originalTicketId"]?.stringValue == original
                    && toCity["data"]?["originalSentHere"] == false, "\(toCity)")
    }
}
