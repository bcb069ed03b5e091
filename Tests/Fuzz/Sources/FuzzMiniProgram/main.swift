import FuzzSupport
import IntakeCore
import MiniProgram

/// The mini-program backend's structured submissions (JSON with photos, location, contact): the body is the input.
let adapter = MiniProgramSubmissionAdapter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(body: Fuzz.bytes(start, count), path: "/v1/intake/miniprogram/submissions", contentType: "application/json"))
    return 0
}
