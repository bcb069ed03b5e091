import Foundation
import IntakeCore
import Store
import HTTPServer
import Crypto

extension Gateway {
    static let sessionCookie = "ops_session"
    static let loginCookie = "ops_login"

    // MARK: Who is acting

    static func cookie(_ request: HTTPRequest, _ name: String) -> String? {
        for header in request.headers where header.name == "cookie" {
            for pair in header.value.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0] == name { return kv[1] }
            }
        }
        return nil
    }

    static func tokenHash(_ token: String) -> String { hexString(Digest.sha256(Array(token.utf8))) }

    /// The bearer token's actor: INTAKE_ADMIN_TOKEN (break-glass) or an operator's API token. Reads the store.
    func bearerActor(_ request: HTTPRequest) -> Actor? {
        guard let offered = request.header("authorization").flatMap({ h -> String? in
            h.lowercased().hasPrefix("bearer ") ? String(h.dropFirst(7)).trimmingASCIIWhitespace() : nil
        }), !offered.isEmpty else { return nil }
        if let token = configuration.adminToken, !token.isEmpty,
           HMAC.equal(Digest.sha256(Array(offered.utf8)), Digest.sha256(Array(token.utf8))) {
            return Actor(name: "admin-token", role: .admin, breakGlass: true, source: request.clientAddress, session: nil)
        }
        guard let store = console.store, let name = try? store.operatorName(forTokenHash: Self.tokenHash(offered)),
              let account = try? store.operatorAccount(named: name), !account.disabled,
              let role = OperatorRole(rawValue: account.role) else { return nil }
        return Actor(name: account.name, role: role, breakGlass: false, source: request.clientAddress, session: nil)
    }

    /// The console session's actor, when the cookie names a live session of an enabled operator. Reads the store.
    func sessionActor(_ request: HTTPRequest) -> Actor? {
        guard let store = console.store, let token = Self.cookie(request, Self.sessionCookie), !token.isEmpty,
              let session = try? store.session(tokenHash: Self.tokenHash(token)), session.expiresAt > clock.now(),
              let account = try? store.operatorAccount(named: session.operatorName), !account.disabled,
              let role = OperatorRole(rawValue: account.role) else { return nil }
        return Actor(name: account.name, role: role, breakGlass: false, source: request.clientAddress, session: session)
    }

    /// Appends to the audit trail. A failure is logged loudly: the action already happened.
    func audit(_ actor: Actor, _ action: String, ticket: String? = nil, reason: String? = nil, detail: String? = nil) {
        guard let store = console.store else { return }
        do {
            try store.appendAudit(AuditEntry(at: clock.now(), actor: actor.name, action: action, ticketId: ticket, source: actor.source,
                                             reason: reason, detail: detail))
        } catch {
            logger.error("the audit trail could not be written", [("action", .string(action)), ("error", .string("\(error)"))])
        }
    }

    func auditSystem(_ name: String, _ action: String, ticket: String?, source: String, detail: String? = nil) {
        audit(Actor(name: name, role: .admin, breakGlass: true, source: source, session: nil), action, ticket: ticket, detail: detail)
    }

    // MARK: What an actor sees of a ticket

    /// Full, or masked: viewers always; supervisors and admins on a confidential ticket until they give a reason.
    func disclosure(_ stored: StoredTicket, _ actor: Actor, reason: String?) -> (masked: Bool, needsReason: Bool) {
        if actor.breakGlass { return (false, false) }
        if actor.role == .viewer { return (true, false) }
        if stored.ticket.caller.confidential && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { return (true, true) }
        return (false, false)
    }

    // MARK: Pages

    func consolePage(_ status: Int, _ html: HTML, cookies: [String] = []) -> HTTPResponse {
        page(status, html, extraHeaders: cookies.map { ("Set-Cookie", $0) })
    }

    func redirect(_ location: String, cookies: [String] = []) -> HTTPResponse {
        HTTPResponse(status: 303, headers: [("Location", location), ("Cache-Control", "no-store")] + cookies.map { ("Set-Cookie", $0) })
    }

    func cookieHeader(_ name: String, _ value: String, path: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (console.secureCookie ? "; Secure" : "")
    }

    /// A console page for a signed-in operator of at least `minimum`; others go to the login page (or get 403).
    func consoleRoute(_ router: inout Router, _ method: String, _ path: String, minimum: OperatorRole = .viewer,
                      _ body: @escaping @Sendable (Actor, HTTPRequest, [String: String], [String: String]) -> HTTPResponse) {
        router.add(method, path) { [unowned self] req, params, r in
            Self.offPollingThread {
                guard let actor = self.sessionActor(req) else {
                    return r.respond(method == "GET" ? self.redirect("/ops/login") :
                        self.consolePage(403, ConsolePages.message("请先登录", "会话已过期或未登录，请重新登录。", actor: nil)))
                }
                var form: [String: String] = [:]
                if method == "POST" {
                    for (k, v) in URLEncodedForm.parse(req.body) where form[k] == nil { form[k] = v }
                    // Every form carries the session's CSRF token; a POST without it changes nothing.
                    guard let csrf = form["csrf"], HMAC.equal(Array(csrf.utf8), Array((actor.session?.csrf ?? "").utf8)) else {
                        return r.respond(self.consolePage(403, ConsolePages.message("请求被拒绝", "页面已过期（缺少或不符的校验码），请刷新后重试。", actor: actor)))
                    }
                }
                guard actor.role >= minimum else {
                    return r.respond(self.consolePage(403, ConsolePages.message("无权操作", "您的角色（\(actor.role.label)）不能进行这项操作。", actor: actor)))
                }
                r.respond(body(actor, req, params, form))
            }
        }
    }

    func addConsole(to router: inout Router) {
        router.add("GET", "/ops/login") { [unowned self] req, _, r in
            Self.offPollingThread {
                if self.sessionActor(req) != nil { return r.respond(self.redirect("/ops")) }
                let csrf = hexString(SecureRandom.bytes(16))
                r.respond(self.consolePage(200, ConsolePages.login(csrf: csrf, closed: self.console.unavailable),
                                           cookies: [self.cookieHeader(Self.loginCookie, csrf, path: "/ops", maxAge: 3600)]))
            }
        }
        router.add("POST", "/ops/login") { [unowned self] req, _, r in Self.offPollingThread { r.respond(self.login(req)) } }
        consoleRoute(&router, "POST", "/ops/logout") { [unowned self] actor, _, _, _ in
            if let s = actor.session { try? self.console.store?.deleteSession(tokenHash: s.tokenHash) }
            self.audit(actor, "logout")
            return self.redirect("/ops/login", cookies: [self.cookieHeader(Self.sessionCookie, "", path: "/ops", maxAge: 0)])
        }
        consoleRoute(&router, "GET", "/ops") { [unowned self] actor, _, _, _ in
            self.consolePage(200, ConsolePages.dashboard(self.dashboard(), actor: actor))
        }
        consoleRoute(&router, "GET", "/ops/tickets") { [unowned self] actor, req, _, _ in self.searchPage(actor, req) }
        consoleRoute(&router, "GET", "/ops/tickets/{ref}") { [unowned self] actor, _, params, _ in
            self.ticketPage(actor, ref: params["ref"] ?? "", reason: nil)
        }
        consoleRoute(&router, "POST", "/ops/tickets/{ref}/open", minimum: .supervisor) { [unowned self] actor, _, params, form in
            let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                return self.consolePage(422, ConsolePages.message("需要理由", "查看保密件须填写理由。", actor: actor))
            }
            return self.ticketPage(actor, ref: params["ref"] ?? "", reason: String(reason.prefix(200)))
        }
        consoleRoute(&router, "POST", "/ops/tickets/{ref}/state", minimum: .supervisor) { [unowned self] actor, _, params, form in
            let ref = params["ref"] ?? ""
            guard let state = form["state"], Self.ticketStates.contains(state) else {
                return self.consolePage(422, ConsolePages.message("状态无效", "状态只能是办理中或已办结。", actor: actor))
            }
            let result = Self.wait { done in self.store.setState(ticket: ref, to: state, completion: done) }
            guard case .success(let id?) = result else {
                return self.consolePage(404, ConsolePages.message("没有这张工单", "没有受理编号为 \(ref) 的工单。", actor: actor))
            }
            self.audit(actor, "ticket.state", ticket: id, detail: "state=\(state)")
            return self.redirect("/ops/tickets/\(ref)")
        }
        consoleRoute(&router, "GET", "/ops/dead-letters") { [unowned self] actor, _, _, _ in
            self.consolePage(200, ConsolePages.deadLetters((try? self.store.deadLetters(limit: 200)) ?? [], actor: actor,
                                                           offset: self.configuration.utcOffsetSeconds))
        }
        consoleRoute(&router, "POST", "/ops/dead-letters/{eventId}/replay", minimum: .admin) { [unowned self] actor, _, params, _ in
            let eventId = params["eventId"] ?? ""
            let result = Self.wait { done in self.replay(eventId, actor: actor, done) }
            let banner: String
            switch result {
            case .success: banner = "已重新排入投递队列：\(eventId)"
            case .failure(let e as IntakeError) where e.code == .notFound: banner = "没有这条投递失败记录：\(eventId)"
            case .failure: banner = "暂时无法重新投递，请稍后再试。"
            }
            return self.consolePage(200, ConsolePages.deadLetters((try? self.store.deadLetters(limit: 200)) ?? [], actor: actor, banner: banner,
                                                                  offset: self.configuration.utcOffsetSeconds))
        }
        consoleRoute(&router, "POST", "/ops/destinations/{name}/resume", minimum: .admin) { [unowned self] actor, _, params, _ in
            let name = params["name"] ?? ""
            let banner = (try? self.resumeDestination(name, actor: actor)) != nil ? "已恢复投递：\(name)" : "没有名为 \(name) 的投递目标。"
            return self.consolePage(200, ConsolePages.dashboard(self.dashboard(), actor: actor, banner: banner))
        }
        consoleRoute(&router, "GET", "/ops/rejected", minimum: .supervisor) { [unowned self] actor, _, _, _ in
            self.audit(actor, "rejected.view")
            return self.consolePage(200, ConsolePages.rejected((try? self.store.rejected(limit: 200)) ?? [], actor: actor))
        }
        consoleRoute(&router, "GET", "/ops/audit", minimum: .admin) { [unowned self] actor, req, _, _ in
            let entries = (try? self.console.store?.audit(limit: 500, ticketId: req.queryValue("ticket").flatMap { $0.isEmpty ? nil : $0 },
                                                          action: nil)) ?? []
            self.audit(actor, "audit.view")
            return self.consolePage(200, ConsolePages.audit(entries, actor: actor, offset: self.configuration.utcOffsetSeconds))
        }
        consoleRoute(&router, "GET", "/ops/clusters") { [unowned self] actor, _, _, _ in self.clustersPage(actor) }
        consoleRoute(&router, "GET", "/ops/export") { [unowned self] actor, req, _, _ in self.export(actor, req) }
        consoleRoute(&router, "GET", "/ops/operators", minimum: .admin) { [unowned self] actor, _, _, _ in
            self.consolePage(200, ConsolePages.operators((try? self.console.store?.operatorAccounts()) ?? [], actor: actor, now: self.clock.now()))
        }
        consoleRoute(&router, "POST", "/ops/operators/{name}/{change}", minimum: .admin) { [unowned self] actor, _, params, _ in
            self.changeOperator(actor, name: params["name"] ?? "", change: params["change"] ?? "")
        }
        consoleRoute(&router, "GET", "/ops/tickets/{ref}/attachments/{n}") { [unowned self] actor, req, params, _ in
            do {
                return try self.attachment(actor, ref: params["ref"] ?? "", position: params["n"] ?? "", reason: req.queryValue("reason"))
            } catch let e as IntakeError {
                return self.consolePage(e.status, ConsolePages.message("无法打开附件", e.status == 403
                    ? "照片和文件可能显示个人信息：查看员不能打开；保密件须先登记理由。" : "没有这个附件。", actor: actor))
            } catch {
                return self.consolePage(503, ConsolePages.message("无法打开附件", "存储暂时无法读取。", actor: actor))
            }
        }
        router.add("GET", "/v1/tickets/{ref}/attachments/{n}") { [unowned self] req, params, r in
            self.admin(req, r) { actor in
                try self.attachment(actor, ref: params["ref"] ?? "", position: params["n"] ?? "", reason: req.queryValue("reason"))
            }
        }
        router.add("GET", "/v1/admin/audit") { [unowned self] req, _, r in
            self.admin(req, r, minimum: .admin) { actor in try self.listAudit(req, actor) }
        }
    }

    /// Runs an asynchronous store call and waits for it (console handlers already run off the polling threads).
    static func wait<T: Sendable>(_ start: (@escaping @Sendable (Result<T, Error>) -> Void) -> Void) -> Result<T, Error> {
        let box = LockedBox<Result<T, Error>>()
        let done = DispatchSemaphore(value: 0)
        start { result in
            box.set(result)
            done.signal()
        }
        done.wait()
        return box.get() ?? .failure(IntakeError(.internalError, "no answer"))
    }

    // MARK: Login

    func login(_ req: HTTPRequest) -> HTTPResponse {
        var form: [String: String] = [:]
        for (k, v) in URLEncodedForm.parse(req.body) where form[k] == nil { form[k] = v }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let freshCSRF = hexString(SecureRandom.bytes(16))
        let loginCookie = cookieHeader(Self.loginCookie, freshCSRF, path: "/ops", maxAge: 3600)
        func again(_ status: Int, _ message: String) -> HTTPResponse {
            consolePage(status, ConsolePages.login(csrf: freshCSRF, name: name, error: message, closed: console.unavailable), cookies: [loginCookie])
        }
        guard let expected = Self.cookie(req, Self.loginCookie), let offered = form["csrf"],
              HMAC.equal(Array(expected.utf8), Array(offered.utf8)) else {
            return again(403, "页面已过期，请重新登录。")
        }
        guard let store = console.store else { return again(503, "控制台不可用。") }
        let source = req.clientAddress
        let who = Actor(name: name.isEmpty ? "(空)" : String(name.prefix(64)), role: .viewer, breakGlass: false, source: source, session: nil)
        let now = clock.now()
        guard let account = try? store.operatorAccount(named: name) else {
            _ = PasswordHash.verify(form["password"] ?? "", against: PasswordHash.decoy)
            audit(who, "login.failed", detail: "unknown name")
            return again(401, "用户名或密码不正确。")
        }
        if let until = account.lockedUntil, until > now {
            audit(who, "login.locked")
            let minutes = Int((until.timeIntervalSince(now) / 60).rounded(.up))
            return again(423, "连续登录失败次数过多，账号已锁定，请 \(minutes) 分钟后再试，或请管理员重置密码。")
        }
        guard !account.disabled, PasswordHash.verify(form["password"] ?? "", against: account.passwordHash),
              let role = OperatorRole(rawValue: account.role) else {
            // Counted by the database in one statement, so failures at several instances add up.
            guard let counted = try? store.recordFailedLogin(name: account.name, now: now, lockAfter: console.lockoutAttempts,
                                                             lockFor: console.lockoutSeconds) else {
                audit(who, "login.failed", detail: "the failure could not be counted")
                return again(503, "暂时无法登录，请稍后再试。")
            }
            var detail = "failure \(counted.failedLogins) of \(console.lockoutAttempts)" + (account.disabled ? ", disabled" : "")
            if let until = counted.lockedUntil, until > now {
                detail += "; locked until \(Timestamp.format(until))"
                audit(who, "login.failed", detail: detail)
                let minutes = Int((until.timeIntervalSince(now) / 60).rounded(.up))
                return again(423, "连续登录失败次数过多，账号已锁定 \(minutes) 分钟。")
            }
            audit(who, "login.failed", detail: detail)
            return again(401, "用户名或密码不正确。")
        }
        try? store.recordSuccessfulLogin(name: account.name, now: now)
        let token = hexString(SecureRandom.bytes(32))
        let session = OperatorSession(tokenHash: Self.tokenHash(token), operatorName: account.name, csrf: hexString(SecureRandom.bytes(16)),
                                      expiresAt: now.addingTimeInterval(console.sessionSeconds))
        do { try store.createSession(session) } catch { return again(503, "暂时无法登录，请稍后再试。") }
        audit(Actor(name: account.name, role: role, breakGlass: false, source: source, session: session), "login")
        return redirect("/ops", cookies: [cookieHeader(Self.sessionCookie, token, path: "/ops", maxAge: Int(console.sessionSeconds)),
                                          cookieHeader(Self.loginCookie, "", path: "/ops", maxAge: 0)])
    }

    // MARK: Views

    func dashboard() -> ConsolePages.Dashboard {
        let now = clock.now()
        let stats = try? store.stats()
        let counts = (try? console.store?.ticketCounts(since: now.addingTimeInterval(-3600), day: now.addingTimeInterval(-86400))) ?? []
        return ConsolePages.Dashboard(
            counts: counts ?? [], pending: stats?.pending ?? 0,
            oldestPendingSeconds: stats?.oldestPendingAt.map { max(0, now.timeIntervalSince($0)) }, dead: stats?.dead ?? 0,
            rejected: stats?.rejected ?? 0, tickets: stats?.tickets ?? 0, paused: forwarders.filter(\.isPaused).map(\.destination.name),
            destinations: forwarders.map(\.destination.name), storeWritable: store.checkWritable(timeoutSeconds: 2))
    }

    func searchPage(_ actor: Actor, _ req: HTTPRequest) -> HTTPResponse {
        var f = ConsolePages.SearchForm()
        func q(_ n: String) -> String { (req.queryValue(n) ?? "").trimmingCharacters(in: .whitespaces) }
        f.receipt = q("receipt"); f.phone = q("phone"); f.email = q("email"); f.openId = q("openId"); f.channel = q("channel")
        f.state = q("state"); f.dedup = q("dedup"); f.since = q("since"); f.until = q("until")
        let offset = configuration.utcOffsetSeconds
        guard !req.query.isEmpty else { return consolePage(200, ConsolePages.search(f, results: nil, actor: actor, offset: offset)) }
        do {
            let tickets = try searchTickets(f)
            audit(actor, "ticket.search", detail: req.query.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
            let rows: [ConsolePages.SearchRow] = tickets.map { stored in
                let (masked, _) = disclosure(stored, actor, reason: nil)
                let shown = masked ? PersonalDataMask.ticket(stored.ticket) : stored.ticket
                let who = [shown.caller.name, shown.caller.phone ?? shown.caller.email ?? shown.caller.openId].compactMap { $0 }.joined(separator: " ")
                return (shown, stored.status, shown.caller.anonymous && who.isEmpty ? "匿名" : who)
            }
            return consolePage(200, ConsolePages.search(f, results: rows, actor: actor, offset: offset))
        } catch let e as IntakeError {
            return consolePage(422, ConsolePages.search(f, results: nil, actor: actor, error: e.detail, offset: offset))
        } catch {
            return consolePage(503, ConsolePages.search(f, results: nil, actor: actor, error: "存储暂时无法查询。", offset: offset))
        }
    }

    /// The search the console and `GET /v1/tickets` share: indexed criteria in the store, the rest filtered here.
    func searchTickets(_ f: ConsolePages.SearchForm) throws -> [StoredTicket] {
        if !f.receipt.isEmpty {
            return try store.ticket(idOrReceipt: f.receipt).map { [$0] } ?? []
        }
        var query = TicketQuery(limit: 200)
        if !f.channel.isEmpty { query.channel = Channel(rawValue: f.channel) }
        if !f.phone.isEmpty {
            guard let key = PhoneNumber.normalize(f.phone, areaCode: configuration.areaCode) else {
                throw IntakeError.invalid("phone", "“\(f.phone)”不是电话号码。")
            }
            query.phoneKey = key.key
        }
        if !f.email.isEmpty { query.email = f.email.lowercased() }
        if !f.openId.isEmpty { query.openId = f.openId }
        func day(_ s: String, plus: Double = 0) throws -> Date? {
            guard !s.isEmpty else { return nil }
            guard let d = Timestamp.parse(s + "T00:00:00", defaultOffsetSeconds: configuration.utcOffsetSeconds) else {
                throw IntakeError.invalid("date", "日期应写作 2026-11-30。")
            }
            return d.addingTimeInterval(plus)
        }
        query.since = try day(f.since)
        let until = try day(f.until, plus: 86400)
        return try store.tickets(query).filter { t in
            (f.state.isEmpty || t.status == f.state) && (f.dedup.isEmpty || t.ticket.dedup.status.rawValue == f.dedup)
                && (until.map { t.ticket.receivedAt < $0 } ?? true)
        }
    }

    func ticketPage(_ actor: Actor, ref: String, reason: String?) -> HTTPResponse {
        guard let stored = try? store.ticket(idOrReceipt: ref) else {
            return consolePage(404, ConsolePages.message("没有这张工单", "没有受理编号为 \(ref) 的工单。", actor: actor))
        }
        let (masked, needsReason) = disclosure(stored, actor, reason: reason)
        audit(actor, "ticket.view", ticket: stored.ticket.id, reason: reason, detail: masked ? "masked" : nil)
        let viewers = stored.ticket.caller.confidential
            ? ((try? console.store?.audit(limit: 100, ticketId: stored.ticket.id, action: "ticket.view")) ?? [])
            : []
        let view = ConsolePages.TicketView(stored: stored, shown: masked ? PersonalDataMask.ticket(stored.ticket) : stored.ticket,
                                           masked: masked, needsReason: needsReason, reason: reason,
                                           viewers: viewers.filter { $0.reason != nil || $0.detail == nil }, attachmentsNote: nil)
        return consolePage(200, ConsolePages.ticket(view, actor: actor, offset: configuration.utcOffsetSeconds))
    }

    /// A ticket's photo or file, as stored (its type was checked by its bytes at intake). Photos can show who someone
    /// is: viewers cannot open them, and a confidential ticket's only with a reason. Audited.
    func attachment(_ actor: Actor, ref: String, position: String, reason: String?) throws -> HTTPResponse {
        guard let stored = try store.ticket(idOrReceipt: ref), let n = Int(position), stored.ticket.attachments.indices.contains(n) else {
            throw IntakeError(.notFound, "No attachment \(position) on \(ref).")
        }
        let reason = reason.map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        let (masked, needsReason) = disclosure(stored, actor, reason: reason)
        guard !masked else {
            throw IntakeError(.forbidden, needsReason ? "A confidential ticket's attachments open with ?reason=." : "Viewers cannot open attachments.")
        }
        guard let file = try store.attachment(ticketId: stored.ticket.id, position: n) else {
            throw IntakeError(.notFound, "Attachment \(n) of \(ref) was sent as a link, not stored.")
        }
        audit(actor, "attachment.view", ticket: stored.ticket.id, reason: reason, detail: "\(n) \(file.attachment.name)")
        let safeName = String(file.attachment.name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
            .map(Character.init)).prefix(100)
        return HTTPResponse(status: 200, headers: [
            ("Content-Type", file.attachment.contentType), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"),
            ("Content-Disposition", (file.attachment.contentType.hasPrefix("image/") ? "inline" : "attachment") + "; filename=\"\(safeName.isEmpty ? "attachment" : String(safeName))\""),
        ], body: file.bytes)
    }

    /// Open incident clusters among the last week's tickets: several callers, one place and matter.
    func clustersPage(_ actor: Actor) -> HTTPResponse {
        let since = clock.now().addingTimeInterval(-7 * 86400)
        let recent = (try? store.tickets(TicketQuery(since: since, limit: 1000))) ?? []
        var groups: [String: [StoredTicket]] = [:]
        for t in recent { if let c = t.ticket.dedup.clusterId { groups[c, default: []].append(t) } }
        let open = groups.filter { $0.value.contains { $0.status == "open" } }
            .map { (id: $0.key, tickets: $0.value.sorted { $0.ticket.receivedAt < $1.ticket.receivedAt }) }
            .sorted { ($0.tickets.last?.ticket.receivedAt ?? .distantPast) > ($1.tickets.last?.ticket.receivedAt ?? .distantPast) }
        audit(actor, "clusters.view")
        return consolePage(200, ConsolePages.clusters(open, offset: configuration.utcOffsetSeconds, actor: actor))
    }

    /// The search's results as CSV (masked as the actor would see them), audited as an export.
    func export(_ actor: Actor, _ req: HTTPRequest) -> HTTPResponse {
        var f = ConsolePages.SearchForm()
        func q(_ n: String) -> String { (req.queryValue(n) ?? "").trimmingCharacters(in: .whitespaces) }
        f.receipt = q("receipt"); f.phone = q("phone"); f.email = q("email"); f.openId = q("openId"); f.channel = q("channel")
        f.state = q("state"); f.dedup = q("dedup"); f.since = q("since"); f.until = q("until")
        guard let tickets = try? searchTickets(f) else {
            return consolePage(422, ConsolePages.message("无法导出", "查询条件有误。", actor: actor))
        }
        func cell(_ s: String) -> String {
            // Quoted, and a leading = + - @ neutralized so a spreadsheet does not run it as a formula.
            let safe = s.first.map { "=+-@\t\r".contains($0) } == true ? "'" + s : s
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = ["receiptNo,receivedAt,channel,requestType,state,name,phone,email,confidential,repeatOf,clusterId,text"]
        for stored in tickets {
            let (masked, _) = disclosure(stored, actor, reason: nil)
            let t = masked ? PersonalDataMask.ticket(stored.ticket) : stored.ticket
            lines.append([t.receiptNo, Timestamp.format(t.receivedAt), t.channel.rawValue, t.requestType.rawValue, stored.status,
                          t.caller.name ?? "", t.caller.phone ?? "", t.caller.email ?? "", t.caller.confidential ? "true" : "false",
                          t.dedup.repeatOf ?? "", t.dedup.clusterId ?? "", t.text].map(cell).joined(separator: ","))
        }
        audit(actor, "ticket.export", detail: "\(tickets.count) tickets; " + req.query.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        return HTTPResponse(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8"), ("Cache-Control", "no-store"),
                                                   ("Content-Disposition", "attachment; filename=\"tickets.csv\""),
                                                   ("X-Content-Type-Options", "nosniff")],
                            body: Array(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    /// An admin disables, enables or unlocks an operator from the console (passwords stay with the `operator` command).
    func changeOperator(_ actor: Actor, name: String, change: String) -> HTTPResponse {
        guard let store = console.store, var account = try? store.operatorAccount(named: name) else {
            return consolePage(404, ConsolePages.message("没有这个操作员", "没有名为 \(name) 的操作员。", actor: actor))
        }
        switch change {
        case "disable":
            guard name != actor.name else { return consolePage(422, ConsolePages.message("不能停用自己", "请由另一位管理员操作。", actor: actor)) }
            account.disabled = true
            try? store.deleteSessions(operatorName: name)
        case "enable": account.disabled = false
        case "unlock": account.lockedUntil = nil; account.failedLogins = 0
        default: return consolePage(404, ConsolePages.message("无效操作", "不支持的操作：\(change)。", actor: actor))
        }
        do { try store.saveOperator(account) } catch {
            return consolePage(503, ConsolePages.message("暂时无法保存", "请稍后再试。", actor: actor))
        }
        audit(actor, "operator.\(change)", detail: name)
        return redirect("/ops/operators")
    }

    func listAudit(_ request: HTTPRequest, _ actor: Actor) throws -> HTTPResponse {
        let limit = try limitParameter(request, default: 100, max: 1000)
        guard let store = console.store else { throw IntakeError(.unavailable, "The audit trail is not available: \(console.unavailable ?? "no store").") }
        let entries = try store.audit(limit: limit, ticketId: request.queryValue("ticket").flatMap { $0.isEmpty ? nil : $0 },
                                      action: request.queryValue("action").flatMap { $0.isEmpty ? nil : $0 })
        audit(actor, "audit.view")
        return json(200, .object([("items", .array(entries.map { $0.json() })), ("count", .int(Int64(entries.count)))]))
    }
}

/// A value handed from a completion to a waiting thread.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}
