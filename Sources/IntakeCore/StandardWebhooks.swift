import Foundation
import Crypto

/// Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (Unix seconds)
/// and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, space-separated for key rotation.
public struct StandardWebhooks: Sendable {
    public let key: [UInt8]

    /// A secret as `whsec_<base64>` (the published form) or, failing that, the raw string's bytes.
    public init(secret: String) {
        let trimmed = secret.trimmingASCIIWhitespace()
        if trimmed.hasPrefix("whsec_"), let data = Data(base64Encoded: String(trimmed.dropFirst(6))) {
            key = Array(data)
        } else {
            key = Array(trimmed.utf8)
        }
    }

    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        return "v1," + Data(HMAC.sha256(key: key, data: message)).base64EncodedString()
    }

    /// Signing headers for an outgoing request.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(String, String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature(id: id, timestamp: timestamp, body: body))]
    }
}

/// Verifies a partner's Standard Webhooks signature, within a timestamp tolerance against replay.
public struct StandardWebhooksVerifier: RequestVerifier {
    public let signers: [StandardWebhooks]
    public let toleranceSeconds: Int64
    public let clock: any IntakeClock

    /// - Parameter secrets: one or more accepted secrets (rotation).
    public init(secrets: [String], toleranceSeconds: Int64 = 300, clock: any IntakeClock = SystemClock()) {
        self.signers = secrets.map(StandardWebhooks.init(secret:))
        self.toleranceSeconds = toleranceSeconds
        self.clock = clock
    }

    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        guard let id = request.header("webhook-id"), !id.isEmpty else {
            throw .unauthorized("The webhook-id header is missing.")
        }
        guard let tsText = request.header("webhook-timestamp"), let ts = Int64(tsText.trimmingASCIIWhitespace()) else {
            throw .unauthorized("The webhook-timestamp header is missing or not Unix seconds.")
        }
        guard let sigHeader = request.header("webhook-signature"), !sigHeader.isEmpty else {
            throw .unauthorized("The webhook-signature header is missing.")
        }
        let now = Int64(clock.now().timeIntervalSince1970)
        // The timestamp is the sender's: any Int64, so the difference must not overflow.
        let (difference, overflow) = now.subtractingReportingOverflow(ts)
        guard !overflow, difference.magnitude <= UInt64(max(0, toleranceSeconds)) else {
            throw .unauthorized("The webhook-timestamp is more than \(toleranceSeconds) s away from the gateway's clock.")
        }
        let offered = sigHeader.split(separator: " ").compactMap { part -> [UInt8]? in
            guard part.hasPrefix("v1,"), let d = Data(base64Encoded: String(part.dropFirst(3))) else { return nil }
            return Array(d)
        }
        var message = Array("\(id).\(ts).".utf8)
        message.append(contentsOf: request.body)
        for signer in signers {
            let expected = HMAC.sha256(key: signer.key, data: message)
            if offered.contains(where: { HMAC.equal($0, expected) }) { return }
        }
        throw .unauthorized("The webhook-signature does not match the body.")
    }
}
