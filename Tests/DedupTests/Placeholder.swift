import Testing
@Test func dedupPlaceholder() { #expect(Bool(true)) }
