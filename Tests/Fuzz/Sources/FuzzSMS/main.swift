import FuzzSupport
import IntakeCore
import SMS

/// SMS uplink decode for every provider (Aliyun, Tencent, Twilio, CMPP with UDH), without the verifiers.
/// Input: `provider: cmpp`, `content-type: ...` lines, an empty line, the body.
let adapter = SMSAdapter(configuration: SMSConfiguration(hotlines: ["12319": "12319"]))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(Fuzz.bytes(start, count), path: "/v1/intake/sms", defaultContentType: "application/json"))
    return 0
}
