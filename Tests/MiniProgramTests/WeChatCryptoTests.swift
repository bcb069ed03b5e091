import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import MiniProgram

@Suite struct WeChatCryptoTests {
    let sampleCrypto = WeChatMessageCrypto(encodingAESKey: TencentSample.encodingAESKey, appId: TencentSample.appId)

    @Test func tencentSampleSignatureAndPlaintext() throws {
        #expect(WeChatSignature.sign([TencentSample.token, TencentSample.timestamp, TencentSample.nonce, TencentSample.encrypt])
                == TencentSample.msgSignature)
        let crypto = try #require(sampleCrypto)
        let message = String(decoding: try crypto.decrypt(TencentSample.encrypt), as: UTF8.self)
        #expect(message.contains("<Content><![CDATA[abcdteT]]></Content>"))
        #expect(message.contains("<MsgId>6054768590064713728</MsgId>"))
        #expect(message.contains("oyORnuP8q7ou2gfYjqLzSIWZf0rs"))
    }

    @Test func tencentSampleAddressedToAnotherAppIsRefused() throws {
        let other = try #require(WeChatMessageCrypto(encodingAESKey: TencentSample.encodingAESKey, appId: "wxb11529c136998cb6"))
        #expect(throws: IntakeError.self) { try other.decrypt(TencentSample.encrypt) }
        do { _ = try other.decrypt(TencentSample.encrypt) } catch { #expect(error.code == .unauthorized) }
    }

    @Test func pythonVectorsDecrypt() throws {
        let v = try PythonVectors.load()
        let crypto = try #require(WeChatMessageCrypto(encodingAESKey: v.encodingAESKey, appId: v.appId))
        let xml = String(decoding: try crypto.decrypt(try v.case("xml-text").encrypt), as: UTF8.self)
        #expect(xml.contains("小区门口路灯坏了一个星期"))
        let json = try JSON.parse(try crypto.decrypt(try v.case("json-text").encrypt))
        #expect(json["MsgId"] == .int(7_301_234_567_890_123_457))
        for c in [try v.case("xml-text"), try v.case("json-text")] {
            #expect(WeChatSignature.sign([v.token, c.timestamp, c.nonce, c.encrypt]) == c.msgSignature)
            #expect(WeChatSignature.sign([v.token, c.timestamp, c.nonce]) == c.signature)
        }
    }

    @Test(arguments: ["wrong-appid", "bad-padding-zero", "bad-padding-inconsistent", "other-key"])
    func pythonVectorsThatMustNotDecrypt(_ name: String) throws {
        let v = try PythonVectors.load()
        let crypto = try #require(WeChatMessageCrypto(encodingAESKey: v.encodingAESKey, appId: v.appId))
        let encrypted = try v.case(name).encrypt
        do {
            let message = try crypto.decrypt(encrypted)
            Issue.record("\(name) decrypted to \(message.count) bytes")
        } catch {
            #expect(error.code == .unauthorized, "\(name): \(error)")
        }
    }

    @Test func encryptionRoundTripsAndMatchesPython() throws {
        let v = try PythonVectors.load()
        let crypto = try #require(WeChatMessageCrypto(encodingAESKey: v.encodingAESKey, appId: v.appId))
        // Same message and random bytes as generate_vectors.py: our ciphertext must equal Python's byte for byte.
        let message = WeChatRequests.xmlText(from: "oCitizen_xml_0001", content: "小区门口路灯坏了一个星期，晚上很黑，请尽快修理。",
                                             msgId: "7301234567890123456")
        let ours = try crypto.encrypt(Array(message.utf8), random: Array("0123456789abcdef".utf8))
        #expect(ours == (try v.case("xml-text").encrypt))
        for length in [0, 1, 11, 12, 13, 44, 45, 300] {
            let m = [UInt8](repeating: 0x61, count: length)
            #expect(try crypto.decrypt(try crypto.encrypt(m, random: [UInt8](repeating: 7, count: 16))) == m)
        }
    }

    @Test func oneChangedCiphertextByteIsRefusedOrGarbled() throws {
        let crypto = try #require(sampleCrypto)
        // Without the signature, CBC alone does not authenticate: a changed byte either breaks the padding/length/appid
        // checks or garbles the message. The verifier's msg_signature is what refuses it (see the table tests).
        var bytes = Array(try #require(Data(base64Encoded: TencentSample.encrypt)))
        bytes[bytes.count - 1] ^= 0x01
        #expect(throws: IntakeError.self) { try crypto.decrypt(Data(bytes).base64EncodedString()) }
    }

    @Test func malformedKeysAndCiphertexts() throws {
        #expect(WeChatMessageCrypto(encodingAESKey: "short", appId: "a") == nil)
        #expect(WeChatMessageCrypto(encodingAESKey: String(repeating: "!", count: 43), appId: "a") == nil)
        let crypto = try #require(sampleCrypto)
        for bad in ["", "not base64 !!", "AAAA", Data(repeating: 0, count: 48).base64EncodedString()] {
            #expect(throws: IntakeError.self, "\(bad)") { try crypto.decrypt(bad) }
        }
    }

    @Test func signatureSortsBytewise() {
        // sha1("123abcToken") and friends: the order of the parts does not matter, only their sorted concatenation.
        #expect(WeChatSignature.sign(["b", "a", "c"]) == WeChatSignature.sign(["c", "b", "a"]))
        #expect(WeChatSignature.sign(["b", "a"]) == hexString(Digest.sha1(Array("ab".utf8))))
        #expect(WeChatSignature.sign(["a", "B"]) == hexString(Digest.sha1(Array("Ba".utf8))))
    }
}

@Suite struct WeChatXMLTests {
    @Test func readsCDATAEntitiesAndNesting() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- pushed by WeChat -->
            <xml>
              <ToUserName><![CDATA[gh_1]]></ToUserName>
              <Content>a &lt;b&gt; &amp; &#x4E2D;&#25991; <![CDATA[<raw> & ]]>end</Content>
              <ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo>
              <Empty/>
              <Item attr="x>y">1</Item><Item>2</Item>
            </xml>
            """
        let root = try WeChatXML.parse(Array(xml.utf8))
        let json = root.json
        #expect(root.name == "xml")
        #expect(json["ToUserName"] == "gh_1")
        #expect(json["Content"] == "a <b> & 中文 <raw> & end")
        #expect(json["ScanCodeInfo"]?["ScanType"] == "qrcode")
        #expect(json["Empty"] == "")
        #expect(json["Item"] == ["1", "2"])
    }

    @Test(arguments: [
        "", "<xml>", "<xml><a></b></xml>", "<!DOCTYPE xml [<!ENTITY x \"y\">]><xml>&x;</xml>", "<xml>&bogus;</xml>",
        "<xml><a><![CDATA[unterminated</a></xml>", "<xml></xml>trailing", "text", "<xml><!DOCTYPE x></xml>",
    ])
    func refusesWhatIsNotWeChatXML(_ text: String) {
        #expect(throws: IntakeError.self) { try WeChatXML.parse(Array(text.utf8)) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(throws: IntakeError.self) { try WeChatXML.parse(Array(deep.utf8)) }
    }
}
