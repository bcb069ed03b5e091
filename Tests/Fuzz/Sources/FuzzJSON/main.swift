import FuzzSupport
import IntakeCore

/// The JSON parser (Sources/IntakeCore/JSON.swift): whatever parses serializes, and what it serializes parses again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    guard let value = try? JSON.parse(bytes) else { return 0 }
    let text = value.serialized()
    guard (try? JSON.parse(text)) != nil else { fatalError("the serialization of a parsed value does not parse") }
    return 0
}
