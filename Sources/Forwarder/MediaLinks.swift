import Crypto
import Foundation
import IntakeCore

/// Signed, expiring links to a ticket's stored photos, served by the gateway at `GET /v1/media/{ticketId}/{n}`
/// (Open311 `media_url`). The link carries its expiry (`expires`, Unix seconds) and `signature`, the hex
/// HMAC-SHA256 of `media:<ticket id>:<n>:<expires>` with a key only the gateway holds, so it needs no database row
/// and cannot be altered or extended.
public struct MediaLinks: Sendable {
    /// The gateway's public URL prefix (scheme, host, any path prefix), without a trailing slash.
    public let baseURL: String
    let key: [UInt8]
    public let lifetimeSeconds: Double

    public init(baseURL: String, key: [UInt8], lifetimeSeconds: Double) {
        var base = baseURL.trimmingASCIIWhitespace()
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.key = key
        self.lifetimeSeconds = lifetimeSeconds
    }

    func signature(ticketId: String, position: Int, expires: Int64) -> [UInt8] {
        HMAC.sha256(key: key, data: Array("media:\(ticketId):\(position):\(expires)".utf8))
    }

    /// The link to attachment `position` of a ticket, valid for `lifetimeSeconds` from `now`.
    public func url(ticketId: String, position: Int, now: Date) -> String {
        let expires = Int64((now.timeIntervalSince1970 + lifetimeSeconds).rounded(.up))
        return baseURL + "/v1/media/" + Open311Encoder.escape(ticketId) + "/\(position)?expires=\(expires)&signature="
            + hexString(signature(ticketId: ticketId, position: position, expires: expires))
    }

    public enum Check: Equatable, Sendable {
        case valid
        /// No signature, or not this gateway's for this ticket, attachment and expiry (403).
        case badSignature
        /// The signature holds but the link has expired (410).
        case expired
    }

    /// The signature is checked first (in constant time), so an altered expiry is a bad signature, not "expired".
    public func check(ticketId: String, position: Int, expires: String?, signature offered: String?, now: Date) -> Check {
        let hex = Array((offered ?? "").utf8)
        guard let expires = expires.flatMap({ Int64($0) }), hex.count == 64 else { return .badSignature }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: hex[i..<i + 2], as: UTF8.self), radix: 16) else { return .badSignature }
            bytes.append(byte)
        }
        guard HMAC.equal(bytes, signature(ticketId: ticketId, position: position, expires: expires)) else { return .badSignature }
        return Double(expires) < now.timeIntervalSince1970 ? .expired : .valid
    }
}
