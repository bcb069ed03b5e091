import Foundation
import IntakeCore

/// WeChat's "safe mode" message encryption (the scheme of Tencent's WXBizMsgCrypt samples), over libcrypto.
///
/// AESKey = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC with IV = the key's first 16 bytes; the plaintext is
/// 16 random bytes | 4-byte big-endian length | message | appid, padded PKCS#7-style to a multiple of 32 (not 16,
/// which is why OpenSSL's own padding is off and the padding is checked here).
public struct WeChatMessageCrypto: Sendable {
    public let key: [UInt8]
    public let appId: String

    /// nil when `encodingAESKey` is not 43 characters of base64 making a 32-byte key.
    public init?(encodingAESKey: String, appId: String) {
        let trimmed = encodingAESKey.trimmingASCIIWhitespace()
        guard trimmed.utf8.count == 43, let data = Data(base64Encoded: trimmed + "="), data.count == 32 else { return nil }
        self.key = Array(data)
        self.appId = appId
    }

    /// The message inside a base64 `Encrypt` value. Anything that does not decrypt to a well-padded plaintext
    /// addressed to our appid is 401: it was not encrypted with our key for our app.
    public func decrypt(_ encrypted: String) throws(IntakeError) -> [UInt8] {
        guard let data = Data(base64Encoded: encrypted.trimmingASCIIWhitespace()) else {
            throw .unauthorized("Encrypt is not base64.")
        }
        let cipher = Array(data)
        guard !cipher.isEmpty, cipher.count % 32 == 0 else {
            throw .unauthorized("Encrypt is \(cipher.count) bytes, not a multiple of 32.")
        }
        let plain: [UInt8]
        do { plain = try AES256CBC.decrypt(cipher, key: key, iv: Array(key.prefix(16))) } catch {
            throw .unauthorized("Encrypt cannot be decrypted: \(error).")
        }
        guard let last = plain.last, (1...32).contains(last),
              plain.suffix(Int(last)).allSatisfy({ $0 == last })
        else {
            throw .unauthorized("Encrypt does not decrypt with the configured EncodingAESKey (bad padding).")
        }
        let body = plain.dropLast(Int(last))
        guard body.count >= 20 else { throw .unauthorized("The decrypted message is too short.") }
        let start = body.startIndex
        let length = body[(start + 16)..<(start + 20)].reduce(0) { $0 << 8 | Int($1) }
        guard length <= body.count - 20 else { throw .unauthorized("The decrypted message's length field is out of range.") }
        let message = Array(body[(start + 20)..<(start + 20 + length)])
        let recipient = Array(body[(start + 20 + length)...])
        guard recipient == Array(appId.utf8) else {
            throw .unauthorized("The message is addressed to another appid, not the configured one.")
        }
        return message
    }

    /// The base64 `Encrypt` value for `message`, with the given 16 random bytes (tests and the demo pin them).
    public func encrypt(_ message: [UInt8], random: [UInt8]) throws -> String {
        precondition(random.count == 16, "WeChat's plaintext starts with exactly 16 random bytes")
        var plain = random
        let n = UInt32(message.count)
        plain += [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
        plain += message
        plain += Array(appId.utf8)
        let pad = 32 - plain.count % 32
        plain += [UInt8](repeating: UInt8(pad), count: pad)
        let cipher = try AES256CBC.encrypt(plain, key: key, iv: Array(key.prefix(16)))
        return Data(cipher).base64EncodedString()
    }
}

/// WeChat's request signatures: hex SHA-1 of the parts sorted bytewise and concatenated.
public enum WeChatSignature {
    /// `signature` = sign([token, timestamp, nonce]); `msg_signature` = sign([token, timestamp, nonce, Encrypt]).
    public static func sign(_ parts: [String]) -> String {
        let sorted = parts.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        return hexString(Digest.sha1(sorted.joined()))
    }

    /// Compares an offered hex signature with the expected one in constant time (case-insensitive hex).
    static func matches(_ offered: String, _ parts: [String]) -> Bool {
        HMAC.equal(Array(offered.trimmingASCIIWhitespace().lowercased().utf8), Array(sign(parts).utf8))
    }
}
