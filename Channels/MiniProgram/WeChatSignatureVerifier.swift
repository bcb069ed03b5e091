import Foundation
import IntakeCore

/// Checks that a request to the WeChat push endpoint comes from WeChat, on every method.
///
/// - GET (URL verification) and plain-mode POST: `signature` = sha1(sorted token, timestamp, nonce).
///   WeChat's plain-mode signature does not cover the body; safe mode (or `requireSafeMode`) is what binds it.
/// - Safe mode (`encrypt_type=aes`): `msg_signature` = sha1(sorted token, timestamp, nonce, Encrypt); then the
///   message must decrypt with the EncodingAESKey and name our appid, so a changed byte anywhere is refused here,
///   before anything is stored.
/// - `timestamp` further than `toleranceSeconds` from the clock is refused as a replay (nil: not checked, for
///   the demo's fixed examples).
public struct WeChatSignatureVerifier: RequestVerifier {
    public let token: String
    public let crypto: WeChatMessageCrypto?
    public let toleranceSeconds: Int64?
    public let requireSafeMode: Bool
    public let clock: any IntakeClock

    public init(token: String, crypto: WeChatMessageCrypto? = nil, toleranceSeconds: Int64? = 300,
                requireSafeMode: Bool = false, clock: any IntakeClock = SystemClock()) {
        self.token = token
        self.crypto = crypto
        self.toleranceSeconds = toleranceSeconds
        self.requireSafeMode = requireSafeMode
        self.clock = clock
    }

    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        guard let timestamp = request.queryValue("timestamp")?.trimmingASCIIWhitespace(), let ts = Int64(timestamp) else {
            throw .unauthorized("The timestamp query parameter is missing or not Unix seconds.")
        }
        guard let nonce = request.queryValue("nonce"), !nonce.isEmpty else {
            throw .unauthorized("The nonce query parameter is missing.")
        }
        if let tolerance = toleranceSeconds {
            let now = Int64(clock.now().timeIntervalSince1970)
            // The timestamp is the sender's: any Int64, so the difference must not overflow.
            let (difference, overflow) = now.subtractingReportingOverflow(ts)
            guard !overflow, difference.magnitude <= UInt64(max(0, tolerance)) else {
                throw .unauthorized("The timestamp is more than \(tolerance) s away from the gateway's clock (replay).")
            }
        }
        let safeMode = request.method == "POST" && request.queryValue("encrypt_type")?.lowercased() == "aes"
        guard safeMode else {
            if request.method == "POST" && requireSafeMode {
                throw .unauthorized("Plain-mode messages are not accepted: send with encrypt_type=aes.")
            }
            guard let signature = request.queryValue("signature"), !signature.isEmpty else {
                throw .unauthorized("The signature query parameter is missing.")
            }
            guard WeChatSignature.matches(signature, [token, timestamp, nonce]) else {
                throw .unauthorized("The signature does not match the token, timestamp and nonce.")
            }
            return
        }
        guard let msgSignature = request.queryValue("msg_signature"), !msgSignature.isEmpty else {
            throw .unauthorized("Safe mode (encrypt_type=aes) needs the msg_signature query parameter.")
        }
        let fields: JSON
        do { fields = try WeChatBody.read(request.body).fields } catch {
            throw .unauthorized("The body cannot be read, so its signature cannot be checked: \(error.detail)")
        }
        guard let encrypted = WeChatBody.encrypted(fields) else {
            throw .unauthorized("Safe mode (encrypt_type=aes) needs an Encrypt member in the body.")
        }
        guard WeChatSignature.matches(msgSignature, [token, timestamp, nonce, encrypted]) else {
            throw .unauthorized("The msg_signature does not match the token, timestamp, nonce and Encrypt.")
        }
        guard let crypto else {
            throw .unauthorized("Safe mode needs an EncodingAESKey and appid, and none is configured.")
        }
        _ = try crypto.decrypt(encrypted)
    }
}
