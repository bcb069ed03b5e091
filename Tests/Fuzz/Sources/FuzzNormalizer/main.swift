import FuzzSupport
import IntakeCore

/// SubmissionNormalizer alone: the input's NUL-separated pieces are subject, text, name, address, district,
/// phone, e-mail, openid and hotline (UTF-8, invalid bytes replaced), at any length and with any characters.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    var pieces = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    while pieces.count < 9 { pieces.append("") }
    func opt(_ i: Int) -> String? { pieces[i].isEmpty ? nil : pieces[i] }
    var caller = Caller()
    caller.name = opt(2)
    caller.phone = opt(5)
    caller.email = opt(6)
    caller.openId = opt(7)
    let submission = Submission(channel: .web, hotline: opt(8), caller: caller, subject: opt(0), text: pieces[1],
                                location: opt(3).map { Location(address: $0, district: opt(4)) })
    Fuzz.normalize([submission], policy: .refuse)
    Fuzz.normalize([submission], policy: .truncate)
    return 0
}
