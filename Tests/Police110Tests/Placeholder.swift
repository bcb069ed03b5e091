import Testing
@testable import Police110

@Test func Police110Placeholder() { #expect(Bool(true)) }
