import Foundation
import IntakeCore

/// A member of an incident cluster, as the cluster event names it.
public struct ClusterMember: Sendable, Equatable {
    public var ticketId: String
    public var receiptNo: String
    public var receivedAt: Date
    public var channel: String
    /// Set when the member is itself a repeat (it keeps both links).
    public var repeatOf: String?
    /// The destinations this member's ticket events were queued for.
    public var destinations: [String]

    public init(ticketId: String, receiptNo: String, receivedAt: Date, channel: String, repeatOf: String?, destinations: [String]) {
        self.ticketId = ticketId
        self.receiptNo = receiptNo
        self.receivedAt = receivedAt
        self.channel = channel
        self.repeatOf = repeatOf
        self.destinations = destinations
    }
}

/// `cluster.updated`: an incident cluster gained a member. One event per ticket that enters a cluster (the report
/// that forms it, each later report, a repeat of a member), to every destination that took a ticket event of any
/// member, naming the cluster and ALL its members (oldest first) with the case id each member has at that
/// destination, so the case system can merge its cases (并单). Clusters are never merged with each other.
public enum ClusterEvent {
    public static let type = "cluster.updated"
    /// A cluster with more members than this gets no further cluster events (each would name every member, so a
    /// hot incident would cost quadratic work and bytes); its later members' own ticket events carry the
    /// `clusterId`.
    public static let maxMembers = 50
    /// At most this many tickets of one repeat family (an original and its repeats) join a cluster formed on it.
    static let maxFamily = 200

    static func eventID(ticketID: String, destination: String) -> String { "evt_\(destination)_cluster_" + ticketID }

    /// The event's `data` as stored; each member's `caseId` is filled in when it is sent (`withCaseIds`).
    static func payload(clusterId: String, joined: Ticket, members: [ClusterMember]) -> JSON {
        .object([
            ("clusterId", .string(clusterId)),
            ("joined", .string(joined.id)),
            ("memberCount", .int(Int64(members.count))),
            ("members", .array(members.map { m in
                .object([("ticketId", .string(m.ticketId)), ("receiptNo", .string(m.receiptNo)),
                         ("receivedAt", .string(Timestamp.format(m.receivedAt))), ("channel", .string(m.channel)),
                         ("repeatOf", JSON(m.repeatOf)), ("caseId", .null)])
            })),
        ])
    }

    /// The stored `data` with each member's case id at the destination the event goes to (null while that member's
    /// own event is not delivered there, or never went there).
    public static func withCaseIds(_ payload: String, _ caseIds: [String: String]) -> String {
        guard case .object(var fields)? = try? JSON.parse(payload),
              let i = fields.firstIndex(where: { $0.0 == "members" }), let members = fields[i].1.arrayValue else { return payload }
        fields[i].1 = .array(members.map { m in
            guard case .object(var f) = m, let id = m["ticketId"]?.stringValue else { return m }
            f.removeAll { $0.0 == "caseId" }
            f.append(("caseId", JSON(caseIds[id])))
            return .object(f)
        })
        return JSON.object(fields).text
    }

    /// The member ticket ids a stored payload names.
    public static func memberIds(_ payload: String) -> [String] {
        ((try? JSON.parse(payload))?["members"]?.arrayValue ?? []).compactMap { $0["ticketId"]?.stringValue }
    }

    /// Claimed records with their cluster events' case ids filled in; `caseIds(destination, ticketIds)` is the
    /// store's read of the case ids the members' delivered ticket events got at that destination.
    static func filled(_ records: [OutboxRecord], caseIds: (String, [String]) throws -> [String: String]) rethrows -> [OutboxRecord] {
        try records.map { r in
            guard r.type == type, let payload = r.payload else { return r }
            var filled = r
            filled.payload = withCaseIds(payload, try caseIds(r.destination, memberIds(payload)))
            return filled
        }
    }
}

extension IntakeStorage {
    public func clusterMembers(_ clusterId: String, ifAtMost maximum: Int) throws -> [ClusterMember]? {
        let members = try clusterMembers(clusterId, limit: maximum + 1)
        return members.count <= maximum ? members : nil
    }
}

extension IntakeRules {
    /// Queues `cluster.updated` for a ticket that has just entered a cluster (its decision set `clusterId`; the
    /// earlier members were marked in this same transaction), to every destination a member's ticket event went
    /// to. At a destination the new ticket went to, the event waits for the ticket's own event (it carries the case
    /// id the event names).
    func enqueueClusterEvent(for ticket: Ticket, ownEvents: [String: String], in tx: any IntakeStorage) throws {
        guard let clusterId = ticket.dedup.clusterId else { return }
        guard let members = try tx.clusterMembers(clusterId, ifAtMost: ClusterEvent.maxMembers), members.count > 1 else { return }
        var destinations: [String] = []
        for d in members.flatMap(\.destinations) where !destinations.contains(d) && !destinationRules.withoutClusterEvents.contains(d) {
            destinations.append(d)
        }
        let payload = ClusterEvent.payload(clusterId: clusterId, joined: ticket, members: members).text
        for destination in destinations {
            try tx.enqueue(OutboxEntry(id: ClusterEvent.eventID(ticketID: ticket.id, destination: destination), destination: destination,
                                       type: ClusterEvent.type, ticketId: ticket.id, payload: payload, dependsOn: ownEvents[destination],
                                       createdAt: ticket.receivedAt))
        }
    }
}
