import Foundation
import Testing
import IntakeCore
@testable import Email

/// Header parsing is linear (issue 9, row H2): anyone can mail the mayor's mailbox.
@Suite struct HeaderLinearityTests {
    @Test func manyUnclosedEncodedWordsDecodeInLinearTime() {
        let subject = String(repeating: "=?a?b?a", count: 16_000)  // 112 KB, every `=?` a candidate, no `?=`
        let started = Date()
        #expect(RFC2047.decode(subject) == subject)
        #expect(Date().timeIntervalSince(started) < 5.0)  // generous: a loaded debug build; before the fix, over a minute
    }

    @Test func encodedWordsStillJoinAndDecode() {
        #expect(RFC2047.decode("=?UTF-8?B?5biC6ZW/?= =?UTF-8?Q?=E6=82=A8=E5=A5=BD?=") == "市长您好")
        #expect(RFC2047.decode("=?utf-8?q?a b?=") == "=?utf-8?q?a b?=")  // a space ends the candidate
        #expect(RFC2047.decode("x =?gb2312?B?ytCzpA==?= y") == "x 市长 y")
    }

    @Test func aFromHeaderOfManyColonsParsesInLinearTime() {
        // After an `@`, each `:` asked whether the growing item held an address: quadratic (2.95 s for 32 KB).
        let from = "zhang@example.com" + String(repeating: ":", count: 64_000)
        let started = Date()
        let list = MailAddress.parseList(from)
        #expect(Date().timeIntervalSince(started) < 5.0)  // generous: a loaded debug build; before the fix, over a minute
        #expect(list.count == 1)
        #expect(MailAddress.parseList("undisclosed-recipients:;").isEmpty)
        #expect(MailAddress.parseList("Friends: a@x.cn, b@y.cn;").map(\.address) == ["a@x.cn", "b@y.cn"])
    }
}
