import TextCodec

/// Legacy charset decoding for channels (GB2312/GBK labels read as GB18030, Big5, UCS-2), through iconv.
public enum Charsets {
    public static func decode(_ bytes: [UInt8], label: String) -> String {
        TextCodec.decode(bytes, label: label)
    }

    /// Decodes and says how (`TextCodec.Choice`'s names): `declared`, `utf-8` or `gb18030` (the label was unknown,
    /// missing or lying), `declared-with-replacement` (nothing decoded cleanly).
    public static func decodeReporting(_ bytes: [UInt8], label: String) -> (text: String, used: String) {
        let (text, used) = TextCodec.decodeReporting(bytes, label: label)
        return (text, used.rawValue)
    }
}
