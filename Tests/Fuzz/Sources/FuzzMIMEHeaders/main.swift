import Email
import FuzzSupport
import IntakeCore

/// Header-level parsing: each line goes through RFC 2047 decoding, MIME parameters (RFC 2231), address lists
/// and dates; the whole input through the MIME parser and both transfer decodings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    for line in bytes.split(separator: 10, omittingEmptySubsequences: true).prefix(64) {
        let text = HeaderText.decodeUndeclared(line)
        _ = RFC2047.decode(text)
        _ = MIMEParameters.parse(text)
        _ = MailAddress.parseList(text)
        _ = MailDate.parse(text)
    }
    if let entity = try? MIMEParser.parse(bytes) { _ = entity }
    _ = TransferEncoding.decodeBase64(bytes)
    _ = TransferEncoding.decodeQuotedPrintable(bytes, underscoreIsSpace: bytes.first.map { $0 & 1 == 1 } ?? false)
    return 0
}
