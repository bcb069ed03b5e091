import FuzzSupport
import IntakeCore

/// Form parsing (Sources/IntakeCore/FormData.swift): the first line is a Content-Type value (its boundary and
/// parameters), the rest a body read as multipart/form-data and as application/x-www-form-urlencoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Fuzz.bytes(start, count)
    let newline = bytes.firstIndex(of: 10) ?? bytes.count
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = newline < bytes.count ? Array(bytes[(newline + 1)...]) : []
    let parameters = HeaderParameters.parse(contentType)
    if let boundary = parameters["boundary"], !boundary.isEmpty {
        if let parts = try? MultipartForm.parse(body, boundary: boundary) {
            for part in parts {
                _ = part.text
                for header in part.headers { _ = HeaderParameters.parse(header.value) }
            }
        }
    }
    for (name, value) in parameters where name.hasSuffix("*") { _ = RFC2231.decode(value) }
    _ = URLEncodedForm.parse(body)
    return 0
}
