import Foundation
import IntakeCore
import ChannelTesting

/// The demo's example files (`Channels/SMS/Examples/*.json`) as channel requests, so the tests exercise exactly
/// what `make demo` sends.
enum ExampleRequests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Channels/SMS/Examples").standardizedFileURL

    /// The secret the demo signs `cmpp` examples with (Demo.secrets["cmpp"]).
    static let cmppSecret = "whsec_ZGVtby1jbXBwLXNlY3JldC0wMTIzNDU2Nzg5MA=="

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String, at date: Date = TestRequests.fixedDate) throws -> ChannelRequest {
        let doc = try JSON.parse(Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        let path = doc["path"]?.stringValue ?? ""
        var body: [UInt8] = []
        if let b = doc["body"] { body = b.serialized() }
        if let t = doc["bodyText"]?.stringValue { body = Array(t.utf8) }
        var headers = (doc["headers"]?.objectValue ?? []).map { ($0.0, $0.1.scalarText ?? "") }
        if doc["sign"]?.stringValue == "cmpp" {
            headers += TestRequests.signatureHeaders(secret: cmppSecret, body: body, id: "msg_\(name)", at: date)
        }
        return ChannelRequest(
            method: "POST", path: path,
            pathParameters: ["provider": String(path.split(separator: "/").last ?? "")],
            query: (doc["query"]?.objectValue ?? []).map { (name: $0.0, value: $0.1.scalarText ?? "") },
            headers: headers.map { (name: $0.0, value: $0.1) }, body: body, receivedAt: date)
    }

    /// A copy of `request` with another body (headers, query and signature kept).
    static func replacingBody(_ request: ChannelRequest, _ body: [UInt8]) -> ChannelRequest {
        var r = request
        r.body = body
        return r
    }
}
