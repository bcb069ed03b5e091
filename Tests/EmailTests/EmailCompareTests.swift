import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Email

/// The Swift parser against what Python's `email` package (policy.default) extracts from the same fixtures:
/// Fixtures/expected.json is written by Tests/Scripts/email_compare.py, which `make test` also runs to check that
/// the file still matches Python. Both sides collapse whitespace the same way (see the script's docstring).
@Suite struct EmailCompareTests {
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func matchesPythonEmail() throws {
        let url = try #require(Bundle.module.url(forResource: "expected", withExtension: "json", subdirectory: "Fixtures"))
        let expected = try JSON.parse(Array(try Data(contentsOf: url)))
        let members = try #require(expected.objectValue)
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasSuffix(".eml") }
        #expect(Set(fixtures) == Set(members.map(\.0)), "expected.json must cover every fixture; run email_compare.py --write")
        for (name, want) in members {
            let bytes = try TestRequests.fixture(name, bundle: .module)
            let m = try EmailMessage.parse(bytes)
            #expect(Self.collapse(m.subject ?? "") == want["subject"]?.stringValue, "\(name): subject")
            #expect((m.sender?.address ?? "") == want["senderAddress"]?.stringValue, "\(name): sender address")
            #expect(Self.collapse(m.sender?.name ?? "") == want["senderName"]?.stringValue, "\(name): sender name")
            #expect(Self.collapse(m.text) == want["text"]?.stringValue, "\(name): text")
        }
    }
}
