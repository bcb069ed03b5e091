import Testing
@testable import Email

@Test func EmailPlaceholder() { #expect(Bool(true)) }
