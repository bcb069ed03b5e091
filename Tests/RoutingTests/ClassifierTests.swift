import Foundation
import IntakeCore
import Routing
import Testing

@Suite struct ClassifierTests {
    let classifier = Classifier(catalogue: .default)

    @Test func heatingIsUrgentOnlyInWinter() {
        let text = "家里暖气不热，室温只有十四度"
        #expect(classifier.classify(ClassificationInput(text: text, month: 1)).urgency == .B)
        #expect(classifier.classify(ClassificationInput(text: text, month: 7)).urgency == .C)
    }

    @Test func theChannelsExplicitValuesWinAndTheReasonsSaySo() {
        let c = classifier.classify(ClassificationInput(text: "楼道里有很重的煤气味", channelType: .complaint, channelUrgency: .C, month: 1))
        #expect(c.requestType == .complaint)
        #expect(c.urgency == .C)
        #expect(c.reasons.contains("type complaint: given by the channel"))
        #expect(c.reasons.contains("urgency C: given by the channel"))
        #expect(c.reasons.contains { $0.hasPrefix("the rules said A: urgency A: gas leak") })
    }

    @Test func anAgentsCategoryWinsWhenTheCatalogueKnowsIt() {
        let chosen = classifier.classify(ClassificationInput(text: "楼下广场舞音响太吵了", channelCategory: "物业管理", month: 5))
        #expect(chosen.category == "property")
        #expect(chosen.reasons.prefix(2) == ["category property (物业管理): given by the channel", "the rules said noise"])
        let unknown = classifier.classify(ClassificationInput(text: "楼下广场舞音响太吵了", channelCategory: "城管类-噪声", month: 5))
        #expect(unknown.category == "noise")
        #expect(unknown.reasons.contains("the channel's category \"城管类-噪声\" is not in the catalogue"))
        #expect(classifier.classify(ClassificationInput(text: "你好", channelCategory: "other", month: 5)).reasons.first
                == "category other (其他): given by the channel")
    }

    @Test func anEmergencyIsUrgentAndNamesItsService() {
        let c = classifier.classify(ClassificationInput(text: "对面楼着火了，浓烟很大", month: 5))
        #expect(c.category == "fire")
        #expect(c.emergency == "119")
        #expect(c.urgency == .A)
        #expect(c.reasons.contains("emergency: call 119"))
    }

    @Test func negativeKeywordsRuleACategoryOut() {
        let c = classifier.classify(ClassificationInput(text: "暖气片漏水把楼下泡了", month: 7))
        #expect(c.category == "heating")
        #expect(c.reasons.contains("not water: a negative keyword is present"))
    }

    @Test func theDepartmentFollowsTheDistrict() {
        let text = "小区垃圾桶满了好几天没人清运"
        #expect(classifier.classify(ClassificationInput(text: text, month: 1)).department == "城市管理和综合执法局")
        #expect(classifier.classify(ClassificationInput(text: text, district: "龙华区", month: 1)).department == "龙华区城市管理和综合执法局")
        let byAddress = classifier.classify(ClassificationInput(text: text, address: "深圳市南山区桃园路8号", month: 1))
        #expect(byAddress.department == "南山区城市管理和综合执法局")
        #expect(byAddress.reasons.contains("department for 南山区: 南山区城市管理和综合执法局"))
    }

    @Test func nothingMatchedIsOther() {
        let c = classifier.classify(ClassificationInput(text: "你好", month: 1))
        #expect(c.category == "other")
        #expect(c.requestType == .unknown)
        #expect(c.urgency == .C)
    }

    @Test func theManholeRuleNeedsARoad() {
        #expect(classifier.classify(ClassificationInput(text: "马路中间井盖缺失", month: 1)).urgency == .A)
        #expect(classifier.classify(ClassificationInput(text: "小区花坛里井盖缺失", month: 1)).urgency == .C)
    }
}

/// What routing costs per submission (printed, not asserted: wall-clock bounds inside `swift test` flake). The
/// same text always routes the same way.
@Suite struct RoutingCostTests {
    @Test func costPerSubmissionOnTheTable() throws {
        let rows = try ClassificationTable.load()
        let engine = RoutingEngine()
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let subs = rows.map { Submission(channel: .web, text: $0.text) }
        let first = subs.map { engine.route($0, receivedAt: at).1 }
        let rounds = 20
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds { for (s, expected) in zip(subs, first) { #expect(engine.route(s, receivedAt: at).1 == expected) } }
        let perCall = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds * subs.count) / 1000
        let long = Submission(channel: .web, text: String(repeating: "小区门口的路灯坏了，晚上很黑。", count: 2000))
        let longStart = DispatchTime.now().uptimeNanoseconds
        _ = engine.route(long, receivedAt: at)
        let longMicros = Double(DispatchTime.now().uptimeNanoseconds - longStart) / 1000
        print(String(format: "routing: %.1f µs per table submission (with the #expect), %.0f µs for a 30,000-character text", perCall, longMicros))
    }
}
