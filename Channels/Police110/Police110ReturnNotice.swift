import Foundation
import IntakeCore

/// The return notice (退回): a transferred item found to be a police matter goes back to 110 with a reason,
/// written in the partner's mapping. Pure: the forwarder delivers the bytes to the 110 feedback endpoint.
public enum Police110ReturnNotice {
    /// The notice for a police110 ticket: its incident number (channelRef) and receipt number, the reason, and when
    /// it was returned, as JSON bytes in `mapping`'s `returnNotice` shape.
    /// - Throws: 422 when the ticket did not come from 110 or has no incident number; 422 `reason` when it is empty.
    public static func render(ticket: Ticket, reason: String, at date: Date, mapping: Police110Mapping) throws(IntakeError) -> [UInt8] {
        guard ticket.channel == .police110, let incidentNo = ticket.channelRef, !incidentNo.isEmpty else {
            throw .invalid("ticket", "Only a ticket transferred from 110 (with an incident number) can be returned to 110.")
        }
        return try render(incidentNo: incidentNo, receiptNo: ticket.receiptNo, ticketId: ticket.id, reason: reason, at: date,
                          mapping: mapping)
    }

    /// The notice from its parts.
    public static func render(incidentNo: String, receiptNo: String?, ticketId: String? = nil, reason: String, at date: Date,
                              mapping: Police110Mapping) throws(IntakeError) -> [UInt8] {
        let reason = TextCleaner.clean(reason, keepingLines: true)  // as written: no width or punctuation folding
        guard !reason.isEmpty else { throw .invalid("reason", "Say why the item goes back to 110: reason is required.") }
        let doc = mapping.render(mapping.returnNotice, [
            "incidentNo": .string(incidentNo), "receiptNo": JSON(receiptNo), "ticketId": JSON(ticketId),
            "reason": .string(reason), "time": mapping.write(date, mapping.returnNotice.timeFormat),
        ])
        return doc.serialized()
    }

    /// The mapping a ticket came in with (`channelData.mapping`), among `mappings`; nil when it is not there.
    public static func mapping(for ticket: Ticket, among mappings: [Police110Mapping]) -> Police110Mapping? {
        guard let name = ticket.channelData?["mapping"]?.stringValue else { return nil }
        return mappings.first { $0.name == name }
    }
}
