import Foundation
import IntakeCore

extension SMSAdapter {
    /// Aliyun SmsUp HTTP push: `[{phone_number, content, send_time, sign_name, dest_code, sequence_id}]`.
    ///
    /// `sequence_id` comes as a number or a string and both read the same, so a retried batch maps onto the same
    /// tickets. `send_time` has been `2017-01-01 00:00:00` and `20170101000000`, both Beijing time.
    func decodeAliyun(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        try decodeBatch(try messages(parseJSON(request)), provider: "aliyun") { (index, message) throws(IntakeError) -> Submission in
            func field(_ key: String) -> String { fieldName(key, index: index) }
            guard let phone = try scalar(message, "phone_number", field: field("phone_number")) else {
                throw .invalid(field("phone_number"), "phone_number (the sender) is required.")
            }
            let text = try messageText(try string(message, "content", field: field("content")), field: field("content"))
            guard let sequenceId = try scalar(message, "sequence_id", field: field("sequence_id")) else {
                throw .invalid(field("sequence_id"), "sequence_id is required: it tells a retry from a new message.")
            }
            let rawTime = try scalar(message, "send_time", field: field("send_time"))
            var sentAt: Date?
            if let rawTime {
                guard let date = Timestamp.parse(rawTime) else {
                    throw .invalid(field("send_time"), "send_time must look like 2017-01-01 00:00:00 or 20170101000000.")
                }
                sentAt = date
            }
            let destCode = try scalar(message, "dest_code", field: field("dest_code"))
            let signName = try scalar(message, "sign_name", field: field("sign_name"))
            return Submission(
                channel: .sms, channelRef: "aliyun:\(sequenceId)", hotline: configuration.hotline(forDestination: destCode),
                submittedAt: sentAt, caller: Caller(phone: phone), text: text,
                channelData: .compactObject([
                    ("provider", "aliyun"), ("sequenceId", .string(sequenceId)), ("destCode", JSON(destCode)),
                    ("signName", JSON(signName)), ("sendTime", JSON(rawTime)),
                ]), entryPoints: destCode.map { [EntryPoint(.sms, $0)] } ?? [])
        }
    }
}
