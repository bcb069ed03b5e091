@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who says his first matter is settled (`卡激活好了`, `落户事宜已了解`, `已经补好了`; a procedure told done in a verb
/// and its complement: `户口上好了`, `申请上了`, `领到了`, `通过了`) and then turns to a question or report (`再问一桩`, `另请问`,
/// `现在想…`, `现在是…`, `还有个`, `想办`) or asks one afresh (`我现在问`, `请问`, `请教`) asks another matter.
@Suite struct SettledThenAnotherTests {
    @Test(arguments: ["喂，还是我。卡激活好了，谢谢。再问一桩，老头子社保卡里的钱哪能拿出来？", "您好，落户事宜已了解，谢谢。另请问人才租房补贴标准是多少？",
                      "上次问过补户口本的，已经补好了。现在想给女儿办身份证，要不要本人去？", "养老保险转移办好了。还有个医保，个人账户的钱能不能转走？",
                      "关于公积金贷款的疑问已收到答复，谢谢。另想咨询：租房能否提取公积金？", "俺闺女护照办好了，谢谢。俺自己想办个去香港的通行证",
                      "户口已经上好了，谢谢你们。我现在问，我老婆的护照过期了，能不能在外地换？", "廉租房申请上了，谢谢。请问廉租房的租金能用公积金付吗？",
                      "高龄补贴已经领到了，谢谢。想再问一下老年卡在哪办", "资格审核通过了，谢谢帮忙。请教一下暑托班怎么报名？",
                      "我之前问过港澳签注的，那个已经办好了。现在是我老公，他护照过期了，能不能加急？"])
    func aSettledMatterThenATurnAsksAnother(_ text: String) {
        #expect(EarlierContact.read(subject: nil, text: text).another)
    }

    /// Not settled (`还没补好`, `还没领到`), settled by someone's word (`说办好了`), asked whether it is (`办好了没有`, `拿到了吗`),
    /// or settled with no turn after it, or a step of the matter done before a question on it (`准生证拿到了，上户口…`: `问过` is
    /// a contact of before) or on how the settled matter stands (`申请上了，请问多久能发`): no other matter.
    @Test(arguments: ["户口本还没补好，再问一下，要多久？", "社区说办好了，想问一下怎么系统里查不到？", "上次问的卡补好了没有，想问一下进度",
                      "卡激活好了，谢谢你们", "补贴还没领到，问一下怎么回事", "卡拿到了吗？请问一下",
                      "准生证拿到了，上户口是去派出所还是政务大厅？我前天问过，忘记了。", "网上申请上了，请问多久能发下来？"])
    func noSettledMatterOrNoTurnSaysNothingElse(_ text: String) {
        #expect(!EarlierContact.read(subject: nil, text: text).another)
    }

    /// The question after the first is settled, on another procedure of the department, is no repeat of the first.
    @Test func aQuestionAfterTheFirstIsSettledIsNoRepeat() throws {
        #expect(try !StoreHarness.repeats("喂，你好，我家户口本找不到了，补办户口本要去哪里？要不要全家人都到场？",
                                          then: "喂，你好，上次问过补户口本的，已经补好了。现在想给女儿办身份证，她十二岁，小孩办身份证要不要本人去？多久能拿？",
                                          apart: days(4)))
    }
}
