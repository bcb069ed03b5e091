@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who says what this call is about instead of the matter of before (`这次是楼道灯`, `不是停水那个，…现在是井盖`)
/// names another matter: no chase of the earlier one, and no follow-up.
@Suite struct ThisTimeTests {
    let t0 = StoreHarness.base

    static func another(_ text: String) -> Bool { EarlierContact.read(subject: nil, text: text).another }

    /// `这次是` / `这回是` before a matter; not before a count, nor when the trouble is told as come again (`又把`, `又坏`).
    @Test func thisTimeNamesAnotherMatter() {
        #expect(Self.another("又是我，桃园小区5栋的，这次是楼下垃圾桶，好几天没人倒了"))
        #expect(Self.another("我又要投诉公交，这回是司机，一路急刹车"))
        #expect(!Self.another("这次是第三次打电话了，路灯还是没人来修"))
        #expect(!Self.another("小区电梯又把人困住了，这次是两个老人"))
        #expect(!Self.another("门口红绿灯又坏了，这回是南北向不亮"))
    }

    /// `不是…那个`: the matter of before named, and not it.
    @Test func notThatOneNamesAnotherMatter() {
        #expect(Self.another("又是我，不是停水那个，那个修好了，现在是门口的井盖翘起来了"))
        #expect(!Self.another("换证体检是不是在旁边那个医院也能做？"))
    }

    /// The caller's second call on another thing at the place of the first, short enough to pass for a follow-up
    /// (`又是我`): another matter.
    @Test func thisTimeAtThePlaceOfBeforeIsNoRepeat() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911116161")
        try h.report("a", .phone, me, .complaint, "我住桃园小区5栋301，楼上的空调外机一直往我家窗台滴水，说了也不理", nil, at: t0)
        let other = try h.report("b", .phone, me, .report, "又是我，桃园小区5栋的，这次是楼道灯，一到六楼都不亮", nil, at: t0 + days(3))
        #expect(other.status != .repeat)
        let chase = try h.report("c", .phone, me, .complaint, "又是我，楼上空调还在往我家滴水，没人来过", nil, at: t0 + days(4))
        #expect(chase.status == .repeat && chase.repeatOf == "a")
    }
}
