import Foundation
import IntakeCore
import Store

/// The operators' console pages (zh-CN), rendered from plain values. Every form carries the session's CSRF token.
enum ConsolePages {
    static func layout(_ title: String, actor: Actor?, banner: String? = nil, _ main: HTML) -> HTML {
        var nav: HTML = .empty
        if let actor, let session = actor.session {
            let adminLinks: HTML = actor.role == .admin ? "<a href=\"/ops/audit\">审计记录</a><a href=\"/ops/operators\">操作员</a>" : .empty
            nav = """
                <nav class="ops" aria-label="控制台">
                <a href="/ops">概览</a><a href="/ops/tickets">工单查询</a><a href="/ops/clusters">事件群</a><a href="/ops/dead-letters">投递失败</a>\(actor.role >= .supervisor ? HTML("<a href=\"/ops/rejected\">拒收记录</a>") : .empty)\(adminLinks)
                <form method="post" action="/ops/logout" class="row"><input type="hidden" name="csrf" value="\(session.csrf)">
                <button type="submit" class="secondary">退出（\(actor.name)，\(actor.role.label)）</button></form>
                </nav>
                """
        }
        let bannerBlock: HTML = banner.map { "<div class=\"warn\" role=\"status\"><p>\($0)</p></div>" } ?? .empty
        return CitizenPages.layout(title: "\(title) - 12345 控制台", main: "\(bannerBlock)\(main)", mainClass: "wide", header: nav)
    }

    static func csrfField(_ actor: Actor) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(actor.session?.csrf ?? "")\">"
    }

    static func time(_ d: Date?, offset: Int) -> String {
        guard let d else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    // MARK: Login

    static func login(csrf: String, name: String = "", error: String? = nil, closed: String? = nil) -> HTML {
        let errorBlock: HTML = error.map { "<div class=\"error-summary\" role=\"alert\" id=\"login-error\"><p>\($0)</p></div>" } ?? .empty
        let closedBlock: HTML = closed.map { "<div class=\"warn\" role=\"status\"><p>控制台不可用：\($0)</p></div>" } ?? .empty
        return layout("登录", actor: nil, """
            <h1>控制台登录</h1>
            \(closedBlock)\(errorBlock)
            <form class="card" method="post" action="/ops/login" accept-charset="utf-8">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div class="field"><label for="o-name">用户名</label>
            <input type="text" id="o-name" name="name" required aria-required="true" autocomplete="username" value="\(name)"></div>
            <div class="field"><label for="o-password">密码</label>
            <input type="password" id="o-password" name="password" required aria-required="true" autocomplete="current-password"></div>
            <p><button type="submit" class="primary" id="login">登录</button></p>
            </form>
            """)
    }

    /// A plain message page (refusals, CSRF failures).
    static func message(_ title: String, _ text: String, actor: Actor?) -> HTML {
        layout(title, actor: actor, "<h1>\(title)</h1><div class=\"card\" id=\"message\"><p>\(text)</p><p><a href=\"/ops\">返回控制台</a></p></div>")
    }

    // MARK: Dashboard

    struct Dashboard: Sendable {
        var counts: [ChannelCounts]
        var pending: Int
        var oldestPendingSeconds: Double?
        var dead: Int
        var rejected: Int
        var tickets: Int
        var paused: [String]
        var destinations: [String]
        var storeWritable: Bool
    }

    static func dashboard(_ d: Dashboard, actor: Actor, banner: String? = nil) -> HTML {
        func stat(_ label: String, _ value: String, id: String) -> HTML {
            "<div class=\"stat\" id=\"\(id)\"><b>\(value)</b>\(label)</div>"
        }
        let oldest = d.oldestPendingSeconds.map { $0 < 120 ? "\(Int($0)) 秒" : "\(Int($0 / 60)) 分钟" } ?? "无"
        let pausedRows: [HTML] = d.paused.map { name in
            let resume: HTML = actor.role == .admin
                ? "<form method=\"post\" action=\"/ops/destinations/\(name)/resume\">\(csrfField(actor))<button type=\"submit\">恢复投递</button></form>"
                : .empty
            return "<li class=\"row\"><span>\(name) 已暂停（对方返回 410）</span>\(resume)</li>"
        }
        let pausedBlock: HTML = d.paused.isEmpty ? "<p>所有投递目标均正常。</p>" : "<ul>\(pausedRows)</ul>"
        return layout("概览", actor: actor, banner: banner, """
            <h1>概览</h1>
            <div class="stats">
            \(stat("近 1 小时工单", String(d.counts.reduce(0) { $0 + $1.lastHour }), id: "stat-hour"))
            \(stat("近 24 小时工单", String(d.counts.reduce(0) { $0 + $1.lastDay }), id: "stat-day"))
            \(stat("待投递", String(d.pending), id: "stat-pending"))
            \(stat("最早待投递", oldest, id: "stat-oldest"))
            \(stat("投递失败", String(d.dead), id: "stat-dead"))
            \(stat("拒收请求", String(d.rejected), id: "stat-rejected"))
            \(stat("工单总数", String(d.tickets), id: "stat-tickets"))
            \(stat("实例状态", d.storeWritable ? "正常" : "存储不可写", id: "stat-health"))
            </div>
            <h2 id="chart-title">各渠道工单量</h2>
            \(chart(d.counts))
            <h2>投递目标</h2>
            <div class="card">\(pausedBlock)<p>已配置：\(d.destinations.isEmpty ? "无" : d.destinations.joined(separator: "、"))。</p></div>
            """)
    }

    static let channelLabels: [String: String] = [
        "web": "网页", "sms": "短信", "phone": "电话", "email": "邮件", "miniprogram": "小程序", "police110": "110 转办",
    ]

    /// Tickets per channel in the last hour and the last day, as a bar chart drawn on the server (no script).
    static func chart(_ counts: [ChannelCounts]) -> HTML {
        let rows = counts.isEmpty ? [ChannelCounts(channel: "web", lastHour: 0, lastDay: 0)] : counts
        let maxValue = max(1, rows.map(\.lastDay).max() ?? 1)
        let rowHeight = 44, labelWidth = 90, width = 640, barMax = width - labelWidth - 60
        let height = rows.count * rowHeight + 40
        var parts: [HTML] = []
        for (i, r) in rows.enumerated() {
            let y = 30 + i * rowHeight
            let day = max(r.lastDay > 0 ? 2 : 0, r.lastDay * barMax / maxValue)
            let hour = max(r.lastHour > 0 ? 2 : 0, r.lastHour * barMax / maxValue)
            let label = channelLabels[r.channel] ?? r.channel
            parts.append("""
                <text x="0" y="\(y + 18)" font-size="14" fill="#1a1a1a">\(label)</text>
                <rect x="\(labelWidth)" y="\(y)" width="\(day)" height="16" fill="#5b7fc7"><title>\(label) 近 24 小时 \(r.lastDay)</title></rect>
                <text x="\(labelWidth + day + 6)" y="\(y + 13)" font-size="12" fill="#1a1a1a">\(r.lastDay)</text>
                <rect x="\(labelWidth)" y="\(y + 18)" width="\(hour)" height="16" fill="#9f1d20"><title>\(label) 近 1 小时 \(r.lastHour)</title></rect>
                <text x="\(labelWidth + hour + 6)" y="\(y + 31)" font-size="12" fill="#1a1a1a">\(r.lastHour)</text>
                """)
        }
        let summary = rows.map { "\(channelLabels[$0.channel] ?? $0.channel)：近 1 小时 \($0.lastHour)，近 24 小时 \($0.lastDay)" }.joined(separator: "；")
        return """
            <svg class="chart" id="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" xmlns="http://www.w3.org/2000/svg">
            <desc id="chart-desc">\(summary)</desc>
            <rect x="\(labelWidth)" y="4" width="14" height="12" fill="#5b7fc7"></rect><text x="\(labelWidth + 20)" y="15" font-size="12" fill="#1a1a1a">近 24 小时</text>
            <rect x="\(labelWidth + 110)" y="4" width="14" height="12" fill="#9f1d20"></rect><text x="\(labelWidth + 130)" y="15" font-size="12" fill="#1a1a1a">近 1 小时</text>
            \(parts)
            </svg>
            """
    }

    // MARK: Tickets

    struct SearchForm: Sendable {
        var receipt = "", phone = "", email = "", openId = "", channel = "", state = "", dedup = "", since = "", until = ""
    }

    /// One search result: the ticket as shown (masked or not), its state, and the caller as shown.
    typealias SearchRow = (ticket: Ticket, state: String, who: String)

    static func search(_ f: SearchForm, results: [SearchRow]?, actor: Actor, error: String? = nil, offset: Int) -> HTML {
        let exportQuery = [("receipt", f.receipt), ("phone", f.phone), ("email", f.email), ("openId", f.openId), ("channel", f.channel),
                           ("state", f.state), ("dedup", f.dedup), ("since", f.since), ("until", f.until)]
            .filter { !$0.1.isEmpty }.map { "\($0.0)=\(URLEncodedForm.encode($0.1))" }.joined(separator: "&")
        func option(_ value: String, _ label: String, _ current: String) -> HTML {
            "<option value=\"\(value)\"\(HTML.flag(value == current, " selected"))>\(label)</option>"
        }
        let channels: [HTML] = [option("", "全部", f.channel)] + ["web", "sms", "phone", "email", "miniprogram", "police110"].map {
            option($0, channelLabels[$0] ?? $0, f.channel)
        }
        let states: [HTML] = [("", "全部"), ("open", "办理中"), ("closed", "已办结"), ("returned", "已退回 110")].map { option($0.0, $0.1, f.state) }
        let dedups: [HTML] = [("", "全部"), ("new", "首次"), ("repeat", "重复来电")].map { option($0.0, $0.1, f.dedup) }
        var table: HTML = .empty
        if let results {
            let rows: [HTML] = results.map { row in
                let t = row.ticket
                return """
                    <tr><td><a href="/ops/tickets/\(t.receiptNo)">\(t.receiptNo)</a></td><td>\(time(t.receivedAt, offset: offset))</td>
                    <td>\(channelLabels[t.channel.rawValue] ?? t.channel.rawValue)</td><td>\(CitizenPages.label(of: t.requestType))</td>
                    <td>\(row.who)</td><td>\(stateLabel(row.state))</td><td>\(t.dedup.status == .repeat ? "重复" : "首次")\(t.caller.confidential ? "，保密" : "")</td></tr>
                    """
            }
            table = """
                <p id="result-count">共 \(results.count) 条　<a href="/ops/export?\(exportQuery)">导出 CSV</a></p>
                <div class="table"><table id="results"><thead><tr><th scope="col">受理编号</th><th scope="col">受理时间</th><th scope="col">渠道</th>
                <th scope="col">类型</th><th scope="col">来电人</th><th scope="col">状态</th><th scope="col">标记</th></tr></thead><tbody>\(rows)</tbody></table></div>
                """
        }
        let errorBlock: HTML = error.map { "<div class=\"error-summary\" role=\"alert\"><p>\($0)</p></div>" } ?? .empty
        return layout("工单查询", actor: actor, """
            <h1>工单查询</h1>\(errorBlock)
            <form class="card" method="get" action="/ops/tickets">
            <div class="stats">
            <div class="field"><label for="s-receipt">受理编号</label><input type="text" id="s-receipt" name="receipt" value="\(f.receipt)"></div>
            <div class="field"><label for="s-phone">电话（任意写法）</label><input type="tel" id="s-phone" name="phone" value="\(f.phone)"></div>
            <div class="field"><label for="s-email">邮箱</label><input type="text" id="s-email" name="email" value="\(f.email)"></div>
            <div class="field"><label for="s-openid">OpenID</label><input type="text" id="s-openid" name="openId" value="\(f.openId)"></div>
            <div class="field"><label for="s-channel">渠道</label><select id="s-channel" name="channel">\(channels)</select></div>
            <div class="field"><label for="s-state">状态</label><select id="s-state" name="state">\(states)</select></div>
            <div class="field"><label for="s-dedup">重复判定</label><select id="s-dedup" name="dedup">\(dedups)</select></div>
            <div class="field"><label for="s-since">起始日期</label><input type="date" id="s-since" name="since" value="\(f.since)"></div>
            <div class="field"><label for="s-until">截止日期</label><input type="date" id="s-until" name="until" value="\(f.until)"></div>
            </div>
            <p><button type="submit" id="search">查询</button></p>
            </form>
            \(table)
            """)
    }

    struct TicketView: Sendable {
        var stored: StoredTicket
        /// What is shown: masked unless the actor may see it.
        var shown: Ticket
        var masked: Bool
        /// A supervisor or admin must state a reason before a confidential ticket opens.
        var needsReason: Bool
        /// The reason given for opening a confidential ticket, carried to its attachment links.
        var reason: String?
        var viewers: [AuditEntry]
        var attachmentsNote: String?
    }

    /// A ticket's state and a delivery's state as operators read them; an unknown value is shown as it is.
    static let stateLabels = ["open": "办理中", "closed": "已办结", "returned": "已退回 110",
                              "pending": "待投递", "delivered": "已送达", "dead": "投递失败"]
    static func stateLabel(_ state: String) -> String { stateLabels[state] ?? state }

    static func ticket(_ v: TicketView, actor: Actor, offset: Int) -> HTML {
        let t = v.shown
        let c = t.caller
        var reasonForm: HTML = .empty
        if v.needsReason {
            reasonForm = """
                <form class="card" method="post" action="/ops/tickets/\(t.receiptNo)/open" id="reason-form">
                \(csrfField(actor))
                <h2>保密件</h2><p>来电人要求对身份保密。查看姓名和联系方式前，请登记查看理由；本次查看会记入审计记录。</p>
                <div class="field"><label for="r-reason">查看理由</label><input type="text" id="r-reason" name="reason" required aria-required="true" maxlength="200"></div>
                <p><button type="submit" id="open-confidential">登记理由并查看</button></p>
                </form>
                """
        }
        var viewersBlock: HTML = .empty
        if t.caller.confidential {
            let rows: [HTML] = v.viewers.map { e in
                "<li>\(time(e.at, offset: offset)) \(e.actor)（\(e.source ?? "")）\(e.reason.map { "：\($0)" } ?? "")</li>"
            }
            viewersBlock = "<h2>查看过此保密件的人</h2><ul id=\"viewers\">\(rows.isEmpty ? ["<li>暂无</li>"] : rows)</ul>"
        }
        let location: HTML = t.location.map { l in
            "<p>地点：\(l.address ?? "")\(l.lat.map { " （\($0), \(l.lng ?? 0) \(l.crs?.rawValue ?? "")）" } ?? "")</p>"
        } ?? .empty
        let attachments: [HTML] = t.attachments.enumerated().map { n, a in
            let label: HTML = "\(a.name)（\(a.contentType)，\(a.size) 字节，SHA-256 \(String(a.sha256.prefix(16)))…）"
            guard !v.masked, a.url == nil else { return "<li>\(label)</li>" }
            let query = v.reason.map { "?reason=" + URLEncodedForm.encode($0) } ?? ""
            return "<li><a href=\"/ops/tickets/\(t.receiptNo)/attachments/\(n)\(query)\">\(label)</a></li>"
        }
        let reasons: [HTML] = t.dedup.reasons.map { "<li>\($0)</li>" }
        let repeatLink: HTML = t.dedup.repeatOf.map { "<p>重复来电，原工单：<a href=\"/ops/tickets/\($0)\">\($0)</a></p>" } ?? .empty
        let cluster: HTML = t.dedup.clusterId.map { "<p>同一事件群：\($0)</p>" } ?? .empty
        let deliveries: [HTML] = v.stored.deliveries.map { d in
            "<tr><td>\(d.eventType)</td><td>\(d.destination)</td><td>\(stateLabel(d.state))</td><td>\(d.attempts)</td><td>\(d.lastStatus.map(String.init) ?? "")</td><td>\(d.lastError ?? "")</td></tr>"
        }
        let outcomeLabels = ["delivered": "已送达", "retry": "待重试", "dead": "已放弃"]
        let attempts: [HTML] = v.stored.deliveries.flatMap { d in
            d.history.map { a -> HTML in
                // The forwarder's errors often name the status already ("HTTP 503", "HTTP 400: …").
                let answer = a.error.map { e in a.status.map { e.hasPrefix("HTTP \($0)") ? e : "HTTP \($0)：" + e } ?? e }
                    ?? a.status.map { "HTTP \($0)" } ?? ""
                return """
                    <tr><td>\(time(a.at, offset: offset))</td><td>\(a.destination)</td><td>\(d.eventType)</td><td>\(outcomeLabels[a.outcome] ?? a.outcome)</td>\
                    <td>\(answer)</td><td>\(a.durationMs.map { "\($0) ms" } ?? "")</td><td>\(a.nextAttemptAt.map { time($0, offset: offset) } ?? "")</td></tr>
                    """
            }
        }
        let attemptTable: HTML = attempts.isEmpty ? "<p id=\"attempts\">尚无投递尝试。</p>" : """
            <h3>每次尝试（每个事件保留最近 \(DeliveryAttempt.kept) 次）</h3>
            <div class="table"><table id="attempts"><thead><tr><th scope="col">时间</th><th scope="col">目标</th><th scope="col">事件</th><th scope="col">结果</th>\
            <th scope="col">HTTP 状态或错误</th><th scope="col">耗时</th><th scope="col">下次重试</th></tr></thead>
            <tbody>\(attempts)</tbody></table></div>
            """
        let channelData: HTML = t.channelData.flatMap { $0.isNull ? JSON?.none : $0 }.map { "<h2>渠道数据</h2><pre class=\"card\" id=\"channel-data\">\(String(decoding: $0.serialized(), as: UTF8.self))</pre>" } ?? .empty
        var stateForm: HTML = .empty
        if actor.role >= .supervisor {
            stateForm = """
                <form method="post" action="/ops/tickets/\(t.receiptNo)/state" class="row">\(csrfField(actor))
                <label for="st-select">更改为</label><select id="st-select" name="state"><option value="open">办理中</option><option value="closed">已办结</option></select>
                <button type="submit" class="secondary">更改状态</button></form>
                """
        }
        return layout("工单 \(t.receiptNo)", actor: actor, """
            <h1>工单 \(t.receiptNo)</h1>
            \(reasonForm)
            <section class="card" aria-labelledby="caller-h"><h2 id="caller-h">来电人\(v.masked ? "（已隐藏部分信息）" : "")</h2>
            <p id="caller">姓名：\(c.name ?? "未留")　电话：\(c.phone ?? "未留")　邮箱：\(c.email ?? "未留")\(c.openId.map { "　OpenID：\($0)" } ?? "")</p>
            <p>\(c.anonymous ? "匿名反映。" : "")\(c.confidential ? "要求保密。" : "")</p>
            </section>
            <section class="card" aria-labelledby="words-h"><h2 id="words-h">诉求</h2>
            <p>\(channelLabels[t.channel.rawValue] ?? t.channel.rawValue)　\(CitizenPages.label(of: t.requestType))　受理时间 \(time(t.receivedAt, offset: offset))　状态 \(stateLabel(v.stored.status))\(v.stored.caseId.map { "　办理系统编号 \($0)" } ?? "")</p>
            \(t.subject.map { HTML("<p><strong>\($0)</strong></p>") } ?? .empty)
            <p class="reply" id="text">\(t.text)</p>
            \(location)
            \(attachments.isEmpty ? .empty : HTML("<h3>附件</h3><ul>\(attachments)</ul>"))
            \(v.stored.reply.map { HTML("<h3>答复</h3><p class=\"reply\">\(v.masked ? PersonalData.maskFreeText($0) : $0)</p>") } ?? .empty)
            \(stateForm)
            </section>
            <section class="card" aria-labelledby="dedup-h"><h2 id="dedup-h">重复与关联</h2>
            <p>判定：\(t.dedup.status == .repeat ? "重复来电" : "首次")\(t.dedup.score.map { "（得分 \(String(format: "%.2f", $0))）" } ?? "")</p>
            \(repeatLink)\(cluster)\(reasons.isEmpty ? .empty : HTML("<ul>\(reasons)</ul>"))
            </section>
            <h2>投递记录</h2>
            \(v.stored.imported ? HTML("<p id=\"forwarding\">历史导入的工单：办理系统已有此件，网关未转发。</p>")
                : v.stored.deliveries.contains { $0.eventType.hasPrefix("ticket.") } ? .empty
                : HTML("<p id=\"forwarding\">未转发：没有投递目标的规则接受此件。</p>"))
            <div class="table"><table><thead><tr><th scope="col">事件</th><th scope="col">目标</th><th scope="col">状态</th><th scope="col">次数</th><th scope="col">响应</th><th scope="col">错误</th></tr></thead>
            <tbody>\(deliveries)</tbody></table></div>
            \(attemptTable)
            \(channelData)
            \(viewersBlock)
            """)
    }

    // MARK: Dead letters, rejected, audit

    static func deadLetters(_ items: [DeadLetter], actor: Actor, banner: String? = nil, offset: Int) -> HTML {
        let rows: [HTML] = items.map { d in
            let replay: HTML = actor.role == .admin
                ? "<form method=\"post\" action=\"/ops/dead-letters/\(d.state.eventId)/replay\">\(csrfField(actor))<button type=\"submit\" class=\"secondary\">重新投递</button></form>"
                : .empty
            return """
                <tr><td>\(d.receiptNo.map { HTML("<a href=\"/ops/tickets/\($0)\">\($0)</a>") } ?? .empty)</td><td>\(d.state.eventType)</td>
                <td>\(d.state.destination)</td><td>\(d.state.attempts)</td><td>\(d.state.lastStatus.map(String.init) ?? "")</td>
                <td>\(d.state.lastError ?? "")</td><td>\(replay)</td></tr>
                """
        }
        return layout("投递失败", actor: actor, banner: banner, """
            <h1>投递失败（死信）</h1>
            <p id="dead-count">共 \(items.count) 条</p>
            <div class="table"><table id="dead-letters"><thead><tr><th scope="col">受理编号</th><th scope="col">事件</th><th scope="col">目标</th><th scope="col">次数</th>
            <th scope="col">响应</th><th scope="col">错误</th><th scope="col">操作</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
    }

    static func rejected(_ items: [JSON], actor: Actor) -> HTML {
        let rows: [HTML] = items.map { r in
            let body = r["body"]?.stringValue ?? ""
            return """
                <tr><td>\(r["receivedAt"]?.stringValue ?? "")</td><td>\(r["channel"]?.stringValue ?? "")</td><td>\(r["path"]?.stringValue ?? "")</td>
                <td>\(r["status"]?.intValue.map { String($0) } ?? "")</td><td>\(r["problem"]?["detail"]?.stringValue ?? "")</td>
                <td><code>\(String(body.prefix(300)))</code></td></tr>
                """
        }
        return layout("拒收记录", actor: actor, """
            <h1>拒收记录</h1>
            <div class="table"><table id="rejected"><thead><tr><th scope="col">时间</th><th scope="col">渠道</th><th scope="col">路径</th><th scope="col">状态码</th>
            <th scope="col">原因</th><th scope="col">请求内容（节选）</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
    }

    static func clusters(_ groups: [(id: String, tickets: [StoredTicket])], offset: Int, actor: Actor) -> HTML {
        let sections: [HTML] = groups.map { g in
            let items: [HTML] = g.tickets.map { t in
                "<li><a href=\"/ops/tickets/\(t.ticket.receiptNo)\">\(t.ticket.receiptNo)</a> \(time(t.ticket.receivedAt, offset: offset)) \(stateLabel(t.status)) \(String(t.ticket.text.prefix(60)))</li>"
            }
            let reasons: [HTML] = (g.tickets.last?.ticket.dedup.reasons ?? []).map { "<li>\($0)</li>" }
            return """
                <section class="card"><h2>事件群 \(g.id)（\(g.tickets.count) 件）</h2><ul>\(items)</ul>
                \(reasons.isEmpty ? .empty : HTML("<p>关联理由：</p><ul>\(reasons)</ul>"))</section>
                """
        }
        return layout("事件群", actor: actor, """
            <h1>未办结的事件群（近 7 天）</h1>
            <p id="cluster-count">共 \(groups.count) 个：不同来电人在相近时间反映同一地点的同一件事。各工单分别答复，不合并。</p>
            \(sections)
            """)
    }

    static func operators(_ accounts: [OperatorAccount], actor: Actor, now: Date) -> HTML {
        let rows: [HTML] = accounts.map { a in
            let locked = a.lockedUntil.map { $0 > now } ?? false
            let state = a.disabled ? "已停用" : (locked ? "已锁定" : "正常")
            func button(_ change: String, _ label: String) -> HTML {
                "<form method=\"post\" action=\"/ops/operators/\(a.name)/\(change)\">\(csrfField(actor))<button type=\"submit\" class=\"secondary\">\(label)</button></form>"
            }
            let actions: [HTML] = [
                a.disabled ? button("enable", "启用") : (a.name == actor.name ? .empty : button("disable", "停用")),
                locked ? button("unlock", "解锁") : .empty,
            ]
            return "<tr><td>\(a.name)</td><td>\(OperatorRole(rawValue: a.role)?.label ?? a.role)</td><td>\(state)</td><td><div class=\"row\">\(actions)</div></td></tr>"
        }
        return layout("操作员", actor: actor, """
            <h1>操作员</h1>
            <p>新增操作员、设置或重置密码、签发 API 令牌请在服务器上使用 <code>intake-gateway operator</code> 命令。</p>
            <div class="table"><table id="operators"><thead><tr><th scope="col">用户名</th><th scope="col">角色</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
    }

    static let actionLabels: [String: String] = [
        "login": "登录", "login.failed": "登录失败", "login.locked": "账号锁定中", "logout": "退出", "ticket.view": "查看工单",
        "ticket.search": "查询工单", "ticket.state": "更改状态", "ticket.return": "退回 110", "dead-letter.replay": "重新投递",
        "destination.resume": "恢复投递", "rejected.view": "查看拒收记录", "audit.view": "查看审计记录", "operator.add": "新增操作员",
        "operator.disable": "停用操作员", "operator.reset": "重置密码", "operator.token": "签发令牌",
        "operator.enable": "启用操作员", "attachment.view": "查看附件", "operator.unlock": "解锁操作员", "ticket.export": "导出工单", "clusters.view": "查看事件群",
    ]

    static func audit(_ entries: [AuditEntry], actor: Actor, offset: Int) -> HTML {
        let rows: [HTML] = entries.map { e in
            """
            <tr><td>\(time(e.at, offset: offset))</td><td>\(e.actor)</td><td>\(actionLabels[e.action] ?? e.action)</td>
            <td>\(e.ticketId.map { HTML("<a href=\"/ops/tickets/\($0)\">\($0)</a>") } ?? .empty)</td><td>\(e.source ?? "")</td><td>\(e.reason ?? "")</td><td>\(e.detail ?? "")</td></tr>
            """
        }
        return layout("审计记录", actor: actor, """
            <h1>审计记录</h1>
            <p>记录只能追加，不能修改或删除。</p>
            <div class="table"><table id="audit"><thead><tr><th scope="col">时间</th><th scope="col">操作员</th><th scope="col">操作</th><th scope="col">工单</th>
            <th scope="col">来源地址</th><th scope="col">理由</th><th scope="col">详情</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
    }
}
