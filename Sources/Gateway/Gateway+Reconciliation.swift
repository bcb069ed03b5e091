import Foundation
import HTTPServer
import IntakeCore
import Store

extension Gateway {
    /// `GET /v1/admin/reconciliation?since=&until=&destination=`: per destination, tickets received, delivered,
    /// pending, dead and not forwarded by rule in the period, with the non-delivered listed.
    func reconciliation(_ request: HTTPRequest) throws -> HTTPResponse {
        let report = try Self.reconciliation(store: store, configuration: configuration, now: clock.now(),
                                             since: try request.parameter("since"), until: try request.parameter("until"),
                                             destination: try request.parameter("destination"))
        return json(200, report.json())
    }

    /// The report for a period (default: the last 24 hours) read from `store`; shared by the route and `reconcile`.
    static func reconciliation(store: any TicketStore, configuration: GatewayConfiguration, now: Date, since: String?, until: String?,
                               destination: String?) throws -> ReconciliationReport {
        func time(_ name: String, _ value: String?) throws -> Date? {
            guard let value else { return nil }  // given but empty is not a time: 422
            guard let d = Timestamp.parse(value) else { throw IntakeError.invalid(name, "\(name) must be an RFC 3339 time.") }
            return d
        }
        let end = try time("until", until) ?? now
        let start = try time("since", since) ?? end.addingTimeInterval(-86_400)
        guard start < end else { throw IntakeError.invalid("since", "since must be before until.") }
        var names = configuration.ticketDestinationNames
        if let destination, !destination.isEmpty {
            guard names.contains(destination) else {
                throw IntakeError(.notFound, "No destination is named \(destination) (configured: \(names.joined(separator: ", "))).")
            }
            names = [destination]
        }
        guard let source = store as? any ReconciliationSource else {
            throw IntakeError(.unavailable, "This store cannot report reconciliation.")
        }
        let limit = 200_000
        let tickets = try source.reconciliation(since: start, until: end, limit: limit + 1)
        return ReconciliationReport(Array(tickets.prefix(limit)), destinations: names, since: start, until: end, truncated: tickets.count > limit)
    }
}

enum ReconcileCommand {
    /// `intake-gateway reconcile [--since T] [--until T] [--destination NAME]`: the report as JSON on stdout.
    static func run(_ values: [String: String], config: GatewayConfiguration) -> Int32 {
        do {
            let store = try CommandLineInterface.openStore(config)
            defer { store.close() }
            let report = try Gateway.reconciliation(store: store, configuration: config, now: Date(), since: values["--since"],
                                                    until: values["--until"], destination: values["--destination"])
            print(report.json().text)
            return 0
        } catch {
            FileHandle.standardError.write(Data("reconcile: \(error) (a SQLite store held by a running gateway: use GET /v1/admin/reconciliation)\n".utf8))
            return 1
        }
    }
}
