/// A coarse matter category recognised from keywords, in the classes 12345 centres dispatch by.
///
/// Character n-grams miss paraphrase ("水管爆了" / "自来水管破裂冒水"); a shared topic catches it, and two different
/// topics ("噪音" / "垃圾") say the same caller has a new matter. A text can have several topics or none.
public struct MatterTopic: Sendable, Hashable, Comparable {
    public let id: String
    /// The Chinese name shown in reasons.
    public let label: String
    let keywords: [String]

    public static func < (a: MatterTopic, b: MatterTopic) -> Bool { a.id < b.id }
    public static func == (a: MatterTopic, b: MatterTopic) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }

    /// Keywords are matched against `MatchText.normalize`d text (digits, no punctuation, no fillers).
    public static let all: [MatterTopic] = [
        MatterTopic(id: "noise", label: "噪音扰民", keywords: ["噪音", "噪声", "扰民", "吵", "广场舞", "音响", "喇叭", "轰鸣", "夜间施工", "半夜施工", "声音很大", "睡不着"]),
        MatterTopic(id: "fumes", label: "油烟异味", keywords: ["油烟", "烧烤", "排烟", "烟味", "熏"]),
        MatterTopic(id: "water", label: "供水", keywords: ["停水", "没水", "水压", "自来水", "水管", "爆管", "漏水", "冒水", "供水", "水表", "水龙头", "水质", "黄水", "浑浊"]),
        MatterTopic(id: "drain", label: "排水污水", keywords: ["下水道", "堵塞", "污水", "化粪池", "返水", "积水", "内涝", "排水", "管道堵", "冒污水", "水淹"]),
        MatterTopic(id: "power", label: "供电", keywords: ["停电", "断电", "供电", "跳闸", "电压", "没电", "电线", "变压器"]),
        MatterTopic(id: "streetlight", label: "路灯", keywords: ["路灯", "灯不亮", "灯坏"]),
        MatterTopic(id: "manhole", label: "井盖", keywords: ["井盖"]),
        MatterTopic(id: "garbage", label: "垃圾清运", keywords: ["垃圾", "清运", "垃圾桶", "发臭", "臭味", "恶臭", "堆放", "建筑废料", "渣土"]),
        MatterTopic(id: "construction", label: "违法建设", keywords: ["违建", "违章", "搭建", "加建", "私建", "违法建设", "铁皮房"]),
        MatterTopic(id: "wages", label: "欠薪", keywords: ["工资", "欠薪", "拖欠", "讨薪", "工钱", "劳务费"]),
        MatterTopic(id: "heating", label: "供暖", keywords: ["暖气", "供暖", "不热", "采暖", "室温"]),
        MatterTopic(id: "parking", label: "占道停车", keywords: ["占道", "乱停", "停车", "堵路", "挡路", "消防通道", "摆摊", "占用"]),
        MatterTopic(id: "gas", label: "燃气", keywords: ["燃气", "煤气", "漏气", "天然气", "液化气"]),
        MatterTopic(id: "trees", label: "树木绿化", keywords: ["大树", "树木", "树倒", "倒树", "树被", "吹倒", "刮倒", "倒伏", "树枝", "绿化", "草坪", "修剪"]),
        MatterTopic(id: "elevator", label: "电梯", keywords: ["电梯", "困人"]),
        MatterTopic(id: "animals", label: "动物", keywords: ["狗", "犬", "流浪猫", "流浪", "咬人", "老鼠", "蚊虫", "蟑螂"]),
        MatterTopic(id: "bus", label: "公交出行", keywords: ["公交", "线路", "班次", "站台", "公交车", "地铁班次", "末班"]),
        MatterTopic(id: "road", label: "道路设施", keywords: ["路面", "大坑", "深坑", "坑洼", "塌陷", "破损", "护栏", "红绿灯", "信号灯", "斑马线", "人行道", "减速带"]),
        MatterTopic(id: "consumer", label: "消费维权", keywords: ["退费", "退款", "商家", "消费", "预付卡", "会员卡", "健身房", "培训机构", "跑路", "假货"]),
        MatterTopic(id: "social", label: "社保医保", keywords: ["社保", "医保", "公积金", "养老金", "退休金", "报销"]),
        MatterTopic(id: "school", label: "教育", keywords: ["学位", "入学", "学校", "幼儿园", "转学", "学籍", "补课"]),
        MatterTopic(id: "housing", label: "房屋产权", keywords: ["房产证", "不动产", "交房", "开发商", "烂尾", "办证", "漏雨", "渗水", "墙体开裂"]),
        MatterTopic(id: "pollution", label: "环境污染", keywords: ["污染", "废气", "粉尘", "扬尘", "排放", "偷排", "黑烟"]),
    ]

    /// The topics whose keywords occur in `normalizedText`.
    public static func topics(inNormalized normalizedText: String) -> Set<MatterTopic> {
        var found: Set<MatterTopic> = []
        let text = Array(normalizedText.utf8)
        for (topic, keywords) in keywordBytes where keywords.contains(where: { TextSearch.contains(text, $0) }) { found.insert(topic) }
        return found
    }

    static let keywordBytes: [(MatterTopic, [[UInt8]])] = all.map { ($0, $0.keywords.map { Array($0.utf8) }) }

    public static func byID(_ id: String) -> MatterTopic? { all.first { $0.id == id } }
}
