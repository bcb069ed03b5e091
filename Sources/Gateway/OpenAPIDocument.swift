/// The contract, served at /openapi.yaml: the repository's file compiled into the binary
/// (`Generated/EmbeddedOpenAPI.swift`), so the executable needs no file or resource bundle at run time.
enum OpenAPIDocument {
    static func load() -> [UInt8] { Array(EmbeddedOpenAPI.text.utf8) }
}
