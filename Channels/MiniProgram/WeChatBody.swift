import IntakeCore

/// A WeChat push body, XML or JSON (the format is chosen in the WeChat console; the bytes tell which).
enum WeChatBody {
    enum Format: String, Sendable {
        case xml, json
    }

    /// The body's fields as a JSON object (XML elements become string members), and the format it came in.
    /// WeChat's pushes are a few kilobytes; anything much larger is not one, and is refused before it is parsed.
    static let maxBytes = 64 << 10

    static func read(_ bytes: [UInt8]) throws(IntakeError) -> (fields: JSON, format: Format) {
        guard bytes.count <= maxBytes else {
            throw IntakeError(.payloadTooLarge, "A WeChat push is at most \(maxBytes) bytes; this body has \(bytes.count).")
        }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count else { throw .malformed("The body is empty; WeChat pushes an XML or JSON message.") }
        switch bytes[i] {
        case UInt8(ascii: "<"):
            let root = try WeChatXML.parse(bytes)
            let fields = root.json
            return (fields.objectValue == nil ? .object([]) : fields, .xml)
        case UInt8(ascii: "{"):
            let json: JSON
            do { json = try JSON.parse(bytes) } catch { throw .malformed("The body is not valid JSON: \(error).") }
            return (json, .json)
        default:
            throw IntakeError(.unsupportedMediaType, "The body is neither XML nor a JSON object.", field: "Content-Type")
        }
    }

    /// The `Encrypt` member of a safe-mode body.
    static func encrypted(_ fields: JSON) -> String? {
        guard let value = fields["Encrypt"]?.stringValue?.trimmingASCIIWhitespace(), !value.isEmpty else { return nil }
        return value
    }
}
