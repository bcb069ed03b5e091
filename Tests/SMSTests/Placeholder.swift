import Testing
@testable import SMS

@Test func SMSPlaceholder() { #expect(Bool(true)) }
