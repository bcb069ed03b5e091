import Dedup
import Foundation
import IntakeCore
import Testing

/// Words callers tell a matter in that the lexicon once read nothing in, each in a sentence of its own: one caller of an
/// incident who says them beside another who names the matter in the lexicon's words shares its sub-matter.
@Suite struct UnreadWordsTests {
    @Test(arguments: [
        ("路口的路牌被风刮歪了，随时要掉下来", "safety.signboard"),
        ("在那家快餐店吃完饭回家就上吐下泻", "consumer.food"),
        ("吃了他们家的凉菜，全家都拉肚子", "consumer.food"),
        ("我们那片从早上就没得水了", "water.outage"),
        ("早上的3路车没来，等了一个钟头", "bus.frequency"),
        ("那趟公交今天没有进村，大家都走着去镇上", "bus.frequency"),
        ("小区车库里跑水了，地上全是水", "water.burst"),
        ("楼下的水管崩了，水一直往外流", "water.burst"),
        ("我们村卫生室一直没人，看病拿药要跑到镇上", "health.clinic"),
        ("这几天总有小孩在河里游泳，大人也不管", "safety.drowning"),
        ("桥下路面一大片油，车子都在打滑", "road.spill"),
        ("路口地上全是油污", "road.spill"),
        ("货场的装卸作业一直弄到后半夜，叉车声音很大", "noise.loading"),
        ("那个卖水果的秤有问题，两斤称成三斤", "consumer.price"),
        ("收花生的那个人秤不对，一百斤少了十几斤", "consumer.price"),
        ("菜场有摊主用遥控秤，称出来都多", "consumer.price"),
        ("那家洗车店人去楼空，充的卡没法用了", "consumer.prepaid"),
    ])
    func wordsReadAsTheirMatter(_ text: String, _ subMatter: String) {
        #expect(MatterLexicon.read(normalized: MatchText.normalize(text)).subMatters.contains(subMatter))
    }
}
