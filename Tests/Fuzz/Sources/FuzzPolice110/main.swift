import FuzzSupport
import IntakeCore
import Police110

/// 110 transfers: the body (the input) is read by detection among the shipped mappings and by each shipped
/// mapping fixed (pinyin, camelCase).
let adapters = [Police110Adapter()] + Police110ShippedMappings.all.map { Police110Adapter(selection: .fixed($0)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let request = Fuzz.request(body: Fuzz.bytes(start, count), path: "/v1/intake/police110", contentType: "application/json")
    for adapter in adapters { Fuzz.decode(adapter, request) }
    return 0
}
