import Crypto
import Foundation
import Forwarder
import HTTPServer
import IntakeCore

extension GatewayConfiguration {
    /// Signed links to stored photos for Open311 `media_url`: only with INTAKE_PUBLIC_BASE_URL. The key is derived
    /// from the tracking-code key (INTAKE_TRACK_SECRET, or the key kept beside the SQLite database), so links outlive
    /// a restart and every instance sharing INTAKE_TRACK_SECRET honours them.
    func mediaLinks(trackKey: [UInt8]) -> MediaLinks? {
        guard let base = settings["sms.publicBaseUrl"]?.trimmingASCIIWhitespace(), !base.isEmpty else { return nil }
        let days = settings["media.linkDays"].flatMap(Int.init) ?? 30
        return MediaLinks(baseURL: base, key: HMAC.sha256(key: trackKey, data: Array("media-links".utf8)), lifetimeSeconds: Double(days) * 86400)
    }
}

extension ConfigurationLoader {
    /// Appended to the destinations' options.
    static let mediaOptions: [OptionSpec] = [
        setting("INTAKE_MEDIA_LINK_DAYS", "media.linkDays",
                "days a signed photo link (Open311 media_url, served at /v1/media/...) stays valid; links are made only when "
                    + "INTAKE_PUBLIC_BASE_URL is set (default 30)") { v in
            guard (1...3650).contains(try int("INTAKE_MEDIA_LINK_DAYS", v)) else {
                throw ConfigurationError(message: "INTAKE_MEDIA_LINK_DAYS must be 1 to 3650")
            }
        },
    ]
}

extension Gateway {
    /// `GET /v1/media/{ticketId}/{n}?expires=&signature=`: a stored photo for whoever holds the signed link (a
    /// case system's staff opening an Open311 request's media_url). 403 for a bad signature, 410 once expired.
    func addMediaRoute(to router: inout Router) {
        router.add("GET", "/v1/media/{ticketId}/{n}") { [unowned self] req, params, r in
            let ticketId = params["ticketId"] ?? ""
            func refuse(_ e: IntakeError) { r.respond(self.problem(e, instance: req.path)) }
            guard let links = configuration.mediaLinks(trackKey: citizenPages.trackKey) else {
                return refuse(IntakeError(.notFound, "This gateway makes no media links (INTAKE_PUBLIC_BASE_URL is not set)."))
            }
            guard let n = params["n"].flatMap({ Int($0) }), n >= 0 else { return refuse(IntakeError(.notFound, "No such attachment.")) }
            switch links.check(ticketId: ticketId, position: n, expires: req.queryValue("expires"), signature: req.queryValue("signature"),
                               now: clock.now()) {
            case .badSignature: return refuse(IntakeError(.forbidden, "The link's signature is missing or wrong."))
            case .expired: return refuse(IntakeError(.gone, "The link has expired; the case system can ask the hotline for the photo."))
            case .valid: break
            }
            do {
                guard let file = try store.attachment(ticketId: ticketId, position: n), file.attachment.contentType.hasPrefix("image/") else {
                    return refuse(IntakeError(.notFound, "The photo is no longer stored."))
                }
                r.respond(HTTPResponse(status: 200, headers: [
                    ("Content-Type", file.attachment.contentType), ("Cache-Control", "private, max-age=300"), ("X-Content-Type-Options", "nosniff"),
                    ("Content-Security-Policy", "default-src 'none'; sandbox"), ("Content-Disposition", "inline"),
                ], body: file.bytes))
            } catch {
                refuse(IntakeError(.unavailable, "The store cannot be read right now."))
            }
        }
    }
}
