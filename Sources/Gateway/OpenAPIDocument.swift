import Foundation

/// The contract, served at /openapi.yaml: the copy bundled at build time, or the repository's file when run from a checkout.
enum OpenAPIDocument {
    static func load() -> [UInt8] {
        if let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) {
            return Array(data)
        }
        if let data = FileManager.default.contents(atPath: "openapi.yaml") { return Array(data) }
        return Array("openapi: 3.1.0\ninfo: {title: 12345 intake gateway, version: unknown}\npaths: {}\n".utf8)
    }
}
