import Testing
@testable import Phone

@Test func PhonePlaceholder() { #expect(Bool(true)) }
