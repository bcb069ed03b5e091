import Testing
@testable import MiniProgram

@Test func MiniProgramPlaceholder() { #expect(Bool(true)) }
