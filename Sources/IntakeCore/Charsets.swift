import TextCodec

/// Legacy charset decoding for channels (GB2312/GBK labels read as GB18030, Big5, UCS-2), through iconv.
public enum Charsets {
    public static func decode(_ bytes: [UInt8], label: String) -> String {
        TextCodec.decode(bytes, label: label)
    }
}
