import Foundation
import IntakeCore

/// What every fuzz target shares: the input as bytes, a request built from it, and the normalizer run on
/// whatever decodes (with the adapter's oversize policy, as the gateway does), so a decoder's output is checked
/// the way the gateway uses it.
public enum Fuzz {
    /// A fixed time: adapters are pure and take the clock from the request.
    public static let receivedAt = Date(timeIntervalSince1970: 1_795_400_000)

    public static func bytes(_ start: UnsafeRawPointer, _ count: Int) -> [UInt8] {
        count == 0 ? [] : Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// A request whose head is written in the input: `name: value` lines up to an empty line, then the body.
    /// `method`, `query` (URL-encoded) and `provider` are request parts; every other line is a header.
    /// Without an empty line the whole input is the body.
    public static func request(_ input: [UInt8], path: String, defaultContentType: String) -> ChannelRequest {
        var headers: [(name: String, value: String)] = []
        var method = "POST"
        var query: [(name: String, value: String)] = []
        var parameters: [String: String] = [:]
        var body = input
        if let end = headEnd(input) {
            body = Array(input[end.body...])
            for line in input[..<end.head].split(separator: UInt8(ascii: "\n")) {
                let text = String(decoding: line, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":") else { continue }
                let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch name {
                case "method": method = value
                case "query": query = URLEncodedForm.parse(Array(value.utf8))
                case "provider": parameters["provider"] = value
                default: headers.append((name, value))
                }
            }
        }
        if !headers.contains(where: { $0.name == "content-type" }) { headers.append(("content-type", defaultContentType)) }
        return ChannelRequest(method: method, path: path, pathParameters: parameters, query: query, headers: headers,
                              body: body, receivedAt: receivedAt)
    }

    /// Where the head ends (the `\n` of `\n\n`) and the body starts.
    static func headEnd(_ b: [UInt8]) -> (head: Int, body: Int)? {
        var i = 0
        while i + 1 < b.count {
            if b[i] == 10 && b[i + 1] == 10 { return (i, i + 2) }
            i += 1
        }
        return nil
    }

    /// A request with a fixed content type and the whole input as body.
    public static func request(body: [UInt8], path: String, contentType: String) -> ChannelRequest {
        ChannelRequest(path: path, headers: [("content-type", contentType)], body: body, receivedAt: receivedAt)
    }

    static let normalizer = SubmissionNormalizer(areaCode: "0755")

    /// Runs the normalizer on each submission, and computes what the store keeps (fingerprint, channelData).
    public static func normalize(_ submissions: [Submission], policy: OversizePolicy) {
        for s in submissions {
            if let n = try? normalizer.normalize(s, policy: policy) {
                _ = n.fingerprint
                _ = n.channelData?.serialized()
            }
        }
    }

    /// Decodes with `adapter` and normalizes; a refusal is an answer, not a failure.
    public static func decode(_ adapter: some ChannelAdapter, _ request: ChannelRequest) {
        do {
            let submissions = try adapter.decode(request)
            normalize(submissions, policy: adapter.oversizePolicy)
            _ = adapter.answer(submissions.map { _ in IntakeOutcome(status: .created) }, to: request)
        } catch {
            _ = adapter.answer(error, to: request)
        }
    }
}
