import Foundation
import IntakeCore
import Store
import Curl
import Synchronization

/// Where and how often to poll the mayor's mailbox.
public struct IMAPPollerConfiguration: Sendable {
    /// `imap://host:port[/mailbox]` or `imaps://...`; credentials go in `user` / `password`, not the URL.
    public var url: String
    public var user: String
    public var password: String
    public var mailboxes: [String]
    public var pollSeconds: Double
    /// Where stored messages go; nil: they stay where they are, flagged `\Seen`.
    public var processedFolder: String?
    /// Where refused messages go; nil: they stay, flagged `\Seen` and `$IntakeRejected`.
    public var rejectedFolder: String?
    public var maxMessageBytes: Int
    public var maxBackoffSeconds: Double
    public var timeoutSeconds: Int

    public init(url: String, user: String, password: String, mailboxes: [String] = ["INBOX"], pollSeconds: Double = 30,
                processedFolder: String? = nil, rejectedFolder: String? = nil, maxMessageBytes: Int = 25 << 20,
                maxBackoffSeconds: Double = 300, timeoutSeconds: Int = 60) {
        self.url = url
        self.user = user
        self.password = password
        self.mailboxes = mailboxes
        self.pollSeconds = pollSeconds
        self.processedFolder = processedFolder
        self.rejectedFolder = rejectedFolder
        self.maxMessageBytes = maxMessageBytes
        self.maxBackoffSeconds = maxBackoffSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    public static func mailbox(inURL url: String) -> String? { CurlIMAP.mailbox(inURL: url) }

    /// The URL without credentials, for logs and journal paths.
    var displayURL: String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        let host = authority.split(separator: "@").last.map(String.init) ?? String(authority)
        return String(url[..<schemeEnd.upperBound]) + host
    }
}

/// Polls IMAP mailboxes and feeds every unseen message through `Gateway.process`, the pipeline HTTP takes.
///
/// A message is fetched with `BODY.PEEK[]` (it stays unseen), processed, and only when the pipeline reports it
/// durable (created, repeat, duplicate, recorded) is it flagged `\Seen` or moved to the processed folder. A message
/// the adapter refuses is already in the rejected journal (the pipeline put it there); it is flagged and moved to
/// the rejected folder, so it is neither fetched forever nor lost. When the store cannot take it (503), it stays
/// unseen and the poll is retried with backoff. A crash between storing and flagging means a re-fetch, which the
/// store answers as a duplicate: Message-ID (or the message digest) is the idempotency key. For the same reason a
/// changed UIDVALIDITY needs no bookkeeping beyond a log line: unseen messages are simply fetched again.
public final class IMAPPoller: GatewayService, @unchecked Sendable {
    public struct Stats: Sendable, Equatable {
        public var polls = 0
        public var fetched = 0
        public var stored = 0
        public var rejected = 0
        public var failures = 0
        public var uidValidityChanges = 0
    }

    public let configuration: IMAPPollerConfiguration
    let route: ChannelRoute
    private let state = Mutex<(stopped: Bool, running: Bool, stats: Stats)>((false, false, Stats()))
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Touched only by the polling thread.
    private var uidValidity: [String: UInt32] = [:]

    public init(configuration: IMAPPollerConfiguration, route: ChannelRoute) {
        self.configuration = configuration
        self.route = route
    }

    public var stats: Stats { state.withLock { $0.stats } }

    public func start(gateway: Gateway) throws {
        let alreadyRunning = state.withLock { s -> Bool in
            if s.running { return true }
            s.running = true
            s.stopped = false
            return false
        }
        guard !alreadyRunning else { return }
        let thread = Thread { [self] in
            self.run(gateway)
            self.finished.signal()
        }
        thread.name = "imap-poller"
        thread.start()
    }

    /// Stops after the message in hand (if any) is finished; returns once the thread has ended.
    public func stop() {
        let wasRunning = state.withLock { s -> Bool in
            let r = s.running
            s.stopped = true
            s.running = false
            return r
        }
        guard wasRunning else { return }
        wake.signal()
        finished.wait()
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func count(_ update: (inout Stats) -> Void) { state.withLock { update(&$0.stats) } }

    // MARK: The loop

    private func run(_ gateway: Gateway) {
        let logger = gateway.logger
        logger.info("imap poller started", [("url", .string(configuration.displayURL)),
                                            ("mailboxes", .array(configuration.mailboxes.map { .string($0) }))])
        var imap: CurlIMAP?
        var failures = 0
        while !stopped {
            var delay = configuration.pollSeconds
            do {
                // One instance polls a mailbox at a time (PostgreSQL: a leader lock; another takes over when it dies).
                if gateway.store.holdsLeadership("imap-poller") {
                    if imap == nil { imap = try connect() }
                    try poll(imap!, gateway)
                } else {
                    imap = nil
                }
                failures = 0
            } catch {
                failures += 1
                count { $0.failures += 1 }
                imap = nil  // a fresh connection next time
                let backoff = min(configuration.maxBackoffSeconds, pow(2, Double(min(failures - 1, 20))))
                delay = backoff * Double.random(in: 0.8...1.2)
                logger.warning("imap poll failed; retrying", [("url", .string(configuration.displayURL)),
                                                              ("error", .string("\(error)")), ("failures", .int(Int64(failures))),
                                                              ("retryInSeconds", .double(delay))])
            }
            count { $0.polls += 1 }
            if stopped { break }
            _ = wake.wait(timeout: .now() + delay)
        }
        logger.info("imap poller stopped", [("url", .string(configuration.displayURL))])
    }

    private func connect() throws -> CurlIMAP {
        let imap = try CurlIMAP(url: configuration.url, user: configuration.user, password: configuration.password,
                                timeoutSeconds: configuration.timeoutSeconds,
                                maxResponseBytes: configuration.maxMessageBytes + (1 << 20))
        for folder in [configuration.processedFolder, configuration.rejectedFolder].compactMap({ $0 }) {
            try imap.create(folder)
        }
        return imap
    }

    /// One pass over every mailbox: each unseen message, oldest UID first.
    func poll(_ imap: CurlIMAP, _ gateway: Gateway) throws {
        for mailbox in configuration.mailboxes {
            if stopped { return }
            let status = try imap.select(mailbox)
            if let previous = uidValidity[mailbox], previous != status.uidValidity {
                count { $0.uidValidityChanges += 1 }
                gateway.logger.warning("imap UIDVALIDITY changed; unseen messages are fetched again (Message-ID makes that safe)",
                                       [("mailbox", .string(mailbox)), ("was", .int(Int64(previous))),
                                        ("now", .int(Int64(status.uidValidity)))])
            }
            uidValidity[mailbox] = status.uidValidity
            for uid in try imap.searchUnseen() {
                if stopped { return }
                try handle(uid: uid, mailbox: mailbox, uidValidity: status.uidValidity, imap, gateway)
            }
        }
    }

    private func handle(uid: UInt32, mailbox: String, uidValidity: UInt32, _ imap: CurlIMAP, _ gateway: Gateway) throws {
        let path = "\(configuration.displayURL)/\(mailbox);UIDVALIDITY=\(uidValidity)/;UID=\(uid)"
        guard let size = try imap.size(uid: uid) else { return }  // expunged meanwhile
        if size > configuration.maxMessageBytes {
            // Not fetched whole: its start goes to the rejected journal with the reason, the message aside.
            let head = try imap.fetch(uid: uid, partial: 256 << 10)?.bytes ?? []
            let error = IntakeError(.payloadTooLarge, "The message is \(size) bytes; the limit is \(configuration.maxMessageBytes).")
            gateway.store.reject(RejectedRecord(
                channel: route.name, path: path, status: error.status, problem: error.problem(instance: path).text,
                contentType: "message/rfc822", body: head, receivedAt: gateway.clock.now()))
            try setAside(uid: uid, imap)
            count { $0.rejected += 1 }
            gateway.logger.warning("imap message too large; set aside", [("path", .string(path)), ("bytes", .int(Int64(size)))])
            return
        }
        guard let message = try imap.fetch(uid: uid) else { return }
        count { $0.fetched += 1 }
        let request = ChannelRequest(
            method: "POST", path: path,
            headers: [("content-type", "message/rfc822"), ("x-imap-mailbox", mailbox), ("x-imap-uid", String(uid)),
                      ("x-imap-uidvalidity", String(uidValidity))],
            body: message.bytes, receivedAt: gateway.clock.now(), clientAddress: "imap")
        let outcome = Mutex<Result<[IntakeOutcome], IntakeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        gateway.process(request, route: route) { _, result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + 120) == .success, let result = outcome.withLock({ $0 }) else {
            if message.markedSeen { try? imap.removeFlags(uid: uid, "\\Seen") }
            throw IntakeError(.unavailable, "The store did not answer within 120 s.")
        }
        switch result {
        case .success:
            // Durable: only now does the message leave the unseen set.
            if let folder = configuration.processedFolder {
                try imap.addFlags(uid: uid, "\\Seen")
                try imap.move(uid: uid, to: folder)
            } else if !message.markedSeen {
                try imap.addFlags(uid: uid, "\\Seen")
            }
            count { $0.stored += 1 }
        case .failure(let error) where !error.code.retryable && error.status >= 400 && error.status < 500:
            // Refused for good: the pipeline has written it to the rejected journal (a trusted source is answered
            // only after that write), so it can be set aside. A retryable refusal stays unseen, to be fetched again.
            try setAside(uid: uid, imap)
            count { $0.rejected += 1 }
            gateway.logger.warning("imap message refused; set aside", [("path", .string(path)), ("error", .string(error.description))])
        case .failure(let error):
            if message.markedSeen { try? imap.removeFlags(uid: uid, "\\Seen") }
            throw error
        }
    }

    /// Moved to the rejected folder when there is one (flagged `$IntakeRejected` there, so the mailbox never shows
    /// it seen-but-not-stored), else flagged `\\Seen $IntakeRejected` where it is, so it is not fetched again.
    private func setAside(uid: UInt32, _ imap: CurlIMAP) throws {
        if let folder = configuration.rejectedFolder {
            try imap.addFlags(uid: uid, "$IntakeRejected")
            try imap.move(uid: uid, to: folder)
        } else {
            try imap.addFlags(uid: uid, "\\Seen $IntakeRejected")
        }
    }
}
