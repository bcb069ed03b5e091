import FuzzSupport
import IntakeCore
import MiniProgram

/// WeChat message pushes (XML or JSON, plain or safe mode), decoded without the signature check.
/// Input: `query: encrypt_type=aes` (and `method:`) lines, an empty line, the body. Safe mode decrypts with the
/// test vectors' EncodingAESKey and appid (Tests/MiniProgramTests/Fixtures/vectors.json).
let crypto = WeChatMessageCrypto(encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appId: "wx2c2769f8efd9abc2")!
let adapter = WeChatMessageAdapter(configuration: WeChatConfiguration(crypto: crypto, ticketMessageTypes: ["text", "image", "voice", "location"],
                                                                      ticketEvents: true))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(Fuzz.bytes(start, count), path: "/v1/intake/miniprogram", defaultContentType: "text/xml"))
    return 0
}
