import Foundation
import Testing
import IntakeCore
@testable import Store

/// Retention masks the caller where channels keep it in `channelData`, not only in the ticket's own fields.
@Suite struct RetentionMaskTests {
    func ticket(_ channel: Channel, _ data: JSON) -> Ticket {
        Ticket(id: "t-1", receiptNo: "20261101-000001", hotline: "12345", channel: channel, channelRef: nil, receivedAt: Date(),
               submittedAt: nil, caller: Caller(), requestType: .complaint, subject: nil, text: "路灯不亮，电话13812345678",
               location: nil, urgency: nil, attachments: [], dedup: DedupInfo(), channelData: data)
    }

    @Test func theCallerInChannelDataIsMaskedAndTheRestStays() throws {
        let email = ticket(.email, .object([("messageId", "<a1@mail.example>"), ("from", "zhang.san@example.com"),
                                            ("to", .array(["mayor@city.gov.cn"]))]))
        let wechat = ticket(.miniprogram, .object([("wechat", .object([("msgType", "location")])),
                                                   ("message", .object([("FromUserName", "oABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                                                                        ("Location_X", "22.543096"), ("Label", "南山区科技园南区深南大道10000号"),
                                                                        ("Content", "路灯不亮")]))]))
        let police = ticket(.police110, .object([("police110", .object([("incidentNo", "110-9"), ("lat", .double(22.543096))])),
                                                 ("unmapped", .object([("reporterIdCard", "440301199001011234"), ("contact", "王五")]))]))
        let sms = ticket(.sms, .object([("Src_terminal_Id", "8613812345678"), ("Service_Id", "12345")]))
        let phone = ticket(.phone, .object([("recordingUrl", "https://cc.example/rec/42.wav"), ("agentId", "1007"),
                                            ("transcript", "我的电话是13812345678")]))
        let masked = [email, wechat, police, sms, phone].map { $0.withPersonalDataMasked() }
        let all = masked.map { $0.channelData?.text ?? "" }.joined(separator: "\n")
        for secret in ["zhang.san", "oABCDEFGHIJKLMNOPQRST", "22.543096", "科技园", "440301199001011234", "王五", "8613812345678", "rec/42.wav"] {
            #expect(!all.contains(secret), "\(secret) kept in \(all)")
        }
        #expect(masked[0].channelData?["from"] == "z***@example.com")
        #expect(masked[0].channelData?["to"] == .array(["mayor@city.gov.cn"]), "the hotline's own address is not personal")
        #expect(masked[1].channelData?["message"]?["Content"] == "路灯不亮")
        #expect(masked[1].channelData?["message"]?["Location_X"] == "22.54")
        #expect(masked[2].channelData?["police110"]?["incidentNo"] == "110-9")
        #expect(masked[2].channelData?["police110"]?["lat"]?.doubleValue == 22.54)
        #expect(masked[3].channelData?["Service_Id"] == "12345")
        #expect(masked[4].channelData?["agentId"] == "1007")
        // The citizen's words stay, as the ticket's text does.
        #expect(masked[4].channelData?["transcript"] == "我的电话是13812345678")
        #expect(masked[4].text == "路灯不亮，电话13812345678")
    }
}
