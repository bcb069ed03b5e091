import FuzzSupport
import IntakeCore
import SMS

/// A CMPP DELIVER's Msg_Content: the first byte's low bit is TP_udhi, the rest of it picks Msg_Fmt; the other
/// bytes are the content (UDH, then the text in that format).
let formats = [0, 8, 15, 3, 4, 24, 25, 1, 2, 5, 6, 7, 9, 10, 11, 255]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    guard let first = bytes.first else { return 0 }
    let format = formats[Int(first >> 1) % formats.count]
    guard let (_, payload) = try? CMPPUserData.split(Array(bytes.dropFirst()), udhi: first & 1 == 1) else { return 0 }
    _ = try? CMPPUserData.decode(payload, format: format)
    return 0
}
