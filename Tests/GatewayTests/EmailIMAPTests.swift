import Foundation
import Testing
import Synchronization
import IntakeCore
import Store
import Curl
@testable import Gateway

/// The IMAP poller against the real Dovecot that `make test` starts (scripts/test-services.sh): messages appended
/// over IMAP become tickets, are flagged `\Seen` only once stored, refused ones are moved aside and journaled,
/// and a restarted poller fetches nothing twice.
@Suite struct EmailIMAPTests {
    struct Server {
        var url: String
        var user: String
        var password: String
    }

    static func server() throws -> Server {
        let env = ProcessInfo.processInfo.environment
        let hint = "INTAKE_TEST_IMAP_URL, INTAKE_TEST_IMAP_USER and INTAKE_TEST_IMAP_PASSWORD are not set: run `make test`, "
            + "which starts Dovecot on loopback (scripts/test-services.sh)"
        let url = try #require(env["INTAKE_TEST_IMAP_URL"], Comment(rawValue: hint))
        let user = try #require(env["INTAKE_TEST_IMAP_USER"], Comment(rawValue: hint))
        let password = try #require(env["INTAKE_TEST_IMAP_PASSWORD"], Comment(rawValue: hint))
        return Server(url: url, user: user, password: password)
    }

    static func message(id: String, from: String, subject: String, body: String, extra: String = "") -> [UInt8] {
        let b64 = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array("""
            From: \(from)\r
            To: mayor@12345.example\r
            Subject: =?utf-8?B?\(Data(subject.utf8).base64EncodedString())?=\r
            Date: Mon, 23 Nov 2026 09:15:00 +0800\r
            Message-ID: <\(id)>\r
            \(extra)MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64)\r

            """.utf8)
    }

    func makeGateway(_ server: Server, mailbox: String, rejected: String, database: String,
                     adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws -> (Gateway, IMAPPoller, any TicketStore) {
        var config = GatewayConfiguration()
        config.port = 0
        config.database = database
        config.settings["email.imapUrl"] = server.url + "/" + mailbox
        config.settings["email.imapUser"] = server.user
        config.settings["email.imapPassword"] = server.password
        config.settings["email.imapPollSeconds"] = "0.2"
        config.settings["email.imapRejectedFolder"] = rejected
        adjust(&config)
        let store = try CommandLineInterface.openStore(config)
        let clock = SystemClock()
        let services = StandardChannels.services(config, clock: clock)
        let poller = try #require(services.lazy.compactMap { $0 as? IMAPPoller }.first, "INTAKE_IMAP_URL must give an IMAP poller")
        let gateway = Gateway(configuration: config, store: store, channels: StandardChannels.routes(config, clock: clock),
                              services: services, clock: clock, logger: Logger(minimum: .error))
        return (gateway, poller, store)
    }

    static func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    @Test func pollerStoresThenFlagsAndNeverFetchesTwice() throws {
        let server = try Self.server()
        let run = hexString(SecureRandom.bytes(6))
        let mailbox = "IntakeTest-\(run)"
        let rejectedFolder = "IntakeTest-\(run)-Rejected"
        let tmp = NSTemporaryDirectory() + "intake-imap-\(run)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }

        // Four messages: two citizens, a bounce (recorded, no ticket), one without a sender (refused).
        let refs = ["a-\(run)@example.com", "b-\(run)@example.cn", "bounce-\(run)@mail.example", "nosender-\(run)@example.com"]
        let messages = [
            Self.message(id: refs[0], from: "=?utf-8?B?5p2O5piO?= <liming@example.com>", subject: "小区路灯损坏",
                         body: "小区门口的路灯坏了两个月。\n联系电话：13923456789\n"),
            Self.message(id: refs[1], from: "Zhao Wei <zhaowei@example.cn>", subject: "排水沟堵塞", body: "宝安区西乡街道排水沟堵塞。\n"),
            Self.message(id: refs[2], from: "MAILER-DAEMON@mail.example", subject: "Undelivered Mail Returned to Sender",
                         body: "delivery failed\n", extra: "Auto-Submitted: auto-replied\r\n"),
            Array("Subject: no sender\r\nMessage-ID: <\(refs[3])>\r\n\r\nwho wrote this?\r\n".utf8),
        ]
        let admin = try CurlIMAP(url: server.url, user: server.user, password: server.password)
        try admin.create(mailbox)
        for m in messages { try admin.append(m, to: mailbox) }
        _ = try admin.select(mailbox)
        try admin.command("UID STORE 1:* -FLAGS.SILENT (\\Seen)")  // libcurl appends with \Seen
        let uids = try admin.searchUnseen()
        try #require(uids.count == 4, "the four messages are unseen before the poller starts: \(uids)")
        let refByUID = Dictionary(uniqueKeysWithValues: zip(uids, refs))

        let (gateway, poller, store) = try makeGateway(server, mailbox: mailbox, rejected: rejectedFolder, database: tmp + "/intake.sqlite")
        try gateway.start()

        // Watch from a second session: whenever a message shows \Seen, its ticket must already be stored.
        let watcher = try CurlIMAP(url: server.url, user: server.user, password: server.password)
        var checked: Set<UInt32> = []
        var violations: [String] = []
        let allDone = try Self.waitUntil(30) {
            try watcher.command("EXAMINE \"\(mailbox)\"")
            let seen = try watcher.search("SEEN")
            let stored = Set(try store.tickets(TicketQuery(channel: .email, limit: 100)).compactMap(\.ticket.channelRef))
            for uid in seen where !checked.contains(uid) {
                checked.insert(uid)
                if let ref = refByUID[uid], ref.hasPrefix("a-") || ref.hasPrefix("b-"), !stored.contains(ref) {
                    violations.append("UID \(uid) (\(ref)) was \\Seen before its ticket was stored")
                }
            }
            let s = poller.stats
            return s.stored == 3 && s.rejected == 1
        }
        #expect(allDone, "poller stats: \(poller.stats)")
        #expect(violations.isEmpty, "\(violations)")
        #expect(checked.count == 3, "the watcher saw the three stored messages turn \\Seen: \(checked)")

        let tickets = try store.tickets(TicketQuery(channel: .email, limit: 100))
        #expect(Set(tickets.compactMap(\.ticket.channelRef)) == Set(refs[0...1]))
        let li = try #require(tickets.first { $0.ticket.channelRef == refs[0] })
        #expect(li.ticket.caller.name == "李明")
        #expect(li.ticket.caller.email == "liming@example.com")
        #expect(li.ticket.caller.phoneKey == "+8613923456789")
        #expect(li.ticket.subject == "小区路灯损坏")
        // The refused message is in the rejected journal and in the rejected folder, not in the mailbox.
        let journal = try store.rejected(limit: 50)
        #expect(journal.contains { ($0["path"]?.stringValue ?? "").contains(mailbox) }, "\(journal)")
        _ = try watcher.command("EXAMINE \"\(rejectedFolder)\"")
        #expect(try watcher.search("ALL").count == 1)
        _ = try watcher.command("EXAMINE \"\(mailbox)\"")
        #expect(try watcher.searchUnseen().isEmpty)
        #expect(try watcher.search("SEEN").count == 3)
        let fetchedFirst = poller.stats.fetched
        #expect(fetchedFirst == 4)
        gateway.shutdown()

        // Restarted: nothing is fetched again.
        let (gateway2, poller2, store2) = try makeGateway(server, mailbox: mailbox, rejected: rejectedFolder, database: tmp + "/intake.sqlite")
        try gateway2.start()
        #expect(Self.waitUntil(10) { poller2.stats.polls >= 3 })
        #expect(poller2.stats.fetched == 0, "\(poller2.stats)")
        #expect(poller2.stats.failures == 0, "\(poller2.stats)")

        // The same message again (what a UIDVALIDITY reset looks like): a duplicate, no second ticket.
        try admin.append(messages[0], to: mailbox)
        _ = try admin.select(mailbox)
        try admin.command("UID STORE 1:* -FLAGS.SILENT (\\Seen)")
        #expect(Self.waitUntil(10) { poller2.stats.stored == 4 }, "\(poller2.stats)")
        #expect(try store2.tickets(TicketQuery(channel: .email, limit: 100)).count == 2)
        gateway2.shutdown()
        #expect(poller2.stats.fetched == 4, "the re-flagged messages were fetched once each: \(poller2.stats)")

        _ = try? admin.command("DELETE \"\(mailbox)\"")
        _ = try? admin.command("DELETE \"\(rejectedFolder)\"")
    }

    @Test func imapURLParts() {
        #expect(CurlIMAP.mailbox(inURL: "imap://127.0.0.1:14143/INBOX") == "INBOX")
        #expect(CurlIMAP.mailbox(inURL: "imaps://mail.example/Mayor%20Box") == "Mayor Box")
        #expect(CurlIMAP.mailbox(inURL: "imap://127.0.0.1:14143") == nil)
        let c = IMAPPollerConfiguration(url: "imaps://u:secret@mail.example:993/INBOX", user: "u", password: "p")
        #expect(c.displayURL == "imaps://mail.example:993")
    }

    /// Issue 9, H1: the poller is a trusted source. With the public form rate-limited to one a minute, every mail
    /// still becomes a ticket; a refused mail is in the rejected journal by the time it is moved aside.
    @Test func thePollerIsNeverRateLimitedAndJournalsBeforeSettingAside() throws {
        let server = try Self.server()
        let run = hexString(SecureRandom.bytes(6))
        let mailbox = "IntakeTest-\(run)"
        let rejectedFolder = "IntakeTest-\(run)-Rejected"
        let tmp = NSTemporaryDirectory() + "intake-imap-\(run)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let refs = (1...3).map { "rl\($0)-\(run)@example.com" }
        let admin = try CurlIMAP(url: server.url, user: server.user, password: server.password)
        try admin.create(mailbox)
        for (i, ref) in refs.enumerated() {
            try admin.append(Self.message(id: ref, from: "Citizen \(i) <c\(i)-\(run)@example.com>", subject: "路灯 \(i)",
                                          body: "第\(i + 1)封信：小区路灯坏了。\n"), to: mailbox)
        }
        try admin.append(Array("Subject: no sender\r\nMessage-ID: <ns-\(run)@example.com>\r\n\r\nwho wrote this?\r\n".utf8), to: mailbox)
        _ = try admin.select(mailbox)
        try admin.command("UID STORE 1:* -FLAGS.SILENT (\\Seen)")

        let (gateway, poller, store) = try makeGateway(server, mailbox: mailbox, rejected: rejectedFolder, database: tmp + "/intake.sqlite") {
            $0.webRateLimitPerMinute = 1
        }
        try gateway.start()
        defer { gateway.shutdown() }
        // Watch the Rejected folder: whatever arrives there must already be in the journal.
        let watcher = try CurlIMAP(url: server.url, user: server.user, password: server.password)
        var journaledBeforeMove = true
        let done = try Self.waitUntil(30) {
            // The folder exists once the first mail is moved there.
            if (try? watcher.command("EXAMINE \"\(rejectedFolder)\"")) != nil, !((try? watcher.search("ALL")) ?? []).isEmpty {
                let journal = try store.rejected(limit: 10)
                if !journal.contains(where: { $0["channel"]?.stringValue == "email-imap" }) { journaledBeforeMove = false }
            }
            return poller.stats.stored == 3 && poller.stats.rejected == 1
        }
        #expect(done, "poller stats: \(poller.stats)")
        #expect(journaledBeforeMove)
        let tickets = try store.tickets(TicketQuery(channel: .email, limit: 10))
        #expect(Set(tickets.compactMap(\.ticket.channelRef)) == Set(refs))
        #expect(try store.rejected(limit: 10).contains { $0["channel"]?.stringValue == "email-imap" && $0["status"] == 422 })
    }
}
