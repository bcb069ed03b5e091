/// Scalars read from a String's UTF-8 in place (inside `String.withUTF8`'s closure, whose buffer's type is not named
/// outside the wrapper modules): walking `unicodeScalars` checks an index at every step, a good part of the by-scalar
/// loops of matching. (The loops are written in the closure, on the concrete buffer: a generic function over the
/// bytes, called from it, was left unspecialized and cost more than the walk.)
public enum UTF8Decoding {
    /// The value of the scalar that begins at `i` of valid UTF-8 (a String's), and its length in bytes.
    @inlinable @inline(__always)
    public static func scalar<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at i: Int) -> (value: UInt32, width: Int)
        where Bytes.Index == Int {
        let lead = bytes[i]
        let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = width == 1 ? UInt32(lead) : UInt32(lead) & (0x7F >> width)
        for k in 1..<width { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (value, width)
    }
}
