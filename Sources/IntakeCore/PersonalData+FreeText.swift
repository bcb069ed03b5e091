extension PersonalData {
    /// Phone numbers, ID-card numbers and e-mail addresses inside free text (a citizen's words, a subject, a call
    /// transcript) masked as a viewer sees them; everything else is left as written.
    ///
    /// - An e-mail address (`local@domain.tld`, ASCII) keeps its first character and its domain: `z***@example.com`.
    /// - A number keeps its first 3 digits and its last 4 (11 digits or more: mobiles, landlines with area code, ID
    ///   cards with their check character `X`) or last 2 (7 to 10 digits); the digits between become `*`, and
    ///   separators stay where they were: `138-****-5678`. Full-width digits count as digits. Groups of fewer than 7
    ///   digits joined by one space or dash are one number when they hold 10 digits or more together
    ///   (`138 1234 5678`, `0755-8888 6666`); a run without separators is one from 7 digits (`88886666`). Shorter numbers (house
    ///   numbers, dates such as `2026-11-30`, times, amounts under a million) are kept.
    ///
    /// One pass over the scalars for addresses, one for numbers; linear in the text.
    public static func maskFreeText(_ text: String) -> String {
        maskNumbers(maskEmailAddresses(text))
    }

    static func maskEmailAddresses(_ text: String) -> String {
        guard text.contains("@") else { return text }
        var out = String.UnicodeScalarView()
        var token = String.UnicodeScalarView()
        func isEmailScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "._%+-@".unicodeScalars.contains(s))
        }
        func flush() {
            defer { token.removeAll() }
            let t = String(token)
            if let at = t.firstIndex(of: "@"), at > t.startIndex, t[t.index(after: at)...].contains("."), !t.hasSuffix(".") {
                out.append(contentsOf: maskEmail(t).unicodeScalars)
            } else {
                out.append(contentsOf: token)
            }
        }
        for s in text.unicodeScalars {
            if isEmailScalar(s) { token.append(s); continue }
            flush()
            out.append(s)
        }
        flush()
        return String(out)
    }

    static func maskNumbers(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || (0xFF10...0xFF19).contains(c.value) }
        // Space, ideographic space, ASCII and full-width hyphen-minus, hyphen, figure dash, en dash.
        let separators: Set<UInt32> = [0x20, 0x3000, 0x2D, 0xFF0D, 0x2010, 0x2012, 0x2013]
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard isDigit(s[i]) else { out.append(s[i]); i += 1; continue }
            var digits: [Int] = []
            var separated = false
            var run = 0  // digits since the last separator
            var j = i
            while j < s.count {
                if isDigit(s[j]) { digits.append(j); run += 1; j += 1; continue }
                // One separator joins two short groups; a group of 7 digits or more stands alone (a date before a
                // mobile number is not masked with it).
                if separators.contains(s[j].value), run < 7, j + 1 < s.count, isDigit(s[j + 1]) {
                    var next = 0
                    while j + 1 + next < s.count, isDigit(s[j + 1 + next]) { next += 1 }
                    if next < 7 { separated = true; run = 0; j += 1; continue }
                }
                break
            }
            // An ID card number's check character.
            if digits.count == 17, !separated, j < s.count, "xXｘＸ".unicodeScalars.contains(s[j]) { digits.append(j); j += 1 }
            let n = digits.count
            if n >= (separated ? 10 : 7) {
                let hidden = Set(digits[3..<(n - (n >= 11 ? 4 : 2))])
                for k in i..<j { out.append(hidden.contains(k) ? "*" : s[k]) }
            } else {
                out.append(contentsOf: s[i..<j])
            }
            i = j
        }
        return String(out)
    }
}
