import Foundation
import IntakeCore

extension SMSAdapter {
    /// Tencent Cloud reply callback: `{extend, mobile, nationcode, sign, text, time}` (an array of them is read too).
    ///
    /// The callback carries no message id, so the reference is derived from what identifies the message: sender,
    /// send time (Unix seconds) and a digest of the text. A retried callback gives the same reference.
    func decodeTencent(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        try decodeBatch(try messages(parseJSON(request)), provider: "tencent") { (index, message) throws(IntakeError) -> Submission in
            func field(_ key: String) -> String { fieldName(key, index: index) }
            guard let mobile = try scalar(message, "mobile", field: field("mobile")) else {
                throw .invalid(field("mobile"), "mobile (the sender) is required.")
            }
            var nationcode = try scalar(message, "nationcode", field: field("nationcode")) ?? "86"
            while nationcode.hasPrefix("+") || nationcode.hasPrefix("0") { nationcode.removeFirst() }
            guard !nationcode.isEmpty, nationcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalid(field("nationcode"), "nationcode must be a country calling code such as 86.")
            }
            let text = try messageText(try string(message, "text", field: field("text")), field: field("text"))
            // Tencent always sends time; it is also what tells two identical texts from one sender apart.
            guard let rawTime = try scalar(message, "time", field: field("time")) else {
                throw .invalid(field("time"), "time is required (Unix seconds).")
            }
            guard let seconds = Int64(rawTime), let sentAt = Timestamp.unixSeconds(seconds), seconds > 0 else {
                throw .invalid(field("time"), "time must be Unix seconds.")
            }
            let extend = try scalar(message, "extend", field: field("extend"))
            let sign = try scalar(message, "sign", field: field("sign"))
            let phone = "+" + nationcode + mobile
            let digest = hexString(Digest.sha256(Array(text.utf8)).prefix(8))
            return Submission(
                channel: .sms, channelRef: "tencent:\(phone):\(rawTime):\(digest)",
                hotline: configuration.hotline(forDestination: extend), submittedAt: sentAt, caller: Caller(phone: phone),
                text: text,
                channelData: .compactObject([
                    ("provider", "tencent"), ("nationcode", .string(nationcode)), ("mobile", .string(mobile)),
                    ("extend", JSON(extend)), ("sign", JSON(sign)), ("time", JSON(rawTime)),
                ]), entryPoints: extend.map { [EntryPoint(.sms, $0)] } ?? [])
        }
    }
}
