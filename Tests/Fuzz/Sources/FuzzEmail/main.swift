import Email
import FuzzSupport
import IntakeCore

/// A mail to the mayor's mailbox: the input is the raw message (RFC 5322 + MIME) given to EmailAdapter.
let adapter = EmailAdapter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    Fuzz.decode(adapter, Fuzz.request(body: Fuzz.bytes(start, count), path: "/v1/intake/email", contentType: "message/rfc822"))
    return 0
}
