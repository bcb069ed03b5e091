@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A question asked again within the hour in other words, the caller's one question open, is that question; not a day
/// later, not another question of the department, not one that shares only the name of the place it asks about.
@Suite struct AskedAgainSoonTests {
    static let t0 = StoreHarness.base

    @Test(arguments: [
        ("开无犯罪记录证明在哪开 外地户口能开吗 单位入职要", "无犯罪证明 能不能网上开 不想请假跑", minutes(25), true),
        ("开无犯罪记录证明在哪开 外地户口能开吗 单位入职要", "无犯罪证明 能不能网上开 不想请假跑", days(1), false),
        ("请问住房公积金提取要什么材料，我想取出来还房贷", "另外想问公积金贷款额度最高多少，夫妻两个人一起交能贷多少", minutes(11), false),
        ("冰雪大世界老年人门票有优惠没有，七十岁的", "刚才忘问了，冰雪大世界晚上几点关门，几点亮灯", minutes(25), false),
    ])
    func aQuestionAskedAgainSoon(_ first: String, _ then: String, _ after: TimeInterval, _ repeats: Bool) throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911118141")
        try h.report("a", .sms, me, .consultation, first, nil, at: Self.t0)
        let again = try h.report("b", .sms, me, .consultation, then, nil, at: Self.t0 + after)
        #expect((again.status == .repeat && again.repeatOf == "a") == repeats)
    }
}
