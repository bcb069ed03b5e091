import TextCodec

/// Legacy charset decoding for channels (GB2312/GBK labels read as GB18030, Big5, UCS-2), through iconv.
public enum Charsets {
    public static func decode(_ bytes: [UInt8], label: String) -> String {
        TextCodec.decode(bytes, label: label)
    }
}

extension Charsets {
    /// Decodes and says how: as declared, or (an unknown label) by the fallback valid UTF-8, else GB18030.
    public static func decodeReporting(_ bytes: [UInt8], label: String) -> (text: String, used: String) {
        let r = TextCodec.decodeReporting(bytes, label: label)
        return (r.text, r.used.rawValue)
    }
}
