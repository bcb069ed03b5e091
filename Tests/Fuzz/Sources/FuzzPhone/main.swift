import FuzzSupport
import IntakeCore
import Phone

/// A call record with its transcript (Aliyun, Tencent, iFlytek, Whisper, segments): the body is the input.
let adapter = PhoneAdapter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(body: Fuzz.bytes(start, count), path: "/v1/intake/phone", contentType: "application/json"))
    return 0
}
