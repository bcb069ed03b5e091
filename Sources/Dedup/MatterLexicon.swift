import Routing

/// The words citizens use for each matter, and the sub-matters that must not merge.
///
/// A topic (`MatterTopic`) is the class a 12345 centre dispatches by; within one, a sub-matter is what the case is
/// about: 社保卡补办, 社保缴费 and 养老金领取 are three procedures of one department and three different cases; a
/// water bill dispute and a burst pipe in one estate are two. Two reports whose sub-matters are both known and
/// share none are different matters (`MatterFeatures.subMatterConflict`).
///
/// Each sub-matter has `words`, which name it and its topic wherever they occur (`跳闸` is a power cut), and
/// `qualifiers`, which only count when the text has the topic from another word (`提取` is a 公积金 withdrawal only
/// in a text about 公积金). A topic without sub-matters is one matter: its id is its only sub-matter. Read in one
/// pass (Aho–Corasick), linear in the text.
public enum MatterLexicon {
    struct Entry {
        let topic: String
        let sub: String
        let label: String
        let words: [String]
        let qualifiers: [String]
        init(_ topic: String, _ sub: String, _ label: String, _ words: [String], _ qualifiers: [String] = []) {
            self.topic = topic
            self.sub = sub
            self.label = label
            self.words = words
            self.qualifiers = qualifiers
        }
    }

    /// Topics the routing catalogue does not mark `dedupTopic`, with their labels.
    static let extraTopics: [(id: String, label: String)] = [
        ("documents", "户籍证件"), ("toilet", "公厕"), ("facilities", "公共设施"), ("tax", "税务"), ("civil", "民政"), ("health", "医疗卫生"),
        ("culture", "文化市场"), ("safety", "安全隐患"), ("disaster", "自然灾害"),
        ("business", "市场主体登记"), ("agriculture", "农业农村"), ("irrigation", "水利"),
    ]

    static let entries: [Entry] = [
        // 社保医保公积金: one department, many procedures.
        Entry("social", "card", "社保卡", ["社保卡", "社会保障卡", "医保卡"], ["补办", "挂失", "补卡", "换卡", "新卡"]),
        Entry("social", "contribution", "缴费", ["缴费基数", "社保缴费", "医保缴费", "补缴", "断缴"], ["缴费", "缴纳", "交费", "交社保", "交医保", "基数", "档次", "补交"]),
        Entry("social", "pension", "养老金", ["养老金", "退休金", "领取养老", "养老待遇"], ["退休"]),
        // Whether a bill is paid back, asked in speech (`回来能报吗`, `能不能报`), in a text about the insurance.
        Entry("social", "reimbursement", "报销", ["报销"], ["住院费用", "门诊", "能报吗", "能不能报", "报不报", "能报多少"]),
        // Registering care in another city and the chronic-illness benefit are procedures of their own.
        Entry("social", "remote-care", "异地就医", ["异地就医", "异地备案", "就医备案", "医保备案"]),
        // Maternity pay (the insurance's) and maternity leave (the employer's) are two matters.
        Entry("social", "maternity", "生育津贴", ["生育津贴", "生育保险", "生育险"]),
        Entry("wages", "leave", "假期", ["产假", "陪产假", "年休假", "带薪年假"]),
        // The chronic-illness benefit by its card (`慢病卡`) or its short name (`能办那个慢病`), and by its whole name, which
        // holds 门诊 (`门诊慢特病`): not the reimbursement of an outpatient bill that word says alone.
        Entry("social", "chronic", "慢特病", ["慢特病", "慢性病", "门特", "特殊病种", "慢病卡", "慢性病卡", "慢病", "门诊慢特病", "门诊慢性病",
                                             "门诊特殊病", "门诊特殊疾病"]),
        // Moving one's account from another city (`社保怎么转过来`, `公积金从西安转到青崖`, Cantonese `转过嚟`) is its transfer;
        // taking the fund's money out (`取出来`, `提出来`, Cantonese `攞出嚟`) its withdrawal.
        Entry("social", "transfer", "转移接续", ["医保转移", "社保转移"], ["转移", "转入", "转出", "接续", "转过来", "转回来", "转回", "转到",
                                                                         "转过嚟"]),
        Entry("social", "fund-withdrawal", "公积金提取", ["提取公积金", "公积金提取", "提公积金"], ["提取", "租房提", "能提", "取出来", "提出来",
                                                                                               "攞出"]),
        Entry("social", "fund-loan", "公积金贷款", ["公积金贷款"], ["贷款", "额度"]),
        Entry("social", "unemployment", "失业金", ["失业金", "失业保险"]),
        Entry("social", "injury", "工伤", ["工伤"]),
        // The loan a starting business gets guaranteed and its interest paid (创业担保贷款, 贴息贷款) is the employment
        // office's help to start one, like its subsidy: not the housing fund's loan.
        // So are its subsidies to find work and live near it (`一次性求职补贴`, `交通补贴`, `租房补贴` of a graduate).
        Entry("social", "subsidy", "补贴申领", ["技能补贴", "培训补贴", "人才补贴", "创业补贴", "担保贷款", "创业贷款", "贴息贷款",
                                             "技能提升补贴", "技能提升", "求职补贴", "交通补贴", "租房补贴"]),
        // The pension insurance named (`城乡居民养老保险`, `养老保险转回来`) says the field, whatever it asks of it: its
        // contribution, its transfer (`养老保险跨省转移接续`), which the words of those read only in a text of the field.
        Entry("social", "social", "社保医保公积金", ["养老保险"]),
        // What is paid when an insured person dies (丧葬补助金, 抚恤金): a procedure of its own.
        Entry("social", "funeral", "丧葬抚恤", ["丧葬费", "丧葬补助", "丧葬补贴", "抚恤金", "殡葬补贴", "殡葬费", "火化"]),
        // Retiring itself (办退休, 退休手续), not the pension it brings.
        Entry("social", "retirement", "办理退休", ["退休手续", "办退休", "办理退休", "退休年龄", "退休申报", "退休审批"]),
        // 欠薪与劳动关系.
        Entry("wages", "arrears", "欠薪", ["拖欠", "欠薪", "讨薪", "不发工资", "没发工资", "工钱", "欠工资", "欠了工资", "欠钱不给", "农民工",
                                           "包工头"], ["没发", "不发", "还没发", "工资"]),
        Entry("wages", "dismissal", "辞退补偿", ["辞退", "开除", "解除劳动合同", "经济补偿"], ["补偿", "赔偿金"]),
        Entry("wages", "contract", "劳动合同", ["不签合同", "劳动合同"]),
        Entry("wages", "overtime", "加班费", ["加班费"]),
        // 户籍证件.
        Entry("documents", "hukou", "户口", ["户口", "落户", "户籍", "迁户", "户口在哪", "户籍在哪"], ["迁入", "迁出"]),
        // Where one's 户口 is, named in passing (回户籍地办), says the field, not a 户口 matter; so does what kind it is, said
        // of who asks (我们是外地户口，想问积分入学…; 老人外地户籍，办居住证…; 农村户口能不能参加…), and where it is, said of who
        // asks (孩子明年上小学，户籍在东湖区…; 身份证丢了，户口在老家…; 我父亲…户籍在云岭区，请问高龄津贴如何申请).
        Entry("documents", "documents", "户籍证件", ["户籍地", "户籍所在地", "外地户口", "外地户籍", "外省户口", "外省户籍", "本地户口",
                                                    "本地户籍", "农村户口", "城镇户口", "非本地户籍", "户口在", "户籍在",
                                                    "户口还在", "户籍还在", "户口仍在", "户籍仍在"]),
        Entry("documents", "idcard", "身份证", ["身份证"]),
        Entry("documents", "residence", "居住证", ["居住证"]),
        Entry("documents", "passport", "护照", ["护照"]),
        Entry("documents", "travel-permit", "港澳台通行证", ["通行证", "往来港澳", "签注"]),
        Entry("documents", "exit-entry", "出入境", ["出入境"]),
        Entry("documents", "driving", "驾驶证", ["驾驶证", "驾照"]),
        Entry("documents", "violation", "交通违章", ["违章", "罚单", "扣分"]),
        Entry("documents", "vehicle", "车辆登记", ["年检", "上牌", "车辆登记"]),
        // 税务.
        Entry("tax", "tax", "税务", ["个税", "个人所得税"]),
        Entry("tax", "refund", "退税", ["退税", "汇算"]),
        Entry("tax", "deduction", "专项附加扣除", ["专项附加扣除", "附加扣除"]),
        Entry("tax", "invoice", "发票", ["发票", "开票"]),
        // 民政.
        Entry("civil", "allowance", "低保", ["低保", "最低生活保障", "困难补助"]),
        Entry("civil", "marriage", "婚姻登记", ["结婚登记", "婚姻登记", "离婚登记", "结婚证"]),
        Entry("civil", "elderly", "养老服务", ["养老院", "高龄补贴", "高龄津贴", "老年人补贴", "老年人的补贴", "老人补贴", "老人的补贴"]),
        // The allowance for a child under three (`育儿补贴`).
        Entry("civil", "childcare", "育儿补贴", ["育儿补贴"]),
        Entry("civil", "disability", "残疾证", ["残疾证", "评残"]),
        // The allowances for the disabled (两项补贴) are a procedure of their own beside the certificate.
        Entry("civil", "disability-allowance", "残疾人补贴", ["残疾人补贴", "2项补贴", "护理补贴"]),
        Entry("civil", "veteran-card", "优待证", ["优待证"]),
        // Relief after a disaster for what was lost (the farm's, the house's): the civil affairs' matter, however called.
        Entry("civil", "relief", "救灾补助", ["救灾补助", "救灾补贴", "受灾补贴", "受灾补助", "灾后补助", "救灾款"]),
        // 医疗卫生.
        Entry("health", "vaccine", "疫苗接种", ["疫苗", "接种"]),
        Entry("health", "appointment", "挂号", ["挂号", "挂不上号", "号贩子", "专家号"]),
        Entry("health", "fees", "医疗收费", ["医药费", "检查费"]),
        // The food and service workers' health certificate: a procedure of its own.
        Entry("health", "health-cert", "健康证", ["健康证"]),
        Entry("health", "clinic", "村卫生室", ["卫生室"]),
        // 教育.
        Entry("school", "admission", "入学", ["学位", "入学", "上小学", "招生", "入园", "上幼儿园", "小升初", "幼升小", "升初中"], ["报名"]),
        // A pupil moving into a school from another (`转入冶机三中`, `学籍转入`, `转回老家读书`) changes schools. (Not `转过来`,
        // which as often tells of a call put through: `110说转过来了`.)
        // The school record moved (`学籍转接`) is how a pupil changes schools, not a question on the record alone.
        Entry("school", "transfer", "转学", ["转学", "学籍转接", "学籍转移"], ["转入", "转回"]),
        Entry("school", "status", "学籍", ["学籍"]),
        Entry("school", "tutoring", "补课", ["补课"]),
        Entry("school", "fees", "学校收费", ["学费", "择校费", "赞助费", "保育费"], ["涨价", "收费标准"]),
        Entry("school", "canteen", "食堂", ["食堂"]),
        Entry("school", "bus", "校车", ["校车"]),
        // A boarding pupil's living allowance (`寄宿生生活补助`).
        Entry("school", "boarding", "寄宿生补助", ["寄宿生"]),
        // 供水.
        Entry("water", "outage", "停水", ["停水", "没水", "没得水", "冇水", "不出水", "不来水", "没来水", "断水", "水压", "没有水", "恢复供水", "供水中断", "水停了", "出水小", "水流很小", "停了水", "水没了",
                                          "停咗水", "断咗水",
                                          // No hot water, then the cold cut too (`三天没得热水了，今天连冷水都停了`).
                                          "没热水", "没得热水", "没有热水", "冷水都停", "冷水也停", "水都停了"],
              // 来水 is the water coming back only when asked or told when (什么时候来水, 几点能来水, 下午来水): `来水时有异味`
              // (when it comes it smells), `楼上来水` (from the flat above), `起来水龙头` are no outage.
              ["时候来水", "点来水", "何时来水", "哪天来水", "能来水", "会来水", "才来水", "再来水", "恢复来水", "午来水", "冻住", "冻上"]),
        // 自来水 is the supply (自来水公司), not 来水 coming back.
        Entry("water", "water", "供水", ["自来水"]),
        // Water welling up through a road or the ground, or a jet of it, is a main that burst below (路面往上涌水，水柱半米高,
        // 有热水涌出).
        Entry("water", "burst", "爆管", ["爆管", "水管爆", "水管破", "水管裂", "管子破", "水管漏", "管道破裂", "管网破裂", "冻裂", "冻爆",
                                        "涌水", "水柱", "路面冒水", "地面冒水", "地下冒水", "跑水", "水管崩", "水涌出"],
              ["破裂", "爆裂", "冒水", "喷水", "往外冒", "漏水", "爆了"]),
        Entry("water", "bill", "水费", ["水费", "水表"]),
        // Tap water that comes out yellow is told as what one sees (放出来是黄的, 水还是黄的, 黄黄的, 像锈水).
        // Water all yellow or muddy (`自来水黄晒`: Cantonese 晒 for 全; `水好浑`).
        Entry("water", "quality", "水质", ["水质", "黄水", "浑浊", "铁锈味", "是黄的", "黄黄的", "锈水", "水黄", "黄晒", "水好浑", "水很浑", "水浑"],
              ["发黄"]),
        // 供电.
        Entry("power", "outage", "停电", ["停电", "没电", "断电", "跳闸", "恢复供电", "没有电", "电停了", "限电", "供电中断", "断了电", "楼全黑", "整栋楼黑", "电没了", "停了电", "闸跳了",
                                          // Cantonese: 停咗电 (咗 for 了), 冇电 (冇 for 没).
                                          "停咗电", "冇电", "断咗电"],
              // 来电 is the power coming back only when asked or told when, or missed (什么时候来电, 还没来电): `来电人反映`,
              // `市民来电：` is a caller's call.
              ["时候来电", "点来电", "何时来电", "哪天来电", "能来电", "会来电", "才来电", "再来电", "恢复来电", "午来电", "没来电", "不来电",
               "来电了吗", "来电没", "黑灯瞎火"]),
        Entry("power", "bill", "电费", ["电费", "电表", "电价"]),
        // A line a tree or snow brought down (`线被树压断`) is a wire down, not a fallen tree: the longer word wins.
        Entry("power", "wires", "电线", ["电线", "冒火花", "电线杆", "线被树压断", "线让树压断", "线被树砸断", "线被树刮断", "线被压断",
                                         "线被砸断", "线被刮断", "线被风刮断", "线被雪压断", "线让雪压断"]),
        Entry("power", "voltage", "电压", ["电压不稳", "电压低", "电压不足", "忽明忽暗"]),
        // A car charger in one's parking space and e-bikes charged indoors are two matters.
        Entry("power", "ev-charger", "充电桩", ["充电桩"]),
        // A wire strung from a window or run privately down a stairwell is how the e-bikes there are charged (`三楼窗子
        // 吊根电线下来`, `私拉电线`): not a power line's matter, which the wire inside these words would say.
        Entry("power", "ebike-charging", "电动车充电", ["电动自行车", "电瓶车", "电动车充电", "飞线充电", "电瓶", "飞线", "私拉电线", "私拉乱接",
                                                         "吊根电线", "吊了根电线", "吊根线", "停放充电"]),
        // 燃气.
        // 没气 is a gas outage only in a text about gas (`燃气没气了`): a tyre, a ball or a person may have none.
        Entry("gas", "outage", "停气", ["停气", "断气", "打不着火", "恢复供气", "燃气停", "没有天然气", "没天然气", "没有燃气", "停了气"], ["做不了饭", "没法做饭", "打不着", "没气"]),
        Entry("gas", "leak", "漏气", ["漏气", "煤气味", "燃气味", "燃气泄漏", "煤气泄漏", "天然气味"], ["泄漏", "气味", "破损"]),
        Entry("gas", "bill", "燃气费", ["燃气费", "煤气费", "气费", "燃气账单", "估抄"], ["账单", "读数", "抄表"]),
        // Having the gas connected in a new home.
        Entry("gas", "connect", "开通燃气", ["开通天然气", "开通燃气", "燃气开户", "天然气开户", "通天然气"]),
        // 供暖.
        Entry("heating", "cold", "暖气不热", ["不热", "不达标", "冰凉", "暖气凉", "没暖气", "暖气停", "不供暖", "停暖", "暖气不暖",
                                               "温度不够", "室温低", "没热过", "温乎乎", "供暖不足"], ["室温", "温度", "冷"]),
        // The radiator named (`没暖气片`, `暖气片`) says the field, not that the heating is cold (`没暖气`).
        Entry("heating", "heating", "供暖", ["暖气片", "没暖气片", "没有暖气片"]),
        Entry("heating", "fee", "暖气费", ["暖气费", "供暖费", "采暖费", "取暖费"]),
        // A radiator or heating pipe leaking is the heating's matter (漏水 inside 暖气漏水 says nothing of its own).
        // In a text about heating, a leak (暖气片接口漏水) is the heating's.
        Entry("heating", "leak", "暖气漏水", ["暖气漏水", "暖气片漏水", "暖气管漏", "暖气管爆", "暖气管道破裂", "暖气跑水", "热力管", "供热管",
                                              "冒白汽", "冒蒸汽"], ["跑水", "漏水", "滴水", "崩了", "崩开"]),
        Entry("heating", "service", "报停开栓", ["报停", "开栓", "停供"]),
        // 噪音: by its source.
        Entry("noise", "construction", "施工噪音", ["打桩", "夜间施工", "半夜施工", "挖掘机", "机器声", "轰隆", "施工到凌晨", "夜里施工", "晚上施工",
                                                   "深夜施工", "通宵施工", "违规施工", "夜间作业", "电镐", "风镐", "凌晨施工",
                                                   "凌晨还在施工", "半夜还在施工", "深夜还在施工"],
              ["施工", "工地", "切割", "搅拌", "混凝土"]),
        Entry("noise", "renovation", "装修噪音", ["电钻", "敲墙", "砸墙"], ["装修"]),
        Entry("noise", "entertainment", "娱乐噪音", ["唱歌", "外放", "低音炮", "唱到", "音箱"], ["酒吧", "音乐", "放歌", "ktv", "卡拉ok"]),
        Entry("noise", "dance", "广场舞", ["广场舞"], ["跳舞"]),
        Entry("noise", "traffic", "交通噪音", ["鸣笛", "炸街"], ["摩托车"]),
        // Lorries unloaded at night (a market's, a warehouse's).
        Entry("noise", "loading", "夜间装卸", ["半夜卸货", "夜间卸货", "夜里卸货", "凌晨卸货", "夜间装卸", "半夜装卸", "装卸作业", "集装箱装卸"]),
        // 垃圾.
        Entry("garbage", "collection", "垃圾清运", ["清运", "没人收", "垃圾站", "垃圾桶满", "中转站", "收垃圾", "堆成山", "堆积如山", "垃圾成堆", "垃圾满地"],
              ["没人清", "溢出", "满了", "清理", "没清"]),
        Entry("garbage", "dumping", "倾倒垃圾", ["倾倒", "乱倒", "偷倒", "建筑垃圾"]),
        // 道路设施.
        // A hole that caved in is told as such wherever it is (路口中间塌了个坑, 这里塌了个洞).
        Entry("road", "pothole", "路面坑洞", ["大坑", "深坑", "坑洼", "塌陷", "路面破损", "坑洞", "窟窿", "凹陷", "路烂", "塌方", "塌坑", "塌的坑",
                                              "路面塌", "塌了个坑", "塌了1个坑", "塌了个洞", "塌了1个洞"], ["个坑", "的坑", "那坑", "有坑", "坑越来越", "个洞", "大洞",
                                                          // A road or pavement crushed by heavy trucks (水泥路被渣土车压坏了) is broken.
                                                          "压烂", "压坏"]),
        // Worn road markings are another matter than the road's surface.
        Entry("road", "markings", "交通标线", ["斑马线", "人行横道", "标线", "划线"]),
        Entry("road", "signal", "红绿灯", ["红绿灯", "信号灯", "交通灯", "黄闪", "闪黄灯"], ["红灯", "绿灯"]),
        Entry("road", "guardrail", "护栏", ["护栏", "栏杆"]),
        Entry("road", "sidewalk", "人行道", ["人行道", "盲道"]),
        Entry("road", "speed-bump", "减速带", ["减速带"]),
        // What fell from a lorry (碎石, 渣土) lies on the road: the road's cleaning, not its surface.
        // A load dropped all along a road (`渣土车漏得满路都是`): not the roof's leak (漏得) either word is in.
        Entry("road", "spill", "道路遗撒", ["遗撒", "抛洒", "撒落", "散落", "碎石", "撒漏", "洒漏", "撒了1路", "掉了1路", "泥浆", "撒泥", "漏泥", "撒满",
                                             "漏得满路", "撒得满路", "掉得满路", "洒得满路", "漏得1路", "撒得1路", "掉得1路", "洒得1路", "漏了1路",
                                             "1路洒", "1路撒", "1路漏", "1路掉",
                                             "油污", "漏油", "1滩油", "1大滩油", "1片油", "1大片油"]),
        // A bridge's joints (its deck, 桥面, is where other matters happen: ice, a pothole).
        Entry("road", "bridge", "桥梁设施", ["伸缩缝", "钢板翘", "铁板翘"]),
        // Crops laid out to dry on a road take the road.
        Entry("road", "drying", "占道晾晒", ["晾晒", "晒粮", "晒玉米", "晒麦", "晒谷", "晒满"]),
        // A slope frozen into a slide (`坡冻成冰滑梯了`) is ice on it, not a playground's slide.
        Entry("road", "snow", "积雪结冰", ["积雪", "结冰", "清雪", "除雪", "扫雪", "路滑", "全是冰", "都是冰", "压成冰", "雪堆", "层冰", "除冰", "冰面",
                                              "雪没扫", "雪没人扫", "雪没清", "雪没人清", "冰滑梯"]),
        // 排水.
        // 反水 is 返水 as often written; sewage backing up (倒灌) is the drain's in a text about drains.
        Entry("drain", "blocked", "下水道堵塞", ["下水道堵", "管道堵", "返水", "反水", "化粪池", "下水不通", "马桶堵", "冒污水", "冒脏水", "污水漫"],
              ["堵塞", "堵了", "堵住", "污水冒", "脏水", "倒灌"]),
        // Water coming in (`家里进水了`, `店里进水`) is flooding, whatever room it names.
        // 水浸 is flooding in Cantonese and in writing (路口水浸, 村里水浸了), and so are 浸晒水 and 入晒水 (all under water,
        // the water all in: 晒 for 全).
        // Water that rises over its edge into a place (`水都漫上来了`, `往里漫水`) floods it.
        Entry("drain", "flooding", "积水内涝", ["积水", "内涝", "水淹", "泡在水里", "进水", "淹了", "被淹", "淹到", "淹车", "1片汪洋", "成了河", "水漫",
                                                 "水浸", "浸晒水", "入晒水", "漫上来", "漫过来", "漫进来", "漫水"],
              ["淹"]),
        // 占道停车: vehicles, stalls, fees.
        Entry("parking", "vehicles", "乱停车", ["乱停", "僵尸车", "消防通道", "违停", "乱停乱放", "停在路口", "占用车道", "双排停", "并排停",
                                               "停在马路上", "没车牌", "无牌车", "长期停放", "废弃车",
                                               // Parked on the pavement or the blind path: a parking matter there, not the pavement's.
                                               "停盲道", "停在盲道", "盲道上停", "占用盲道", "占盲道", "停人行道", "停在人行道", "人行道上停",
                                               // Parked full (`消防通道天天停满私家车`, `门口停满三轮车`).
                                               "停满", "停得满"], ["私家车", "堵门", "挡住出口", "被占", "占着"]),
        // A shop that works on the pavement (a garage repairing cars outside) is its own matter beside stalls.
        Entry("parking", "shopfront", "店外经营", ["汽修店", "汽修厂", "修车店", "店外经营", "出店经营"]),
        // Tables, a grill or the goods set out on the pavement or the road (桌子摆到人行道上, 菜摊摆到马路上) are a business
        // on the road.
        Entry("parking", "vendors", "占道经营", ["摆摊", "占道经营", "摊贩", "卖菜", "流动摊", "小摊", "摆到人行道", "摆在人行道",
                                                 "摆到马路", "摆在马路", "摆到路上", "摆在路上"]),
        Entry("parking", "bikes", "共享单车", ["共享单车", "单车乱停", "单车堆"]),
        Entry("parking", "fee", "停车收费", ["停车费"], ["乱收费", "收费", "月租", "涨价"]),
        // 公交出行.
        // A bus that does not come (`等了1个钟头1辆没来`, `1趟没来`, `1直不来`: numerals are digits once normalized) is the
        // line's frequency; so are buses too full to board (`挤不上`, `车厢太挤`), which callers ask more runs for.
        // The last run is told as 末班 or as the last one (`最后一班`, `最晚一班`).
        Entry("bus", "frequency", "班次", ["班次", "末班", "最后1班", "最晚1班", "多开几班", "分钟1班", "发车间隔", "加车", "1辆没来", "1辆没有", "1辆都没",
                                          "1辆也没", "1趟没来", "1趟都没", "1趟也没", "路车没来", "公交没来", "公交车没来", "班车没来", "没进村", "没有进村", "不进村"], ["太少", "间隔", "1直不来", "半天不来", "挤不上", "太挤", "挤满", "满员", "坐不上"]),
        Entry("bus", "driver", "司机服务", ["司机", "甩站"], ["态度", "开车太猛", "骂", "不进站"]),
        Entry("bus", "stop", "站台", ["站台", "站牌", "候车亭"]),
        Entry("bus", "taxi", "出租车", ["出租车", "的士", "黑车", "网约车", "拒载", "绕路", "揽客"]),
        // The elderly's bus pass (老年卡: not the 年卡, a prepaid pass, inside it).
        Entry("bus", "elder-card", "老年卡", ["老年卡", "乘车卡", "老人卡", "敬老卡", "老年人免费乘车"]),
        // 房屋产权.
        // `不动产` alone is the field (不动产过户 is a transfer), not the certificate.
        Entry("housing", "certificate", "房产证", ["房产证", "不动产证", "不动产权证", "产权证"], ["办证"]),
        // The registry (不动产登记中心) is where every procedure is done, not the certificate.
        Entry("housing", "housing", "房屋产权", ["不动产登记中心", "不动产中心", "不动产登记"]),
        // One landlord's conduct towards a tenant (断水断电逼搬) is a dispute, not the estate's outage.
        Entry("housing", "rental", "租赁纠纷", ["房东", "出租屋", "租客", "租房合同"]),
        // 渗水 of a canal or a road is no house's: a qualifier.
        Entry("housing", "quality", "房屋质量", ["漏雨", "墙体开裂", "渗漏", "楼顶漏水", "屋顶漏水", "房顶漏水", "顶楼漏水", "天花板滴水", "往下滴水", "漏得", "楼上漏水", "卫生间漏水",
                                                "往屋里漏", "往家里漏", "屋顶漏", "房顶漏", "楼顶漏", "天棚漏"], ["开裂", "发霉", "质量", "裂缝", "渗水"]),
        // An air conditioner's condensate dripping on the flat below (楼上空调外机的冷凝水滴在我家雨棚上): a neighbours' matter
        // of its own, whatever the caller calls it later (空调滴水那个事).
        Entry("housing", "ac-drip", "空调滴水", ["冷凝水", "空调滴水", "空调水", "外机滴水"]),
        Entry("housing", "door-entry", "门禁", ["门禁", "单元门"]),
        Entry("housing", "facade", "外墙脱落", ["外墙", "瓷砖", "空鼓", "墙皮"], ["脱落", "掉下来", "往下掉"]),
        Entry("housing", "delivery", "交房", ["交房", "烂尾"]),
        Entry("housing", "transfer", "过户", ["过户"]),
        Entry("housing", "mortgage", "抵押", ["抵押"]),
        // The deed tax a first home's buyer may have paid back (`首套房契税补贴`).
        Entry("housing", "deed-tax", "契税补贴", ["契税补贴", "契税补助", "契税返还"]),
        Entry("housing", "repair-fund", "维修基金", ["维修基金", "维修资金"]),
        Entry("housing", "property-fee", "物业费", ["物业费"]),
        // Housing a city lets: the talent flats and public rental housing are two programmes.
        Entry("housing", "talent", "人才住房", ["人才公寓", "人才房", "人才住房"]),
        Entry("housing", "public-rental", "公租房", ["公租房", "廉租房", "保障房", "保障性住房"]),
        // 树木绿化.
        Entry("trees", "fallen", "树木倒伏", ["倒伏", "刮倒", "吹倒", "树倒", "倒树", "倒的树", "倒了1棵", "倒了棵", "树枝断", "枝子断", "树断",
                                                 "断树枝", "断枝", "倒了的树", "树让雪", "树被雪", "树让风", "树被风", "树压断", "连根倒",
                                                 "连根拔起"],
              // 压断 is a tree's only in a text about trees: a pipe, a drain cover or a wire is crushed too.
              ["倒下", "倾斜", "倒了", "刮断", "吹断", "折断", "压断"]),
        Entry("trees", "pruning", "修剪", ["修剪", "树枝"], ["砍树", "遮挡", "挡光"]),
        Entry("trees", "greenbelt", "绿化带", ["绿化带", "草坪", "毁绿", "绿地"], ["种菜"]),
        // 动物.
        Entry("animals", "dogs", "犬只", ["遛狗", "狗", "犬", "拴绳", "牵绳"]),
        Entry("animals", "cats", "猫", ["猫"]),
        Entry("animals", "pests", "虫鼠", ["老鼠", "蟑螂", "蚊虫", "蚊子"]),
        // 环境污染.
        // A coal yard's dust (`煤灰漫天`, `满院都是黑灰`, `煤面子刮得满院都是`).
        Entry("pollution", "dust", "扬尘", ["扬尘", "灰尘", "粉尘", "尘土", "灰大", "灰很大", "灰太大", "煤灰", "黑灰", "煤面子"]),
        // Burning in the open (rubbish, straw, coal in a yard) is told by what burns (有人在烧垃圾, 烧稻草, 燃烧散煤, 河边在烧
        // 东西) as often as by 焚烧; a stench (臭气熏天) is no restaurant's smoke, whatever 熏 says in it (the longer word
        // wins).
        // Straw is smoke when burnt (烧秸秆, 焚烧秸秆, 秸秆焚烧); straw alone is farming (秸秆还田补贴, 秸秆收储).
        Entry("pollution", "odour", "废气异味", ["废气", "刺鼻", "刺激性", "喷漆", "黑烟", "焚烧", "烧秸秆", "秸秆焚烧", "秆子", "烧荒", "烧垃圾",
                                                 "烧稻草", "烧散煤", "烧塑料", "烧电线", "烧东西", "有人在烧", "臭气熏天"]),
        Entry("pollution", "water", "水污染", ["偷排", "排到河里", "往河里", "往湖里", "死鱼", "死了好多鱼", "死了很多鱼", "鱼死了", "鱼都死了"]),
        // 油烟: the nuisance is the matter; the trade (烧烤, the catalogue's keyword) only says the field, so a grill's
        // smoke and the same grill's tables on the pavement are two matters.
        Entry("fumes", "smoke", "油烟", ["油烟", "排烟", "烟味", "熏"]),
        // 违章 in 违章搭建 is a building, not a traffic violation.
        Entry("construction", "construction", "违法建设", ["违章搭建", "违章建筑", "违章加建", "违建", "违法建筑", "违法建设", "私搭乱建", "加盖",
                                                               "加建", "搭房子"]),
        // Topics of one matter each, with words the catalogue lists as synonyms.
        Entry("toilet", "toilet", "公厕", ["公厕", "公共厕所", "厕所"]),
        // By the thing: a broken bench and a slide too few are two matters in one park.
        Entry("facilities", "bench", "座椅", ["长椅", "座椅"]),
        Entry("facilities", "fitness", "健身器材", ["健身器材", "健身器械"]),
        Entry("facilities", "playground", "游乐设施", ["滑梯", "秋千", "游乐设施"]),
        Entry("facilities", "pavilion", "凉亭", ["凉亭"]),
        // 消费维权: by what went wrong.
        Entry("consumer", "prepaid", "预付卡", ["预付卡", "会员卡", "年卡", "储值卡", "私教课"], ["充值", "充了", "余额"]),
        // A business that ran off with its customers' money (`健身房跑路了`); an employer that ran off owing wages is the
        // wage matter (`runaway`).
        Entry("consumer", "prepaid", "预付卡", runawayWords),
        Entry("consumer", "food", "食品安全", ["过期", "变质", "三无", "无生产日期", "无厂名", "上吐下泻", "腹泻", "拉肚子", "食物中毒"]),
        Entry("consumer", "price", "价格", ["价格欺诈", "标价", "多收钱", "短秤", "缺斤少两", "缺斤短两", "少秤", "鬼秤", "短斤少两", "作弊秤", "秤有问题", "秤有鬼", "秤不准", "秤不对", "遥控秤", "作弊电子秤", "电子秤作弊"], ["价签", "结账"]),
        Entry("consumer", "consumer", "消费维权", ["退钱"]),
        // A training school's fees or licence and a gym's closure are two matters.
        Entry("consumer", "training", "培训机构", ["培训机构", "培训班", "辅导班", "办学许可"]),
        // 市场主体登记: a business's licence, by procedure (变更, 注销: `procedures`).
        // Where the business trades is its licence's (`经营场所变更`).
        Entry("business", "licence", "营业执照", ["营业执照", "工商登记", "经营场所", "经营地址"]),
        // The food business licence is another office's procedure beside the business licence.
        Entry("business", "food-licence", "食品经营许可", ["食品经营许可", "食品许可证"]),
        // 文化市场.
        Entry("culture", "internet-cafe", "网吧", ["网吧", "网咖"], ["未成年人"]),
        // 黑灯瞎火 (pitch dark) says no light, not which: a streetlight's only in a text about streetlights, a power cut's
        // only in one about power.
        Entry("streetlight", "streetlight", "路灯", [], ["黑灯瞎火"]),
        // 安全隐患.
        Entry("safety", "fireworks", "烟花爆竹", ["烟花爆竹", "烟花", "鞭炮", "卖炮", "炮仗"]),
        Entry("elevator", "elevator", "电梯", ["困人", "扶梯", "直梯", "升降梯"]),
        // A sign or billboard coming down, and a fire burning (not 火灾隐患, a risk of one), are hazards of their own.
        // A sign blown down (`站牌被风刮倒`): the words say what fell, and the longer word keeps its 刮倒 from naming a
        // fallen tree.
        Entry("safety", "signboard", "广告牌", ["广告牌", "招牌", "灯箱", "路牌", "广告架", "牌被风刮倒", "牌被风吹倒", "牌被大风刮倒", "牌被大风吹倒",
                                                "牌被刮倒", "牌被吹倒"]),
        // Things thrown or falling from a building onto people below.
        Entry("safety", "throwing", "高空抛物", ["高空抛物", "高空坠物", "往楼下扔", "往下扔", "往下丢", "楼上扔", "楼上丢", "楼上掉下", "扔下来"]),
        // A farmer's subsidies (耕地地力保护补贴, 种粮补贴), by the programme.
        Entry("agriculture", "subsidy", "惠农补贴", ["地力补贴", "地力保护补贴", "耕地补贴", "种粮补贴", "惠农补贴"]),
        // Buying a machine (`农机购置补贴`, `插秧机补贴`) is a programme of its own beside the grain and land subsidies.
        // A fishing boat's fuel subsidy (`柴油补贴`, `渔船油补`, `燃油补助`).
        Entry("agriculture", "fuel", "渔船燃油补贴", ["柴油补贴", "油补", "燃油补助", "燃油补贴"]),
        Entry("agriculture", "machinery", "农机购置补贴", ["农机购置补贴", "农机补贴", "购机补贴", "插秧机补贴", "农机购置"]),
        // Icicles hanging over a path, and a crowd pressing at a gate.
        Entry("safety", "icicle", "冰溜子", ["冰溜子", "冰挂", "冰柱", "冰凌", "冰锥"]),
        Entry("safety", "crowd", "人群拥挤", ["拥挤", "挤倒", "踩踏", "人太多", "太挤", "人挤人", "维持秩序"]),
        Entry("safety", "drowning", "溺水隐患", ["溺水", "野泳", "河里游泳", "下河游泳", "湖里游泳", "江里游泳", "水库游泳", "下河玩水"]),
        Entry("safety", "fire", "火情", ["着火", "起火", "失火", "火势", "烧起来", "燃起来", "引燃"]),
        // 自然灾害: a slope that slid onto a road and a river over its banks are the emergency office's, not a pothole's
        // or a drain's. Citizens say 塌方 of both a slide and a road that caved in: it names both matters.
        // Earth or stones coming down from the hill above (山上塌下来一堆土, 山上掉了好多石头, 后面山垮了) are a slide.
        Entry("disaster", "landslide", "山体滑坡", ["塌方", "滑坡", "落石", "山体", "泥石流", "泥石", "边坡", "路垮", "掉石头", "滚石", "石头滚",
                                                    "山上塌", "山上掉", "山上的土", "山垮"]),
        // A retaining wall (堡坎, 挡土墙) cracking or giving way is a structure's matter of its own: beside a slide elsewhere in
        // the village (a rockfall on the road out of it) it is another.
        Entry("disaster", "wall", "堡坎挡墙", ["堡坎", "挡土墙", "挡墙"]),
        Entry("disaster", "flood", "洪涝", ["洪水", "山洪", "冲断", "冲垮", "冲毁", "漫堤", "漫过河堤", "水位暴涨", "河水暴涨", "河水漫", "决堤"]),
        // An irrigation canal leaking or breaking (a water office's matter, not the tap water's). The canal itself is
        // a place (rubbish in it, a railing missing along it are other matters there).
        Entry("irrigation", "canal", "水渠渗漏", ["渠渗水", "渠漏水", "渠道漏", "渠水漫", "渠决口", "渠堤垮", "渠垮"]),
        // A drain's cover gone is told by the cover (下水道盖子被偷了) or by the well left without it (下水井没有盖子).
        Entry("manhole", "manhole", "井盖", ["没盖的井", "井口敞", "井盖", "窨井", "篦子", "箅子", "下水道盖子", "井没有盖子", "井没盖子"]),
    ]

    /// What a consultation asks to do (补办, 激活, 续签, ...): two consultations about one card or permit that ask
    /// for different procedures are different matters (社保卡补办 / 社保卡激活).
    static let procedures: [(word: String, procedure: String)] = [
        ("补办", "replace"), ("挂失", "replace"), ("补领", "replace"), ("补卡", "replace"), ("丢了", "replace"), ("丢失", "replace"),
        ("遗失", "replace"), ("换卡", "replace"), ("激活", "activate"), ("申领", "apply"), ("申请", "apply"), ("新办", "apply"), ("首次办理", "apply"),
        ("续签", "renew"), ("换证", "renew"), ("换领", "renew"), ("到期", "renew"), ("过期", "renew"), ("延期", "renew"),
        ("变更", "change"), ("修改", "change"), ("更改", "change"), ("注销", "cancel"), ("停保", "cancel"), ("查询", "query"),
        ("余额", "query"), ("提取", "withdraw"), ("转移", "transfer"), ("转入", "transfer"), ("转出", "transfer"),
        ("缴费", "pay"), ("交费", "pay"), ("缴纳", "pay"), ("报销", "reimburse"),
        // A card's forgotten password is set anew at a counter: not replacing the card (社保卡密码忘了 / 芯片坏了要换卡).
        ("密码", "reset"),
        // Certifying each year that one still draws a pension, and the yearly raise of it, are two questions.
        ("认证", "certify"), ("调整", "adjust"), ("上调", "adjust"),
        // Registering a household somewhere (moving it there, or a newborn's first entry) is not replacing its booklet.
        ("落户", "settle"), ("迁到", "settle"), ("迁入", "settle"), ("迁出", "settle"), ("迁移", "settle"), ("户口迁", "settle"),
        // A house changes hands by sale (二手房 is `2手房` once normalized), inheritance or gift: three procedures of one
        // registry.
        ("2手房", "sale"), ("买卖", "sale"), ("继承", "inherit"), ("遗产", "inherit"), ("赠与", "gift"), ("赠予", "gift"),
        // What the caller may get for himself: compensation for what he loses, his money back.
        ("补偿", "compensate"), ("退款", "refund"), ("退费", "refund"), ("退钱", "refund"), ("能退", "refund"),
    ]

    /// Words that hold a matter's word and name no matter: who the caller is (`我是退休的`, `退休职工`: a retiree, not a
    /// question on the pension; `我是出租车司机`: a cab driver who reports the ice at the station, not a
    /// cab's fare), or how he goes (`骑电瓶车差点摔了`: riding an e-bike, not charging one). The longest word wins, so
    /// the word inside names nothing either.
    static let sayNothing = ["我是退休", "退休的", "退休了", "退休人员", "退休职工", "退休工人", "退休教师", "退休干部", "退休老人",
                             "我是出租车司机", "骑电瓶车", "骑着电瓶车", "骑电动自行车", "骑着电动自行车",
                             // A cab driver says so by his work as often (`我开出租车的`, `开的士的`, `跑网约车的`).
                             "开出租车的", "我开出租车", "我是开出租", "开的士的", "我开的士", "开网约车的", "跑网约车的", "我跑网约车"]
        + talentFlatBuildings
    /// 人才公寓 followed by one of its buildings (`人才公寓A栋`, `人才公寓3号楼`) is where the caller lives or something
    /// happens, not the talent housing programme (`人才公寓怎么申请`): two residents' matters there share no programme.
    static let talentFlatBuildings: [String] = (["a", "b", "c", "d", "e", "f"] + (1...20).map(String.init)).flatMap { mark in
        ["栋", "座", "幢", "号楼"].map { "人才公寓" + mark + $0 }
    }

    /// What one text says about its matter.
    public struct Reading: Sendable, Equatable {
        public var topics: Set<MatterTopic> = []
        /// `topic.sub` ids; a topic without sub-matters contributes its own id.
        public var subMatters: Set<String> = []
        /// The topic named first: what the report is mainly about.
        public var primaryTopic: String?
        /// `procedures` named.
        public var procedures: Set<String> = []
        /// `trades` named: the kinds of business a nuisance comes from.
        public var trades: Set<String> = []
        /// The sub-matter named first: what the report is mainly about (`water.burst` in 爆管了，车库也淹了).
        public var primarySubMatter: String?
    }

    /// One automaton over the catalogue's dedup keywords and every entry's words and qualifiers.
    enum Hit { case topic(Int), word(Int), qualifier(Int), procedure(Int), pastBefore, pastAfter, trade(Int), nothing, door }
    static let table: (automaton: KeywordAutomaton, hits: [Hit], lengths: [Int]) = {
        var words: [String] = []
        var hits: [Hit] = []
        // (The catalogue's consumer keywords hold the runaway words: their entry names the topic, or with wages owed not.)
        for (i, topic) in MatterTopic.all.enumerated() {
            for k in topic.keywords where !(topic.id == entries[runaway].topic && runawayWords.contains(k)) { words.append(k); hits.append(.topic(i)) }
        }
        for (i, e) in entries.enumerated() {
            for w in e.words { words.append(w); hits.append(.word(i)) }
            for q in e.qualifiers { words.append(q); hits.append(.qualifier(i)) }
        }
        for (i, p) in procedures.enumerated() { words.append(p.word); hits.append(.procedure(i)) }
        for w in pastBefore { words.append(w); hits.append(.pastBefore) }
        for w in pastAfter { words.append(w); hits.append(.pastAfter) }
        for (i, t) in trades.enumerated() { words.append(t.word); hits.append(.trade(i)) }
        for w in sayNothing { words.append(w); hits.append(.nothing) }
        for w in doorWords { words.append(w); hits.append(.door) }
        // In the automaton's folded scalars (no whitespace).
        let lengths = words.map { $0.unicodeScalars.filter { !$0.properties.isWhitespace }.count }
        return (KeywordAutomaton(words), hits, lengths)
    }()
    static let topicIndex: [String: Int] = Dictionary(MatterTopic.all.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    /// Whether a sub-matter id names a sub-matter proper (`water.burst`), not a topic of one matter (`elevator.elevator`).
    /// (Asked for every sub-matter of both reports a decision compares, so the lexicon's ids, which are ASCII, are
    /// read as bytes; any other string by characters, with the same answer.)
    public static func isProper(_ subMatter: String) -> Bool {
        if let ascii = subMatter.utf8.withContiguousStorageIfAvailable({ properASCII($0) }), let answer = ascii { return answer }
        guard let dot = subMatter.firstIndex(of: ".") else { return false }
        return subMatter[..<dot] != subMatter[subMatter.index(after: dot)...]
    }

    /// `isProper` of an id's bytes, nil when the id is not ASCII. (Read in place: the views' parts compared as
    /// `Substring.UTF8View`s, element by element, cost some 1,200 instructions an id, and a hot incident's decision asks
    /// some eighty.)
    @inline(__always)
    static func properASCII<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Bool? where Bytes.Index == Int {
        guard let dot = firstDotASCII(b) else { return nil }
        guard dot < b.endIndex else { return false }
        return !sameBytes(b, b.startIndex, dot, dot + 1, b.endIndex)
    }

    /// Where an ASCII id's first dot is (its end when it has none); nil when a byte is not ASCII (a dot there may be part
    /// of a larger character: such an id is read by characters).
    @inline(__always)
    static func firstDotASCII<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Int? where Bytes.Index == Int {
        var dot = b.endIndex
        for i in b.indices {
            let c = b[i]
            if c >= 0x80 { return nil }
            if c == 0x2E && dot == b.endIndex { dot = i }
        }
        return dot
    }

    /// Whether `b[i..<j]` and `b[k..<l]` are the same bytes.
    @inline(__always)
    static func sameBytes<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, _ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Bool
        where Bytes.Index == Int {
        guard j - i == l - k else { return false }
        var (x, y) = (i, k)
        while x < j {
            if b[x] != b[y] { return false }
            x += 1
            y += 1
        }
        return true
    }

    /// Sub-matters whose words also say where something else happens (`人行道下水管破裂`, a tree across the pavement,
    /// ice, stalls, cars on the pavement): a report is mainly about them only when it names no other sub-matter.
    public static let placeLike: Set<String> = ["road.sidewalk"]

    /// Sub-matters that are faces of one happening, so that callers of one incident name them by what they see: a
    /// main bursts, the estate has no water, the street floods, in winter it freezes over; a river over its banks
    /// floods the streets; a cut cable darkens flats and streetlights; a storm breaks branches and fells trees; a
    /// drain blocks and the street floods. Two reports naming first different sub-matters of one family can be one
    /// incident; of different families (a bill beside an outage, a sign beside rubbish) they are two.
    static let families: [[String]] = [
        ["water.burst", "water.outage", "water.water", "drain.flooding", "road.snow"],
        ["disaster.flood", "drain.flooding"],
        ["drain.blocked", "drain.flooding"],
        ["power.outage", "power.wires", "streetlight.streetlight"],
        ["trees.fallen", "trees.pruning"],
        ["disaster.landslide", "road.pothole"],
        ["heating.leak", "heating.cold"],
        // A heating pipe that bursts floods the stairwell and the yard as a water main does (暖气管爆了 / 漏水漫到院里).
        ["heating.leak", "water.burst", "drain.flooding"],
        // Water coming into a home from above is told by where the caller thinks it comes from: the roof (楼顶漏水,
        // 天花板滴水), the pipe of the flat above (楼上水管破裂), its radiator (楼上家暖气漏水).
        ["housing.quality", "water.burst", "heating.leak"],
        ["gas.leak", "safety.fire"],
        // An e-bike that caught fire on its charger in a stairwell: callers name the fire (楼道里烧起来了) or what burned
        // (电动车充电冒烟起火, 电瓶车着火了, 天天有人拉线充电).
        ["power.ebike-charging", "safety.fire"],
    ]
    static let familyOf: [String: [Int]] = {
        var m: [String: [Int]] = [:]
        for (k, f) in families.enumerated() { for sub in f { m[sub, default: []].append(k) } }
        return m
    }()

    /// Whether two sub-matters are one or faces of one happening (`families`).
    public static func oneFamily(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = familyOf[a], let y = familyOf[b] else { return false }
        return x.contains(where: y.contains)
    }

    /// Words that make a matter named right after them (`上回停电`) or a few characters before them (`停电修完以后`,
    /// `停水过后`) the time of what the report is about, not its matter: `上回停电修完以后，电表走得飞快` is about the
    /// meter.
    static let pastBefore = ["上回", "上次", "自从", "已经拿到", "已拿到", "已经办好", "已经办了"]
    static let pastAfter = ["以后", "之后", "过后"]
    /// The door of a thing named right before it (`食堂门口`, `网吧门前`): where something happens, which the report is
    /// mainly about only when it names nothing else.
    static let doorWords = ["门口", "门前"]
    /// How many characters may stand between a matter and `pastAfter` (`停电修完了以后`).
    static let pastGap = 3

    /// Procedures of one person (a card replaced, a benefit, a certificate, a tax return, a child's school place):
    /// a question about them is the caller's own, whatever office it names.
    static let procedureTopics: Set<String> = ["social", "documents", "tax", "civil", "business", "agriculture"]
    static let procedureSubMatters: Set<String> = ["school.admission", "school.transfer", "school.status", "housing.certificate",
                                                   "housing.housing", "housing.transfer", "housing.mortgage", "housing.talent",
                                                   "housing.public-rental", "health.vaccine", "health.appointment", "health.health-cert", "wages.leave"]
    public static func isProcedure(_ subMatter: String) -> Bool {
        if procedureSubMatters.contains(subMatter) { return true }
        if let ascii = subMatter.utf8.withContiguousStorageIfAvailable({ procedureTopicASCII($0) }), let answer = ascii { return answer }
        return procedureTopics.contains(String(subMatter.prefix { $0 != "." }))
    }

    /// Whether an ASCII id's topic (its bytes before the first dot, all of it without one) is one of
    /// `procedureTopics`, read in place; nil when the id is not ASCII.
    @inline(__always)
    static func procedureTopicASCII<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Bool? where Bytes.Index == Int {
        guard let dot = firstDotASCII(b) else { return nil }
        return procedureTopicBytes.contains { t in
            guard t.count == dot - b.startIndex else { return false }
            var i = b.startIndex
            for c in t {
                if b[i] != c { return false }
                i += 1
            }
            return true
        }
    }
    static let procedureTopicBytes: [[UInt8]] = procedureTopics.map { Array($0.utf8) }

    /// The kinds of business a nuisance comes from (match-normalized: lower case): two reports of smoke or noise
    /// naming different kinds (a grill / a hotpot restaurant, a KTV / a mahjong parlour) are about two sources. Words
    /// of any eatery (饭店, 餐馆) name no kind.
    static let trades: [(word: String, trade: String)] = [
        ("烧烤", "grill"), ("烤串", "grill"), ("撸串", "grill"), ("烤肉", "grill"), ("烤鱼", "grill"),
        ("火锅", "hotpot"), ("串串", "hotpot"), ("冒菜", "hotpot"), ("小龙虾", "crayfish"),
        ("ktv", "ktv"), ("卡拉ok", "ktv"), ("歌厅", "ktv"), ("练歌房", "ktv"), ("酒吧", "bar"), ("清吧", "bar"),
        ("麻将", "mahjong"), ("棋牌", "mahjong"), ("干洗", "laundry"), ("洗衣店", "laundry"), ("面包房", "bakery"), ("烘焙", "bakery"),
    ]

    /// Sub-matters about one vehicle's or one person's conduct (a cab that refused a fare, a bus driver): another
    /// caller at the same place is about another cab or another trip, never one incident.
    public static let conduct: Set<String> = ["bus.taxi", "bus.driver", "housing.rental"]

    /// Topics that have sub-matters of their own (a bare keyword of these says the topic, not which sub-matter).
    /// Words of a business's owner gone with the money (`跑路`, `人去楼空`, `卷款`): of a prepaid card's shop, unless the
    /// text names wages owed (`厂老板跑路 欠两个月工资`), which is what the workers left behind call about.
    static let runawayWords = ["跑路", "人去楼空", "卷款", "卷钱"]
    static let runaway = entries.firstIndex { $0.words == runawayWords }!
    static let wageArrears = entries.firstIndex { $0.topic == "wages" && $0.sub == "arrears" }!

    static let topicsWithSubs: Set<String> = Set(entries.filter { $0.sub != $0.topic }.map(\.topic))
    static let labels: [String: String] = Dictionary(entries.map { ($0.topic + "." + $0.sub, $0.label) }, uniquingKeysWith: { a, _ in a })

    /// The label of a sub-matter id, for reasons.
    public static func label(_ subMatter: String) -> String {
        if let l = labels[subMatter] { return l }
        let topic = subMatter.split(separator: ".").first.map(String.init) ?? subMatter
        return MatterTopic.byID(topic)?.label ?? subMatter
    }

    /// The topic ids the catalogue's topics and the entries name, each once: a text's topics are read as their places
    /// here, and what each entry and topic id gives (its sub-matter id, whether proper…) is looked up, not built from
    /// strings for every report.
    struct TopicTable {
        let topics: [String]
        /// Of each topic id: the catalogue's topic of that id (`topicIndex`), whether it has sub-matters, its own
        /// sub-matter id (`t.t`).
        let catalogueTopic: [Int?], hasSubs: [Bool], ownSub: [String]
        /// Of each entry: its topic's place, its sub-matter id, whether that is proper, whether it says where
        /// (`placeLike`), whether it names its topic only (an entry named after its topic, of a topic with sub-matters).
        let entryTopic: [Int], entrySub: [String], entryProper: [Bool], entryPlaceLike: [Bool], entryTopicOnly: [Bool]
        /// Of each catalogue topic (`MatterTopic.all`): its id's place.
        let catalogueName: [Int]

        init() {
            var topics: [String] = [], place: [String: Int] = [:]
            func intern(_ id: String) -> Int {
                if let k = place[id] { return k }
                topics.append(id)
                place[id] = topics.count - 1
                return topics.count - 1
            }
            let entries = MatterLexicon.entries, withSubs = MatterLexicon.topicsWithSubs
            catalogueName = MatterTopic.all.map { intern($0.id) }
            entryTopic = entries.map { intern($0.topic) }
            self.topics = topics
            catalogueTopic = topics.map { MatterLexicon.topicIndex[$0] }
            hasSubs = topics.map(withSubs.contains)
            ownSub = topics.map { $0 + "." + $0 }
            entrySub = entries.map { $0.topic + "." + $0.sub }
            entryProper = entrySub.map(MatterLexicon.isProper)
            entryPlaceLike = entrySub.map(MatterLexicon.placeLike.contains)
            entryTopicOnly = entries.map { $0.sub == $0.topic && withSubs.contains($0.topic) }
        }
    }
    static let topicTable = TopicTable()

    /// Reads topics and sub-matters of `MatchText.normalize`d text, in one pass.
    public static func read(normalized text: String) -> Reading {
        let names = topicTable
        var present = [Bool](repeating: false, count: names.topics.count)
        var words: Set<Int> = [], qualifiers: Set<Int> = []
        var first: (offset: Int, topic: Int)?
        var named: Set<String> = []
        var firstEnd: [Int: Int] = [:], pastEnd: [Int: Int] = [:]
        let (automaton, hits, lengths) = table
        var found: [(start: Int, end: Int, id: Int)] = []
        var pastBeforeEnds: Set<Int> = [], pastAfterStarts: Set<Int> = [], doorStarts: Set<Int> = []
        // Entries named only right before a door (`食堂门口`), and those named elsewhere too.
        var atDoor: Set<Int> = [], awayFromDoor: Set<Int> = []
        var namedTrades: Set<String> = []
        automaton.scan(text, limit: .max) { id, end in
            switch hits[id] {
            case .procedure(let p): named.insert(procedures[p].procedure)
            case .pastBefore: pastBeforeEnds.insert(end)
            case .pastAfter: pastAfterStarts.insert(end - lengths[id])
            case .door: doorStarts.insert(end - lengths[id])
            case .trade(let t): namedTrades.insert(trades[t].trade)
            default: found.append((end - lengths[id], end, id))
            }
        }
        // A word naming the time of the matter (`上回停电`, `停电修完以后`): a constant number of lookups.
        func past(_ start: Int, _ end: Int) -> Bool {
            pastBeforeEnds.contains(start) || (0...pastGap).contains { pastAfterStarts.contains(end + $0) }
        }
        func note(_ e: Int, _ start: Int, _ end: Int) {
            if past(start, end) { pastEnd[e] = min(pastEnd[e] ?? end, end) } else { firstEnd[e] = min(firstEnd[e] ?? end, end) }
        }
        // The longest word wins: a word inside a longer one names nothing of its own (违章 in 违章搭建, 户籍 in 户籍地,
        // 来水 in 自来水). Sorted by start, longest first, a word is inside another when an earlier-starting one ends at
        // or after its end, or one starting with it ends later.
        found.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        let wagesOwed = found.contains {
            switch hits[$0.id] {
            case .word(let e), .qualifier(let e): return e == wageArrears
            default: return false
            }
        }
        var maxEndBefore = -1, groupStart = -1, groupEnd = -1
        for (start, end, id) in found {
            if start != groupStart { maxEndBefore = max(maxEndBefore, groupEnd); groupStart = start; groupEnd = end }
            if maxEndBefore >= end || groupEnd > end { continue }
            if wagesOwed, case .word(let e) = hits[id], e == runaway { continue }
            let topic: Int
            switch hits[id] {
            case .topic(let t): topic = names.catalogueName[t]
            case .word(let e):
                topic = names.entryTopic[e]
                words.insert(e)
                note(e, start, end)
                if doorStarts.contains(end) { atDoor.insert(e) } else { awayFromDoor.insert(e) }
            case .qualifier(let e):
                qualifiers.insert(e)
                note(e, start, end)
                continue
            case .procedure, .pastBefore, .pastAfter, .trade, .nothing, .door: continue
            }
            present[topic] = true
            if first == nil || end < first!.offset { first = (end, topic) }
        }
        var r = Reading()
        for t in present.indices where present[t] {
            if let c = names.catalogueTopic[t] { r.topics.insert(MatterTopic.all[c]) }
        }
        var primary: (offset: Int, sub: String)?, wherePrimary: (offset: Int, sub: String)?
        for e in words.union(qualifiers.filter { present[names.entryTopic[$0]] }) {
            // An entry named after its topic, of a topic with sub-matters (`个税`), names the topic, not a matter of it.
            if names.entryTopicOnly[e] { continue }
            let sub = names.entrySub[e]
            r.subMatters.insert(sub)
            guard names.entryProper[e], let at = firstEnd[e] ?? pastEnd[e] else { continue }
            // Where a thing happened (`人行道上`, `盲道上`), or when (`上回停电以后`), is what the report is about only
            // when it names nothing else.
            // So is a thing whose door is where something else happens (`社区食堂门口停满三轮车`), when the report names
            // that thing nowhere else.
            if names.entryPlaceLike[e] || firstEnd[e] == nil || (atDoor.contains(e) && !awayFromDoor.contains(e)) {
                if wherePrimary.map({ at < $0.offset || (at == $0.offset && sub < $0.sub) }) ?? true { wherePrimary = (at, sub) }
                continue
            }
            if primary.map({ at < $0.offset || (at == $0.offset && sub < $0.sub) }) ?? true { primary = (at, sub) }
        }
        r.primarySubMatter = (primary ?? wherePrimary)?.sub
        for t in present.indices where present[t] && !names.hasSubs[t] { r.subMatters.insert(names.ownSub[t]) }
        r.primaryTopic = first.map { names.topics[$0.topic] }
        r.procedures = named
        r.trades = namedTrades
        return r
    }
}
