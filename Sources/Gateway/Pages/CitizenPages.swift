import Foundation
import IntakeCore

/// The citizen's pages (zh-CN), rendered on the server from plain values: the form, the receipt, progress lookup.
/// Pure functions of their input, so tests can render them without a server.
enum CitizenPages {
    /// What the citizen typed, kept when the form comes back with errors (files cannot be kept by a browser).
    struct FormValues: Sendable {
        var requestType = ""
        var subject = ""
        var text = ""
        var address = ""
        var lat = ""
        var lng = ""
        var crs = ""
        var name = ""
        var phone = ""
        var anonymous = false
        var confidential = false
        var idempotencyKey = ""

        init(idempotencyKey: String) { self.idempotencyKey = idempotencyKey }

        init(fields: [String: String]) {
            func flag(_ k: String) -> Bool { ["true", "1", "on", "yes"].contains((fields[k] ?? "").lowercased()) }
            requestType = fields["requestType"] ?? ""
            subject = fields["subject"] ?? ""
            text = fields["text"] ?? ""
            address = fields["address"] ?? ""
            lat = fields["lat"] ?? ""
            lng = fields["lng"] ?? ""
            crs = fields["crs"] ?? ""
            name = fields["name"] ?? ""
            phone = fields["phone"] ?? ""
            anonymous = flag("anonymous")
            confidential = flag("confidential")
            idempotencyKey = fields["idempotencyKey"] ?? ""
        }
    }

    /// Field name -> message in Chinese, shown beside the field.
    typealias FieldErrors = [(field: String, message: String)]

    static let requestTypes: [(value: String, label: String)] = [
        ("consultation", "咨询"), ("help", "求助"), ("complaint", "投诉"), ("report", "举报"), ("suggestion", "建议"), ("praise", "表扬"),
    ]

    static func label(of type: RequestType) -> String {
        requestTypes.first { $0.value == type.rawValue }?.label ?? "其他"
    }

    // MARK: Layout

    static func layout(title: String, main: HTML, mainClass: String? = nil, header: HTML = .empty) -> HTML {
        """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/assets/site.css">
        <script src="/assets/site.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">跳到主要内容</a>
        <header class="site"><p><a href="/">12345 政务服务便民热线</a></p>\(header)</header>
        <main id="main"\(mainClass.map { HTML(" class=\"\($0)\"") } ?? .empty)>
        \(main)
        </main>
        <footer class="site"><p>紧急情况请拨打 110、119、120。本网站不向任何第三方加载资源。</p></footer>
        </body>
        </html>

        """
    }

    // MARK: The form

    /// What one submission may carry: photos, bytes per photo, bytes for all of them (the request's limit included).
    struct Limits: Sendable {
        var photos = 9
        var fileBytes = 5 << 20
        var totalBytes = (10 << 20) - (64 << 10)
        var fileMB: Int { max(1, fileBytes >> 20) }
    }

    static func form(_ v: FormValues, errors: FieldErrors = [], banner: String? = nil, limits: Limits = Limits()) -> HTML {
        let maxPhotos = limits.photos, maxPhotoMB = limits.fileMB
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        func fieldClass(_ field: String) -> HTML { error(field) == nil ? "field" : "field invalid" }
        func errorLine(_ field: String) -> HTML {
            guard let m = error(field) else { return .empty }
            return "<p class=\"error\" id=\"err-\(field)\">\(m)</p>"
        }
        func described(_ field: String, hint: String? = nil) -> HTML {
            let ids = [error(field) != nil ? "err-\(field)" : nil, hint].compactMap { $0 }
            let invalid: HTML = error(field) != nil ? " aria-invalid=\"true\"" : .empty
            return ids.isEmpty ? invalid : " aria-describedby=\"\(ids.joined(separator: " "))\"\(invalid)"
        }
        var summary: HTML = .empty
        if !errors.isEmpty {
            let items: [HTML] = errors.map { "<li><a href=\"#f-\(anchor($0.field))\">\($0.message)</a></li>" }
            summary = """
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary"><h2>提交未成功，请修改以下内容</h2><ul>\(items)</ul>
                <p>如果您选择过照片，请重新选择（浏览器不会保留已选择的文件）。</p></div>
                """
        }
        if let banner { summary = "\(summary)<div class=\"warn\" role=\"status\"><p>\(banner)</p></div>" }
        let types: [HTML] = requestTypes.map { t in
            "<label class=\"choice\"><input type=\"radio\" name=\"requestType\" value=\"\(t.value)\"\(HTML.flag(v.requestType == t.value, " checked"))> \(t.label)</label>"
        }
        let main: HTML = """
            <h1>在线反映诉求</h1>
            <p>您可以在这里向 12345 热线咨询、求助、投诉、举报、提出建议或表扬。标有“必填”的项目需要填写。</p>
            \(summary)
            <form id="intake-form" class="card" method="post" action="/v1/intake/web" enctype="multipart/form-data" accept-charset="utf-8" novalidate data-max-photos="\(limits.photos)" data-max-file="\(limits.fileBytes)" data-max-total="\(limits.totalBytes)">
            <input type="hidden" name="idempotencyKey" value="\(v.idempotencyKey)">
            <div class="\(fieldClass("requestType"))" data-field="requestType">
            <fieldset><legend>诉求类型</legend>\(errorLine("requestType"))<div class="choices" id="f-requestType">\(types)</div></fieldset>
            </div>
            <div class="\(fieldClass("subject"))" data-field="subject">
            <label for="f-subject">标题（选填）</label>\(errorLine("subject"))
            <input type="text" id="f-subject" name="subject" maxlength="100" value="\(v.subject)"\(described("subject"))>
            </div>
            <div class="\(fieldClass("text"))" data-field="text">
            <label for="f-text">发生了什么（必填）</label>
            <span class="hint" id="hint-text">请写清时间、地点、经过和您的诉求。</span>\(errorLine("text"))
            <textarea id="f-text" name="text" rows="6" maxlength="10000" required aria-required="true"\(described("text", hint: "hint-text"))>\(v.text)</textarea>
            </div>
            <div class="\(fieldClass("address"))" data-field="address">
            <label for="f-address">地点（选填）</label>
            <span class="hint" id="hint-address">例如：某区某街道某小区 3 号楼门口。</span>\(errorLine("address"))
            <input type="text" id="f-address" name="address" maxlength="300" value="\(v.address)"\(described("address", hint: "hint-address"))>
            <input type="hidden" id="f-lat" name="lat" value="\(v.lat)"><input type="hidden" id="f-lng" name="lng" value="\(v.lng)">
            <input type="hidden" id="f-crs" name="crs" value="\(v.crs)">
            <p class="row"><button type="button" class="secondary" id="locate" hidden>使用我的位置</button></p>
            <p class="hint" id="loc-status" aria-live="polite">\(v.lat.isEmpty ? "" : "已附上位置：纬度 \(v.lat)，经度 \(v.lng)（\(v.crs == "wgs84" ? "WGS-84 坐标" : v.crs)）。")</p>
            </div>
            <div class="\(fieldClass("photos"))" data-field="photos">
            <label for="f-photos">照片（选填）</label>
            <span class="hint" id="hint-photos">最多 \(maxPhotos) 张，每张不超过 \(maxPhotoMB) MB，支持 JPG、PNG、WebP、HEIC。</span>\(errorLine("photos"))
            <input type="file" id="f-photos" name="photos" accept="image/*" multiple\(described("photos", hint: "hint-photos"))>
            <div class="previews" id="previews"></div>
            </div>
            <fieldset class="field" data-field="anonymous"><legend>联系方式</legend>
            <label class="check" for="f-anonymous"><input type="checkbox" id="f-anonymous" name="anonymous" value="true"\(HTML.flag(v.anonymous, " checked"))> 匿名反映（不留姓名和联系方式）</label>
            <p class="warn" id="anon-note"\(HTML.flag(!v.anonymous, " hidden"))>匿名反映时无需填写联系方式，但我们无法向您答复办理结果。提交后页面会显示一个查询码，凭受理编号和查询码可查询办理进度。</p>
            <div id="contact">
            <div class="\(fieldClass("name"))" data-field="name">
            <label for="f-name">姓名（选填）</label>\(errorLine("name"))
            <input type="text" id="f-name" name="name" maxlength="50" autocomplete="name" value="\(v.name)"\(described("name"))>
            </div>
            <div class="\(fieldClass("phone"))" data-field="phone">
            <label for="f-phone">手机号码（匿名时不填）</label>
            <span class="hint" id="hint-phone">用于答复您，并与受理编号一起查询进度。</span>\(errorLine("phone"))
            <input type="tel" id="f-phone" name="phone" maxlength="20" autocomplete="tel" inputmode="tel" value="\(v.phone)"\(described("phone", hint: "hint-phone"))>
            </div>
            </div>
            <label class="check" for="f-confidential"><input type="checkbox" id="f-confidential" name="confidential" value="true"\(HTML.flag(v.confidential, " checked"))> 对我的身份保密（保密件：您的姓名和电话只有经授权的工作人员登记理由后才能查看，不会告知被反映人）</label>
            </fieldset>
            <details class="notice"><summary>个人信息说明</summary>
            <p>我们收集您填写的内容、照片、位置和联系方式，仅用于办理本次诉求并答复您。信息保存在本市 12345 热线的系统中，保存期限为办结后 3 年；只有办理本诉求的工作人员和承办单位能够查看，查看记录会被留存。工作人员看到的电话号码默认部分隐藏。您可以拨打 12345 查询、更正或要求删除您的个人信息。</p>
            </details>
            <p><button type="submit" class="primary" id="send">提交</button></p>
            </form>
            <p><a href="/track">查询已提交诉求的办理进度</a></p>
            """
        return layout(title: errors.isEmpty ? "在线反映诉求 - 12345" : "提交未成功 - 在线反映诉求 - 12345", main: main)
    }

    /// The id of the input an error is about (errors on radio groups point at the group).
    static func anchor(_ field: String) -> String { field }

    // MARK: The receipt

    /// `emergency`: the service (110, 119, 120, 122) the matter belongs to; the page tells the citizen to call it now.
    static func receipt(receiptNo: String, trackCode: String?, anonymous: Bool, duplicate: Bool, answerDays: Int,
                        emergency: String? = nil) -> HTML {
        let urgent: HTML = emergency.map { number in
            """
            <div class="error-summary" role="alert" id="emergency"><h2>请立即拨打\(number)</h2>
            <p>\(RoutingDecision.advice(number))</p></div>
            """
        } ?? .empty
        let code: HTML = trackCode.map { c in
            """
            <h2>查询码</h2>
            <p>您是匿名反映的。请记下查询码，凭受理编号和查询码查询办理进度；查询码只显示这一次。</p>
            <p class="code" id="track-code">\(c)</p>
            """
        } ?? .empty
        let main: HTML = """
            <h1>已收到您的诉求</h1>
            \(urgent)
            <section class="card" aria-labelledby="receipt-label">
            <p id="receipt-label">受理编号</p>
            <p class="receipt" id="receipt-no">\(receiptNo)</p>
            <p class="row"><button type="button" class="secondary" id="copy" hidden>复制受理编号</button><span id="copy-status" role="status"></span></p>
            \(HTML.flag(duplicate, "<p>这份诉求此前已经提交过，以上是当时的受理编号，没有重复登记。</p>"))
            \(code)
            </section>
            <section class="card" aria-labelledby="next">
            <h2 id="next">接下来</h2>
            <ol class="steps">
            <li>热线会在 1 个工作日内把您的诉求转交承办单位。</li>
            <li>承办单位一般在 \(answerDays) 个工作日内办结\(anonymous ? "。" : "，并通过电话或短信答复您。")</li>
            <li>您可以随时凭受理编号和\(anonymous ? "查询码" : "手机号码")查询办理进度。</li>
            </ol>
            <p><a class="button" href="/track?receipt=\(receiptNo)">查询办理进度</a></p>
            </section>
            <p><a href="/">再反映一件事</a></p>
            """
        return layout(title: "已受理 \(receiptNo) - 12345", main: main)
    }

    // MARK: Progress

    /// What the tracking page shows about one ticket.
    struct Progress: Sendable {
        var receiptNo: String
        var requestType: RequestType
        var receivedAt: String
        var forwarded: Bool
        var caseId: String?
        var closed: Bool
        var returned: Bool
        var reply: String?
    }

    enum TrackOutcome: Sendable {
        case form
        case found(Progress)
        case notFound
        case rateLimited(seconds: Int)
    }

    /// The page a browser gets when the server refuses a request by its limits (see `Gateway.limitRefusal`).
    static func refusal(status: Int) -> HTML {
        let (title, advice): (String, String) = switch status {
        case 413: ("提交的内容太大", "照片或附件合计超过了允许的大小。请减少照片数量或缩小照片后重新提交；也可以拨打 12345 反映。")
        case 414: ("网址太长", "这个网址太长，无法处理。请回到首页重新打开。")
        case 431: ("浏览器发送的信息太多", "浏览器随请求发送的信息（例如本网站的 Cookie）过多。请清除本网站的 Cookie 后重试。")
        default: ("暂时无法处理", "服务正忙或正在重启，您的内容没有提交成功。请稍后重试；也可以拨打 12345 反映。")
        }
        let main: HTML = """
            <div class="error-summary" role="alert" id="refusal"><h1>\(title)</h1>
            <p>\(advice)</p><p>（HTTP \(status)）</p></div>
            <p><a href="/">返回首页</a>　<a href="/track">查询办理进度</a></p>
            """
        return layout(title: title + " - 12345", main: main)
    }

    static func track(receipt: String, outcome: TrackOutcome) -> HTML {
        var result: HTML = .empty
        switch outcome {
        case .form: break
        case .notFound:
            result = """
                <div class="error-summary" role="alert" id="track-result"><h2>没有查到</h2>
                <p>没有找到与这组受理编号和手机号码（或查询码）相符的诉求。请核对后再试；也可以拨打 12345 查询。</p></div>
                """
        case .rateLimited(let seconds):
            result = """
                <div class="error-summary" role="alert" id="track-result"><h2>查询过于频繁</h2>
                <p>请 \(seconds) 秒后再试。</p></div>
                """
        case .found(let p):
            func step(_ done: Bool, _ title: String, _ detail: HTML = .empty) -> HTML {
                "<li class=\"\(done ? "done" : "todo")\"><strong>\(title)</strong>\(done ? "" : "（尚未）")\(detail)</li>"
            }
            let forwardedDetail: HTML = p.caseId.map { "<br>办理系统编号：\($0)" } ?? .empty
            let replyBlock: HTML = p.reply.map { "<h2>办理结果</h2><p class=\"reply\" id=\"reply\">\($0)</p>" } ?? .empty
            let last: HTML = p.returned
                ? step(true, "已退回 110 处理", "<br>此事项属于公安职责，已退回 110。")
                : step(p.closed, "已办结")
            result = """
                <section class="card" id="track-result" aria-labelledby="track-title">
                <h2 id="track-title">受理编号 \(p.receiptNo)</h2>
                <p>诉求类型：\(label(of: p.requestType))　受理时间：\(p.receivedAt)</p>
                <ol class="timeline">
                \(step(true, "已受理"))
                \(step(p.forwarded, "已转交办理系统", forwardedDetail))
                \(last)
                </ol>
                \(replyBlock)
                </section>
                """
        }
        let main: HTML = """
            <h1>查询办理进度</h1>
            \(result)
            <form class="card" method="post" action="/track" accept-charset="utf-8">
            <div class="field"><label for="t-receipt">受理编号</label>
            <span class="hint" id="hint-receipt">提交后页面上显示的编号，例如 20261130-000123。</span>
            <input type="text" id="t-receipt" name="receipt" required aria-required="true" maxlength="40" autocomplete="off" inputmode="numeric" value="\(receipt)" aria-describedby="hint-receipt"></div>
            <div class="field"><label for="t-contact">手机号码，或其后四位，或查询码</label>
            <span class="hint" id="hint-contact">填写提交时留下的手机号码（或最后四位）；匿名反映请填写查询码。</span>
            <input type="text" id="t-contact" name="contact" required aria-required="true" maxlength="20" autocomplete="off" inputmode="numeric" aria-describedby="hint-contact"></div>
            <p><button type="submit" class="primary">查询</button></p>
            </form>
            <p><a href="/">在线反映诉求</a></p>
            """
        return layout(title: "查询办理进度 - 12345", main: main)
    }
}
