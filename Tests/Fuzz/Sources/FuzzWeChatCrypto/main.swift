import Crypto
import Foundation
import FuzzSupport
import IntakeCore
import MiniProgram

/// The safe-mode decrypt path past AES: the input (zero-padded to 32 bytes) is the plaintext layout
/// (16 random bytes | length | message | appid | padding), encrypted here with the key so the fuzzer reaches the
/// padding, length and appid checks; it is sent as a safe-mode push (`{"Encrypt": ...}`, encrypt_type=aes) to the
/// adapter, which decrypts it and reads the message inside. An input starting with `=` is an `Encrypt` value as
/// sent instead (base64 checks).
let crypto = WeChatMessageCrypto(encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appId: "wx2c2769f8efd9abc2")!
let adapter = WeChatMessageAdapter(configuration: WeChatConfiguration(crypto: crypto, ticketEvents: true))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    let encrypted: String
    if bytes.first == UInt8(ascii: "=") {
        encrypted = String(decoding: bytes.dropFirst(), as: UTF8.self)
    } else {
        guard !bytes.isEmpty else { return 0 }
        var plain = bytes
        plain += [UInt8](repeating: 0, count: (32 - plain.count % 32) % 32)
        guard let cipher = try? AES256CBC.encrypt(plain, key: crypto.key, iv: Array(crypto.key.prefix(16))) else {
            fatalError("AES-256-CBC refused a whole number of blocks")
        }
        encrypted = Data(cipher).base64EncodedString()
    }
    let body = JSON.object([("Encrypt", .string(encrypted))]).serialized()
    let request = ChannelRequest(path: "/v1/intake/miniprogram", query: [("encrypt_type", "aes")],
                                 headers: [("content-type", "application/json")], body: body, receivedAt: Fuzz.receivedAt)
    Fuzz.decode(adapter, request)
    return 0
}
