import Foundation
import IntakeCore
import Store
import HTTPServer
import Crypto

/// What the citizen's pages keep for the process's lifetime: the key one-time tracking codes are derived with,
/// and the lookup rate limiter.
final class CitizenPagesContext: Sendable {
    /// HMAC key for tracking codes of anonymous tickets and media-link signatures: INTAKE_TRACK_SECRET, or a key kept
    /// in the database (table `gateway_keys`), so `backup` carries it and every instance on one PostgreSQL shares it.
    let trackKey: [UInt8]
    let trackLimiter: RateLimiter
    /// Working days the receipt page promises an answer within.
    let answerWorkingDays: Int

    init(configuration: GatewayConfiguration, keys: (any GatewayKeys)?, logger: Logger) {
        trackLimiter = RateLimiter(perMinute: max(1, configuration.settings["track.rateLimitPerMinute"].flatMap(Int.init) ?? 10))
        answerWorkingDays = configuration.settings["pages.answerWorkingDays"].flatMap(Int.init) ?? 15
        if let secret = configuration.settings["track.secret"], !secret.isEmpty {
            trackKey = Array(secret.utf8)
        } else if let keys, let key = try? keys.key(named: Self.trackKeyName, orCreate: Self.legacyKeyFile(beside: configuration.database)
                                                                                      ?? SecureRandom.bytes(32)) {
            trackKey = key
            if configuration.database == "memory:" {
                logger.warning("INTAKE_TRACK_SECRET is not set and the store is in memory; tracking codes of anonymous tickets "
                               + "shown now stop working when the process restarts", [])
            }
        } else {
            logger.warning("INTAKE_TRACK_SECRET is not set and the database cannot keep a key; tracking codes of anonymous "
                           + "tickets shown now stop working when the process restarts", [])
            trackKey = SecureRandom.bytes(32)
        }
    }

    /// The tracking-code key's name in `gateway_keys`.
    static let trackKeyName = "track"

    /// `<database>.track-key`, the file earlier versions kept the key in beside a SQLite database: its key moves into
    /// the database the first time (so codes already shown keep working); the file is no longer read after that.
    static func legacyKeyFile(beside database: String) -> [UInt8]? {
        guard !PostgresStoreConfiguration.names(database), database != "memory:",
              let data = FileManager.default.contents(atPath: database + ".track-key"), data.count >= 32 else { return nil }
        return Array(data)
    }

    /// The eight-digit code shown once on an anonymous ticket's receipt page, derived (not stored) from its id.
    func trackCode(ticketId: String) -> String {
        let mac = HMAC.sha256(key: trackKey, data: Array("track-code:\(ticketId)".utf8))
        let n = mac.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000_000
        let digits = String(n)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

extension Gateway {
    /// Headers every page carries: nothing may load from elsewhere, nothing inline runs, nobody frames the page.
    static let pageSecurityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "geolocation=(self), camera=(), microphone=()"),
    ]

    /// A page. `cacheable` pages hold no personal data and may be kept (the form, so that going back to it keeps its
    /// idempotency key and a resubmission finds the first ticket); everything else is `no-store`.
    func page(_ status: Int, _ html: HTML, cacheable: Bool = false, extraHeaders: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", cacheable ? "private, max-age=0" : "no-store")]
                        + Self.pageSecurityHeaders + extraHeaders,
                     body: html.bytes)
    }

    /// Whether a browser asked for a page: `Accept` names text/html before any JSON type.
    static func wantsHTML(_ request: HTTPRequest) -> Bool { wantsHTML(accept: request.header("accept")) }

    static func wantsHTML(accept: String?) -> Bool {
        guard let accept = accept?.lowercased(), let html = accept.range(of: "text/html") else { return false }
        if let json = accept.range(of: "json") { return html.lowerBound < json.lowerBound }
        return true
    }

    /// The answer to a request the HTTP server refused by its own limits (413 body, 414 target, 431 headers, 503
    /// stopping or too slow): a page in Chinese for a browser, RFC 9457 problem+json for everyone else. The
    /// connection closes after it.
    static func limitRefusal(_ status: Int, _ detail: String, accept: String?) -> HTTPResponse {
        if wantsHTML(accept: accept) {
            return HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                                                          ("Connection", "close")] + pageSecurityHeaders,
                                body: CitizenPages.refusal(status: status).bytes)
        }
        let code: IntakeError.Code = switch status {
        case 413: .payloadTooLarge
        case 414: .uriTooLong
        case 431: .headersTooLarge
        default: .unavailable
        }
        return HTTPResponse(status: status, headers: [("Content-Type", "application/problem+json"), ("Connection", "close")],
                            body: IntakeError(code, detail).problem().serialized())
    }

    func addCitizenPages(to router: inout Router) {
        router.add("GET", "/") { [unowned self] _, _, r in
            let key = hexString(SecureRandom.bytes(16))
            r.respond(self.page(200, CitizenPages.form(.init(idempotencyKey: key), limits: self.formLimits),
                                cacheable: true))
        }
        router.add("GET", "/assets/{name}") { [unowned self] req, params, r in
            guard let asset = PageAssets.all[params["name"] ?? ""] else {
                return r.respond(self.problem(IntakeError(.notFound, "No asset is named \(params["name"] ?? "")."), instance: req.path))
            }
            let headers: [(name: String, value: String)] = [("ETag", asset.etag), ("Cache-Control", "public, max-age=3600"),
                                                           ("X-Content-Type-Options", "nosniff")]
            if req.header("if-none-match") == asset.etag { return r.respond(HTTPResponse(status: 304, headers: headers)) }
            r.respond(HTTPResponse(status: 200, headers: [("Content-Type", asset.contentType)] + headers, body: asset.body))
        }
        router.add("GET", "/track") { [unowned self] req, _, r in
            let receipt = req.queryValue("receipt") ?? ""
            guard let contact = req.queryValue("contact"), !contact.isEmpty else {
                return r.respond(self.page(200, CitizenPages.track(receipt: receipt, outcome: .form)))
            }
            self.track(receipt: receipt, contact: contact, client: req.clientAddress, r)
        }
        router.add("POST", "/track") { [unowned self] req, _, r in
            var fields: [String: String] = [:]
            for (k, v) in URLEncodedForm.parse(req.body) where fields[k] == nil { fields[k] = v }
            self.track(receipt: fields["receipt"] ?? "", contact: fields["contact"] ?? "", client: req.clientAddress, r)
        }
    }

    // MARK: The form, answered as pages

    /// The photo limits the web channel enforces, told to the page so its script can check before sending.
    var formLimits: CitizenPages.Limits {
        CitizenPages.Limits(photos: 9, fileBytes: configuration.webMaxFileBytes,
                            totalBytes: min(configuration.webMaxTotalBytes, configuration.maxBodyBytes - (64 << 10)))
    }

    /// `POST /v1/intake/web` from a browser: the same pipeline as JSON clients, answered with the receipt page, or the
    /// form again with each error beside its field and everything typed kept.
    func submitWebPage(_ route: ChannelRoute, _ http: HTTPRequest, _ params: [String: String], _ responder: HTTPResponder) {
        let fields = Self.formFields(http)
        let values = CitizenPages.FormValues(fields: fields)
        var headers = http.headers
        if http.header("idempotency-key") == nil, !values.idempotencyKey.isEmpty {
            headers.append(("idempotency-key", String(values.idempotencyKey.prefix(100))))
        }
        if !values.anonymous, !values.phone.isEmpty, PhoneNumber.normalize(values.phone, areaCode: configuration.areaCode) == nil {
            return responder.respond(page(422, CitizenPages.form(values, errors: [("phone", "手机号码应为 11 位数字，例如 13800138000。")],
                                                                 limits: formLimits)))
        }
        let request = ChannelRequest(
            method: http.method, path: http.path, pathParameters: params, query: http.query, headers: headers,
            body: http.body, receivedAt: clock.now(), clientAddress: http.clientAddress)
        // Anonymous means no contact at all, whatever a browser without JavaScript still sent in the hidden fields.
        let amend: (@Sendable (Submission) -> Submission)? = values.anonymous ? Self.withoutContact : nil
        process(request, route: route, amend: amend) { [weak self] answer, result in
            self?.answerWebPage(values, answer: answer, result: result, responder)
        }
    }

    private func answerWebPage(_ values: CitizenPages.FormValues, answer: ChannelResponse,
                               result: Result<[IntakeOutcome], IntakeError>, _ responder: HTTPResponder) {
        let maxMB = formLimits.fileMB
        switch result {
        case .success(let outcomes):
            guard let first = outcomes.first, let receiptNo = first.receiptNo else {
                responder.respond(page(503, CitizenPages.form(values, banner: "系统暂时无法受理，请稍后再提交。", limits: formLimits)))
                return
            }
            var code: String?
            if values.anonymous, let id = first.ticketId { code = citizenPages.trackCode(ticketId: id) }
            let html = CitizenPages.receipt(receiptNo: receiptNo, trackCode: code, anonymous: values.anonymous,
                                            duplicate: first.status == .duplicate, answerDays: citizenPages.answerWorkingDays,
                                            emergency: first.routing?.emergency)
            responder.respond(page(first.status == .duplicate ? 200 : 202, html))
        case .failure(let error):
            let (errors, banner) = Self.formErrors(error, maxPhotos: formLimits.photos, maxPhotoMB: maxMB)
            let retryAfter = answer.headers.filter { $0.name.lowercased() == "retry-after" }
            responder.respond(page(error.status, CitizenPages.form(values, errors: errors, banner: banner, limits: formLimits),
                                   extraHeaders: retryAfter))
        }
    }

    @Sendable static func withoutContact(_ submission: Submission) -> Submission {
        var s = submission
        s.caller = Caller(anonymous: true, confidential: s.caller.confidential)
        return s
    }

    /// The text fields of a form post (files are not kept; a browser cannot be given them back).
    static func formFields(_ http: HTTPRequest) -> [String: String] {
        var fields: [String: String] = [:]
        let request = ChannelRequest(method: http.method, path: http.path, headers: http.headers, body: http.body,
                                     receivedAt: Date(timeIntervalSince1970: 0), clientAddress: http.clientAddress)
        switch request.mediaType {
        case "application/x-www-form-urlencoded":
            for (k, v) in URLEncodedForm.parse(http.body) where fields[k] == nil { fields[k] = v }
        case "multipart/form-data":
            guard let boundary = request.contentTypeParameter("boundary"),
                  let parts = try? MultipartForm.parse(http.body, boundary: boundary, limits: .init(maxParts: 64)) else { break }
            for part in parts where part.filename == nil && fields[part.name] == nil { fields[part.name] = part.text }
        default: break
        }
        return fields
    }

    /// The pipeline's refusal in the citizen's language, placed beside the field it is about.
    static func formErrors(_ error: IntakeError, maxPhotos: Int, maxPhotoMB: Int) -> (CitizenPages.FieldErrors, String?) {
        let d = error.detail
        switch error.code {
        case .rateLimited: return ([], "提交过于频繁，请稍等一分钟后再提交。您填写的内容已保留。")
        case .conflict: return ([], "这个表单已经提交过，内容与这次不同。如需反映另一件事，请打开新的表单：首页“在线反映诉求”。")
        case .unavailable, .internalError: return ([], "系统暂时无法受理，请稍后再提交。您填写的内容已保留。")
        case .payloadTooLarge: return ([("photos", "照片太大，请减少照片数量或压缩后再上传。")], nil)
        default: break
        }
        let field = error.field ?? ""
        switch field {
        case "text":
            return ([("text", d.contains("longer") ? "内容太长，请精简到 10000 字以内。" : "请写下发生了什么。")], nil)
        case "phone", "email":
            return ([("phone", "请填写手机号码，方便答复您；不便留下联系方式可选择匿名反映。")], nil)
        case "requestType": return ([("requestType", "请从列出的诉求类型中选择一项。")], nil)
        case "location", "location.lat", "location.lng", "location.crs":
            return ([("address", "位置信息不完整，请重新点“使用我的位置”，或只填写地址。")], nil)
        default:
            if field.hasPrefix("attachments") {
                let message: String
                if d.contains("At most") { message = "照片最多 \(maxPhotos) 张。" }
                else if d.contains("total more") { message = "照片合计太大，请减少照片数量。" }
                else if d.contains("the limit is") { message = "有照片超过 \(maxPhotoMB) MB，请压缩后再上传。" }
                else if d.contains("is empty") { message = "有照片是空文件，请重新选择。" }
                else { message = "有文件不是可接受的图片格式（JPG、PNG、WebP、GIF、HEIC）。" }
                return ([("photos", message)], nil)
            }
            return ([], "提交未成功，请检查填写的内容后再试。")
        }
    }

    // MARK: Progress lookup

    /// Looks a ticket up by receipt number and a contact proof. A wrong pair and an unknown receipt get the same page.
    func track(receipt rawReceipt: String, contact rawContact: String, client: String, _ responder: HTTPResponder) {
        let receipt = TextNormalizer.normalize(rawReceipt).filter { !$0.isWhitespace }
        let contact = TextNormalizer.normalize(rawContact).filter { !$0.isWhitespace }
        if let wait = citizenPages.trackLimiter.take(client, now: clock.now().timeIntervalSince1970) {
            let seconds = Int(wait.rounded(.up))
            return responder.respond(page(429, CitizenPages.track(receipt: receipt, outcome: .rateLimited(seconds: seconds)),
                                          extraHeaders: [("Retry-After", String(seconds))]))
        }
        Self.offPollingThread { [self] in
            var outcome = CitizenPages.TrackOutcome.notFound
            if Self.looksLikeReceipt(receipt), !contact.isEmpty,
               let stored = try? store.ticket(idOrReceipt: receipt), stored.ticket.receiptNo == receipt,
               proves(contact, stored.ticket) {
                outcome = .found(progress(stored))
            }
            responder.respond(page(200, CitizenPages.track(receipt: receipt, outcome: outcome)))
        }
    }

    static func looksLikeReceipt(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 8 && (1...12).contains(parts[1].count)
            && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The contact given matches the ticket: its phone number (any written form), the phone's last four digits, its
    /// e-mail address, or the one-time code of the receipt page.
    func proves(_ contact: String, _ ticket: Ticket) -> Bool {
        let digits = contact.filter(\.isASCIIDigit)
        if digits.count == 8, digits.count == contact.count,
           HMAC.equal(Array(digits.utf8), Array(citizenPages.trackCode(ticketId: ticket.id).utf8)) {
            return true
        }
        if let key = ticket.caller.phoneKey {
            let keyDigits = key.filter(\.isASCIIDigit)
            if contact.count == 4, digits.count == 4, keyDigits.count >= 4 { return keyDigits.hasSuffix(digits) }
            if let given = PhoneNumber.normalize(contact, areaCode: configuration.areaCode), given.key == key { return true }
        }
        if let email = ticket.caller.email, contact.contains("@") { return contact.lowercased() == email.lowercased() }
        return false
    }

    func progress(_ stored: StoredTicket) -> CitizenPages.Progress {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: configuration.utcOffsetSeconds) ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: stored.ticket.receivedAt)
        let when = String(format: "%d年%d月%d日 %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        let forwarded = stored.caseId != nil
            || stored.deliveries.contains { $0.state == "delivered" && ($0.eventType == "ticket.created" || $0.eventType == "ticket.repeat") }
        return CitizenPages.Progress(
            receiptNo: stored.ticket.receiptNo, requestType: stored.ticket.requestType, receivedAt: when, forwarded: forwarded,
            caseId: stored.caseId, closed: stored.status == "closed", returned: stored.status == "returned",
            reply: stored.status == "closed" ? stored.reply : nil)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
