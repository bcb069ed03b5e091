import Foundation
import IntakeCore

/// Verifies `X-Twilio-Signature` as Twilio specifies: the full URL Twilio requested (with its query), then every POST
/// parameter sorted by name with its value appended, HMAC-SHA1 keyed with the account's auth token, base64.
///
/// Behind a proxy the gateway does not see the URL Twilio used; `publicBaseURL` (scheme, host and any path prefix)
/// replaces what the gateway sees. Without it the URL is rebuilt from `X-Forwarded-Proto`/`X-Forwarded-Host`/`Host`.
/// As Twilio's own libraries do, the URL is tried with and without its default port.
public struct TwilioSignatureVerifier: RequestVerifier {
    let authToken: String
    let publicBaseURL: String?

    public init(authToken: String, publicBaseURL: String? = nil) {
        self.authToken = authToken
        self.publicBaseURL = publicBaseURL.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The signature Twilio sends for a request to `url` with form `parameters`.
    public static func signature(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        var message = Array(url.utf8)
        // Byte-wise order (Unix-style, case-sensitive); a repeated name keeps its values in sorted order too.
        let sorted = parameters.sorted { a, b in
            a.name == b.name ? Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
                : Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
        }
        for p in sorted {
            message.append(contentsOf: p.name.utf8)
            message.append(contentsOf: p.value.utf8)
        }
        return Data(HMAC.sha1(key: Array(authToken.utf8), data: message)).base64EncodedString()
    }

    public func verify(_ request: ChannelRequest) throws(IntakeError) {
        guard let header = request.header("x-twilio-signature")?.trimmingASCIIWhitespace(), !header.isEmpty else {
            throw .unauthorized("The X-Twilio-Signature header is missing.")
        }
        guard let offered = Data(base64Encoded: header).map(Array.init) else {
            throw .unauthorized("The X-Twilio-Signature header is not base64.")
        }
        let parameters = request.mediaType == "application/x-www-form-urlencoded" || request.mediaType.isEmpty
            ? URLEncodedForm.parse(request.body) : []
        for url in candidateURLs(request) {
            let expected = Data(base64Encoded: Self.signature(url: url, parameters: parameters, authToken: authToken)).map(Array.init) ?? []
            if HMAC.equal(offered, expected) { return }
        }
        throw .unauthorized("The X-Twilio-Signature does not match the request.")
    }

    /// The URLs Twilio may have signed: the configured public base (or the forwarded host) plus path and query,
    /// each with and without its scheme's default port.
    func candidateURLs(_ request: ChannelRequest) -> [String] {
        var query = ""
        if !request.query.isEmpty {
            query = "?" + request.query.map { "\(URLEncodedForm.encode($0.name))=\(URLEncodedForm.encode($0.value))" }
                .joined(separator: "&")
        }
        var bases: [String] = []
        if let publicBaseURL {
            bases.append(publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL)
        } else if let host = (request.header("x-forwarded-host") ?? request.header("host"))?
            .split(separator: ",").first.map({ String($0).trimmingASCIIWhitespace() }), !host.isEmpty {
            if let proto = request.header("x-forwarded-proto")?.split(separator: ",").first.map({ String($0).trimmingASCIIWhitespace() }) {
                bases.append("\(proto)://\(host)")
            } else {
                bases += ["https://\(host)", "http://\(host)"]
            }
        }
        var result: [String] = []
        for base in bases {
            let url = base + request.path + query
            for variant in [url, Self.withoutDefaultPort(url), Self.withDefaultPort(url)] where !result.contains(variant) {
                result.append(variant)
            }
        }
        return result
    }

    static func authorityRange(_ url: String) -> (scheme: String, authority: Range<String.Index>)? {
        guard let sep = url.range(of: "://") else { return nil }
        let scheme = url[..<sep.lowerBound].lowercased()
        let end = url[sep.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? url.endIndex
        return (scheme, sep.upperBound..<end)
    }

    static func defaultPort(_ scheme: String) -> String? { scheme == "https" ? "443" : scheme == "http" ? "80" : nil }

    static func withoutDefaultPort(_ url: String) -> String {
        guard let (scheme, r) = authorityRange(url), let port = defaultPort(scheme), url[r].hasSuffix(":" + port) else { return url }
        var u = url
        u.replaceSubrange(r, with: url[r].dropLast(port.count + 1))
        return u
    }

    static func withDefaultPort(_ url: String) -> String {
        guard let (scheme, r) = authorityRange(url), let port = defaultPort(scheme) else { return url }
        let authority = url[r]
        // Already has a port (host:port, or [v6]:port).
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") { return url }
        var u = url
        u.replaceSubrange(r, with: authority + ":" + port)
        return u
    }
}
