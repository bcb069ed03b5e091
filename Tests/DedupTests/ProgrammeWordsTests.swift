@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Programmes and procedures callers name by words the lexicon did not read: the chronic-illness card (`慢病卡`, `门诊慢特病`,
/// not an outpatient bill's reimbursement), the skills subsidy (`技能提升补贴`), the pension insurance (`养老保险`: the field),
/// the place a business trades (`经营场所变更`), the farm machinery subsidy (`农机购置补贴`, beside the grain subsidy), a
/// pupil's record moved (`学籍转接`), a fishing boat's fuel subsidy (`油补`), the deed tax paid back (`契税补贴`), the allowance
/// for a small child (`育儿补贴`), the funeral's (`火化`, `殡葬补贴`), the employment office's subsidies to find work
/// (`求职补贴`, `交通补贴`, `租房补贴`), a boarding pupil's allowance (`寄宿生`), an old person's (`老年人的补贴`); and 人才公寓
/// with its building (`人才公寓A栋`), which is where, not the programme.
@Suite struct ProgrammeWordsTests {
    static func subs(_ text: String) -> Set<String> { MatterFeatures(text: text, requestType: .consultation, location: nil).subMatters }

    @Test(arguments: [("俺爹有糖尿病，听说能办个慢病卡，拿药能多报点", "social.chronic"), ("俺想问那个慢病，是不是得住过院才能办", "social.chronic"),
                      ("技能提升补贴，考了个电工证能补多少", "social.subsidy"), ("城乡居民养老保险今年能不能交高一点的档次", "social.contribution"),
                      ("养老保险跨省转移接续是在转出地办还是转入地办", "social.transfer"), ("个体户经营场所变更要带什么材料", "business.licence"),
                      ("买插秧机，农机购置补贴怎么申请", "agriculture.machinery"), ("学籍转接是家长办还是学校之间办", "school.transfer"),
                      ("人才公寓怎么申请，要交多久社保", "housing.talent"), ("还是问那个渔船油补的事，就是燃油补助", "agriculture.fuel"),
                      ("首套房契税补贴是开发商申请还是自己申请", "housing.deed-tax"), ("三周岁以下的育儿补贴怎么领", "civil.childcare"),
                      ("听讲火化个钞票政府好补贴一点", "social.funeral"), ("返乡就业的交通补贴要什么材料", "social.subsidy"),
                      ("硕士毕业生租房补贴申报有结果了吗", "social.subsidy"), ("寄宿生的生活费补助什么时候发", "school.boarding"),
                      ("我满八十了，八十岁老年人的补贴要不要本人去", "civil.elderly")])
    func aProgrammeNamedIsRead(_ text: String, _ subMatter: String) {
        #expect(Self.subs(text).contains(subMatter))
    }

    /// 门诊 of `门诊慢特病` asks no reimbursement, the grain subsidy is no machinery subsidy, and 人才公寓 before its building
    /// is no programme.
    @Test(arguments: [("门诊慢特病怎么申请，我妈高血压", "social.reimbursement"), ("去年的种粮补贴还没到账", "agriculture.machinery"),
                      ("人才公寓A栋1206空调坏了，报修五天了", "housing.talent"), ("我住星桥人才公寓3号楼，楼下夜市天天喊麦", "housing.talent")])
    func aWordInsideAnotherSaysNothingOfItsOwn(_ text: String, _ subMatter: String) {
        #expect(!Self.subs(text).contains(subMatter))
    }

    /// One caller's question asked again in the programme's other words repeats it; a question on another programme of the
    /// office, or on another matter at the flats he lives in, does not.
    @Test(arguments: [("请问门诊慢特病怎么申请？我妈高血压好多年了，听说办了慢病卡能报销", "慢病卡的申请材料到底是什么？要不要诊断证明？", true),
                      ("我得糖尿病好几年了，听说能办那个慢病，门诊拿药能多报点，咋办？", "我问问糖尿病办门诊慢特病的，是不是得住过院才能办？", true),
                      ("我在东莞交了八年养老保险，现在回来了，那边的社保咋个转过来？", "咨询东莞养老保险转回来，是在这边申请还是东莞申请，网上能办吗", true),
                      ("个体户营业执照的经营场所从胜利街迁到文化路，要注销重办还是办变更？", "关于个体户经营场所变更的咨询，望回复。", true),
                      ("我被公司辞退了，失业金怎么领？能领几个月？", "又是我，我想问一下那个技能提升补贴，考了个电工证，能补多少钱？", false),
                      ("去年的种粮补贴，就是耕地地力保护补贴，今年还没到账，要到哪里问？", "我还是那个问补贴的，今天想问买插秧机的农机购置补贴怎么申请？", false),
                      ("人才公寓A栋1206空调坏了，报修五天物业一直说排队", "人才公寓的租金能不能用公积金付？公寓前台说不行", false)])
    func theQuestionAskedAgainRepeats(_ first: String, _ second: String, _ repeats: Bool) throws {
        #expect(try StoreHarness.repeats(first, then: second, apart: days(2)) == repeats)
    }
}
