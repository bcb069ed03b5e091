/// The raw request as journaled: what the sender sent, without the attachment bytes the ticket's attachments
/// already hold (a photo is stored once, not twice).
public enum RawBody {
    /// Each attachment's bytes, where they appear literally in `body` (a multipart part), replaced by
    /// `[attachment sha256:<hex> size:<n>]`. Linear: one search per attachment (at most a few), each linear.
    /// Attachments sent encoded (base64 in JSON, a mail's MIME parts) do not appear literally and are kept as sent.
    public static func withoutAttachments(_ body: [UInt8], _ attachments: [AttachmentData]) -> [UInt8] {
        var out = body
        for a in attachments where a.bytes.count >= 64 {
            guard let at = ByteSearch.firstIndex(of: a.bytes, in: out, from: 0) else { continue }
            let note = Array("[attachment sha256:\(a.attachment.sha256) size:\(a.bytes.count)]".utf8)
            out.replaceSubrange(at..<(at + a.bytes.count), with: note)
        }
        return out
    }
}
