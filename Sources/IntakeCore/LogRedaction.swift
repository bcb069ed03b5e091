/// Personal data taken out of free text before it reaches a log line: refusal details, store and delivery errors
/// quote what a sender sent (a Tencent sender's full number, a mail's Message-ID, a case system's reply).
public enum LogRedaction {
    /// Every `local@domain` token (an e-mail address, a Message-ID) keeps the first character of the local part and
    /// the domain; in any other token every run of 7 or more digits (a phone number, an ID card number) keeps its
    /// first 3 and last 2 digits. One pass, linear in the text.
    public static func redact(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var token: [Unicode.Scalar] = []
        func isTokenScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || (0x30...0x39).contains(s.value) || "._%+-=$@".unicodeScalars.contains(s))
        }
        func flush() {
            defer { token.removeAll(keepingCapacity: true) }
            if let at = token.firstIndex(of: "@"), at > 0, at + 1 < token.count {
                out.append(token[0])
                out.append(contentsOf: "***".unicodeScalars)
                out.append(contentsOf: token[at...])
                return
            }
            var i = 0
            while i < token.count {
                guard (0x30...0x39).contains(token[i].value) else { out.append(token[i]); i += 1; continue }
                var j = i
                while j < token.count && (0x30...0x39).contains(token[j].value) { j += 1 }
                if j - i >= 7 {
                    out.append(contentsOf: token[i..<(i + 3)])
                    out.append(contentsOf: repeatElement(Unicode.Scalar("*"), count: j - i - 5))
                    out.append(contentsOf: token[(j - 2)..<j])
                } else {
                    out.append(contentsOf: token[i..<j])
                }
                i = j
            }
        }
        for s in text.unicodeScalars {
            if isTokenScalar(s) { token.append(s); continue }
            flush()
            out.append(s)
        }
        flush()
        return String(out)
    }
}
