import Foundation
import IntakeCore
import Store

/// Forgets, in the background, what the retention options say may no longer be kept: raw bodies, the rejected journal
/// and delivered photos after INTAKE_RETENTION_RAW_DAYS, closed tickets' personal data after
/// INTAKE_RETENTION_PERSONAL_DAYS. Each step is one small transaction through the store's writer, with a pause between
/// steps, so intake commits in between and is never held up for more than one step.
final class RetentionPurger: GatewayService, @unchecked Sendable {
    let rawDays: Int?
    let personalDays: Int?
    let intervalSeconds: Double
    /// Rows per kind per transaction.
    let batchSize: Int
    /// Pause between transactions, so a large backlog does not crowd the writer.
    let pauseSeconds: Double
    private let thread = PeriodicThread()

    init(rawDays: Int?, personalDays: Int?, intervalSeconds: Double = 3600, batchSize: Int = 500, pauseSeconds: Double = 0.01) {
        self.rawDays = rawDays
        self.personalDays = personalDays
        self.intervalSeconds = intervalSeconds
        self.batchSize = batchSize
        self.pauseSeconds = pauseSeconds
    }

    func start(gateway: Gateway) throws {
        guard rawDays != nil || personalDays != nil else { return }
        guard let store = gateway.store as? any RetentionStore else {
            gateway.logger.warning("this store cannot purge old data; retention options are not applied", [])
            return
        }
        // The first run soon after start (a restart does not postpone it by a whole interval).
        thread.start(name: "retention", firstDelay: min(intervalSeconds, 30), interval: intervalSeconds) { [self] in
            run(store: store, now: gateway.clock.now(), logger: gateway.logger)
        }
    }

    /// One full pass: small transactions until nothing is left or the service stops. Logs and returns the counts.
    @discardableResult
    func run(store: any RetentionStore, now: Date, logger: Logger) -> RetentionCounts {
        let started = Date()
        var total = RetentionCounts()
        var transactions = 0
        do {
            if let rawDays {
                let cutoff = now.addingTimeInterval(-Double(rawDays) * 86_400)
                while !isStopping {
                    let step = try store.purgeRaw(receivedBefore: cutoff, limit: batchSize)
                    transactions += 1
                    total = total + step
                    if step.total == 0 { break }
                    pause()
                }
            }
            if let personalDays {
                let cutoff = now.addingTimeInterval(-Double(personalDays) * 86_400)
                while !isStopping {
                    let masked = try store.maskPersonalData(closedBefore: cutoff, limit: batchSize)
                    transactions += 1
                    total.maskedTickets += masked
                    if masked == 0 { break }
                    pause()
                }
            }
        } catch {
            logger.error("retention purge failed; it is tried again at the next run", [("error", .string("\(error)"))])
        }
        logger.info("retention purge", [
            ("rawRequests", .int(Int64(total.rawRequests))), ("rejected", .int(Int64(total.rejected))),
            ("attachments", .int(Int64(total.attachments))), ("maskedTickets", .int(Int64(total.maskedTickets))),
            ("transactions", .int(Int64(transactions))), ("seconds", .double(Date().timeIntervalSince(started))),
        ])
        return total
    }

    private var isStopping: Bool { thread.isStopping }

    private func pause() { thread.sleep(pauseSeconds) }

    func stop() { thread.stop() }
}
