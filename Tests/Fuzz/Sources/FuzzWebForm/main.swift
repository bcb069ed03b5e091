import FuzzSupport
import IntakeCore
import WebForm

/// The public web form's decode (JSON, urlencoded, multipart). Input: `content-type: ...` (and other header
/// lines), an empty line, the body.
let adapter = WebFormAdapter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(Fuzz.bytes(start, count), path: "/v1/intake/web", defaultContentType: "application/json"))
    return 0
}
