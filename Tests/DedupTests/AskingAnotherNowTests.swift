@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who says this call asks another matter: he names what he asked or reported before and then says what this
/// call is about (`今天问一下…`, `现在问下…`, `今天问的是…`, `今天是想问`, `今天问的不一样`, `今天问我自己的`, `顺便再问一下…`; in
/// Cantonese `今次唔係问…，係…`), says he has another (`另有一事`, `另有一个问题`), says this call is not about that matter
/// (`这回不是医保了`, `这回不是我厂里的事，是我老婆…`), or says his first matter is settled before he asks again
/// (`…办完了，谢谢。再问一下`).
@Suite struct AskingAnotherNowTests {
    @Test(arguments: ["喂，我上次问过年检的。今天问一下，我驾驶证上的地址要改，搬家了，要到车管所去吗？",
                      "喂，我是导游，上次问过雪峰寺的。今天问一下，导游证年审在哪里办？",
                      "喂，我前几天问过办残疾证的，今天问的是康复的事，娃娃要配人工耳蜗，政府有没有补贴？",
                      "喂，我是前几天问养老金调整的。今天问的不一样，我老伴是城乡居民养老保险的，她的基础养老金今年涨了没有？",
                      "我前天问过娃儿医保的，今天问我自己的，生娃儿的生育津贴在哪里申请？",
                      "顺便再问一下，我那个烘干房要烧锅炉，要不要办啥环评手续？",
                      "喂，板陶村的，又是我，这回不是医保了，我家甘蔗地给水淹了，能不能赔？",
                      "喂，还是我，贵州那个。这回不是我厂里的事，是我老婆，她们厂也拖了两个月工资没发",
                      "喂，又係我，今次唔係问社保卡，係想问下医保点样报销", "喂，我之前问过孩子医保的，今天是想问落户，户口随父还是随母",
                      "还是我，上回护照那个办完了，谢谢。再问一下，港澳通行证在哪办", "年检那个弄明白了，我再咨询一下驾驶证换证",
                      "您好，另有一个问题：本人在西安工作期间的住房公积金账户未销户，能否将西安的公积金转到青原？", "市长您好：另有一事请教。本人户口仍在老家"])
    func aCallerAskingAnotherNowSaysSo(_ text: String) {
        #expect(EarlierContact.read(subject: nil, text: text).another)
    }

    /// Asking how the matter of before stands (`今天问一下进度`), someone asked today (`今天问了物业`), a problem
    /// (`现在问题还没解决`), a count (`这次不是第一次了`), `问的是` without a time of this call (`我问的是…采暖费那个事`), the
    /// first matter not settled (`还没弄明白`), or settled without a question asked again, or another thing counted
    /// (`另有一处房屋`): nothing else asked.
    @Test(arguments: ["前天报的路灯，今天问一下进度", "我今天问了物业，说要等厂家", "上周反映的噪音，现在问题还没解决",
                      "楼上漏水这次不是第一次了，又滴下来了", "我问的是我们书香雅苑采暖费那个事，网上提了两回了没人回",
                      "年检那个还没弄明白，再问一下，六年内要不要上线", "上回护照那个办完了，谢谢你们",
                      "我母亲在盐码头另有一处房屋，已于六月签了拆迁协议"])
    func nothingElseAsked(_ text: String) {
        #expect(!EarlierContact.read(subject: nil, text: text).another)
    }

    /// The question of this call, after the caller names the one of before or says it is settled, is no repeat of it
    /// though both are of one department and the new question names the first one's matter.
    @Test(arguments: [("喂，你好，我的车是2018年买的，今年要年检吗？是不是六年免检？",
                       "喂，我上次问过年检的。今天问一下，我驾驶证上的地址要改，搬家了，要到车管所去吗？"),
                      ("我的车今年该年检了，是不是六年以内免检？", "喂，还是我，年检那个弄明白了。我再问一下，驾驶证满分了，满分学习在哪儿考？")])
    func theQuestionOfThisCallIsNoRepeat(_ first: String, _ second: String) throws {
        #expect(try !StoreHarness.repeats(first, then: second, apart: days(3)))
    }
}
