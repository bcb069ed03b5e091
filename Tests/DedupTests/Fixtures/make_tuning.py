#!/usr/bin/env python3
"""Writes tuning.jsonl: a second labelled set the dedup rules are tuned on (deterministic; run to regenerate).

Written for issue 11 from the issue's list of hard cases, not from the held-out set (heldout.jsonl was not read):
  - the same caller on another matter of the same field (社保卡补办 / 社保缴费基数 / 养老金领取; a pothole outside
    home / one on the road to work; a water bill / a burst pipe in one estate; 电费 / 停电; 燃气费 / 漏气);
  - the same place with another problem (a broken bench / an overflowing bin / square-dance noise in one park);
  - the same problem at a neighbouring building, unit or crossing (8栋 / 10栋; 人民路解放路口 / 人民路建设路口);
  - repeats in other words (停电了 / 没电 / 跳闸了), repeats with an empty address that name the place in the text,
    angry and short repeats (怎么还没处理 / 又打来问);
  - incidents with 2 to 4 callers, some of whom call twice (the second call is a repeat AND a cluster member).
Same format as eval.jsonl (see make_eval.py): id, channel, at (minutes), identities, text, requestType, optional
address and lat/lng/crs (WGS-84 here), label {repeatOf, cluster}, kind. The city is fictional (districts shaped like
Chengdu's). Labels follow the issue: a different building, unit, door or crossing is another matter/incident.
"""
import json, math

H = 60
D = 24 * 60

# name -> (address, lat, lng) in WGS-84
PLACES = {
    "xingfu": ("成华区建设路88号幸福小区", 30.67000, 104.10000),
    "xingfu8": ("成华区建设路88号幸福小区8栋", 30.67030, 104.10000),
    "xingfu10": ("成华区建设路88号幸福小区10栋", 30.67060, 104.10010),
    "xingfu3": ("成华区幸福小区3号楼", 30.66980, 104.10040),
    "renmingongyuan": ("青羊区人民公园", 30.65800, 104.05500),
    "jinhua": ("锦江区锦华苑", 30.64500, 104.09000),
    "jinhua5": ("锦江区锦华苑5栋", 30.64520, 104.09010),
    "jinsha": ("金牛区金沙花园", 30.69000, 104.04000),
    "renmin-jiefang": ("青羊区人民路与解放路交叉口", 30.66000, 104.06000),
    "renmin-jianshe": ("青羊区人民路建设路口", 30.66300, 104.06000),
    "hongxing": ("锦江区红星路35号", 30.65600, 104.08100),
    "donghu": ("锦江区东湖广场", 30.62000, 104.10000),
    "cuihu": ("武侯区翠湖家园", 30.63000, 104.04000),
    "shuangqiao": ("成华区双桥子菜市场", 30.64800, 104.11000),
    "wenhua": ("青羊区文化路", 30.66500, 104.05000),
    "wangjiang": ("武侯区望江路", 30.63500, 104.08500),
    "guixi": ("高新区桂溪社区", 30.60000, 104.07000),
    "chunxi": ("锦江区春熙路步行街", 30.65500, 104.08000),
    "hongxing-dongfeng": ("锦江区红星路与东风路交叉口", 30.65900, 104.08200),
}

lines = []


def add(id, ch, at, caller, text, rtype="complaint", place=None, coords=True, address=None, repeatOf=None,
        cluster=None, kind=""):
    rec = {"id": id, "channel": ch, "at": at}
    rec.update(caller)
    rec["text"] = text
    rec["requestType"] = rtype
    if place:
        addr, lat, lng = PLACES[place]
        rec["address"] = address or addr
        if coords:
            rec["lat"] = round(lat, 6)
            rec["lng"] = round(lng, 6)
            rec["crs"] = "wgs84"
    elif address:
        rec["address"] = address
    rec["label"] = {"repeatOf": repeatOf, "cluster": cluster}
    rec["kind"] = kind
    lines.append(rec)


def P(n): return {"phone": "139%08d" % n}
def O(n, phone=None):
    d = {"openId": "oTn%020d" % n}
    if phone: d["phone"] = "139%08d" % phone
    return d
def E(n): return {"email": "resident%03d@example.org" % n}


NEW = "same caller, new matter"
REP = "repeat"
PLACE = "same place, different matter"
NEIGH = "neighbouring building or crossing"
WORDS = "repeat in other words"
NOADDR = "repeat without address"
ANGRY = "angry short repeat"
INC = "incident"

# ---- S. The same caller, another matter of the same field (and the real repeats among them) ----
add("s01-a", "phone", 0, P(1), "你好，我社保卡丢了，想问一下补办要带什么材料，去哪里办？", "consultation", kind="original")
add("s01-b", "sms", 2 * D, P(1), "请问社保缴费基数今年怎么调整？我是灵活就业人员，按多少交？", "consultation", kind=NEW)
add("s01-c", "web", 4 * D, P(1), "咨询一下养老金领取需要办理什么手续？我明年到退休年龄。", "consultation", kind=NEW)
add("s01-d", "phone", 6 * D, P(1), "嗯，社保卡补办的事我上周问过，补办下来要多久才能拿到新卡？", "consultation",
    repeatOf="s01-a", kind=REP)
add("s02-a", "phone", 30, P(2), "请问公积金怎么提取？租房可以提吗？", "consultation", kind="original")
add("s02-b", "web", 1 * D, P(2), "咨询公积金贷款买二手房的额度怎么算？", "consultation", kind=NEW)
add("s02-c", "sms", 3 * D, P(2), "租房提取公积金每个月能提多少？上次电话里没说清楚。", "consultation", repeatOf="s02-a", kind=REP)
add("s03-a", "email", 50, E(3), "您好，我在外省住院，请问异地就医的住院费用回来后怎么报销？需要哪些单据？", "consultation",
    kind="original")
add("s03-b", "email", 2 * D, E(3), "请问医保关系从外省转入本市怎么办理？转移接续要多久？", "consultation", kind=NEW)
add("s04-a", "phone", 70, P(4), "孩子出生了，户口要迁入我们家，需要准备什么材料？", "consultation", kind="original")
add("s04-b", "miniprogram", 1 * D + 100, O(4, 4), "身份证丢了怎么补办？可以在外地补领吗？", "consultation", kind=NEW)
add("s04-c", "phone", 5 * D, P(4), "又打来问，孩子落户口的材料我准备好了，到底去哪个派出所办？", "consultation",
    repeatOf="s04-a", kind=ANGRY)
add("s05-a", "web", 12 * H, P(5), "小区门口路面有个大坑，下雨就积水，电动车在这里摔了好几次。", "help", place="xingfu",
    kind="original")
add("s05-b", "phone", 1 * D + 12 * H, P(5), "嗯，我每天上班走的望江路上，靠近川大那段有个深坑，车开过去很危险。", "help",
    kind=NEW)
add("s05-c", "sms", 4 * D + 12 * H, P(5), "幸福小区门口那个大坑还没补，昨天又有人摔了。", "help", repeatOf="s05-a", kind=NOADDR)
add("s05-d", "sms", 6 * D + 12 * H, P(5), "望江路那个坑怎么还没处理！", "help", repeatOf="s05-b", kind=ANGRY)
add("s06-a", "phone", 1 * D, P(6), "我是锦华苑的，我家这个月水费三百多，平时才五十，是不是水表有问题？", "complaint", kind="original")
add("s06-b", "phone", 3 * D, P(6), "锦华苑5栋楼下水管爆了，水一直往外冒，路都淹了，快来人。", "help", cluster="i-jinhua-pipe",
    kind=NEW)
add("s06-c", "sms", 4 * D, P(6), "我家水费的事还没人联系我，水表到底要不要换？", "complaint", repeatOf="s06-a", kind=REP)
add("s07-a", "web", 5 * H, P(7), "金沙花园我家电费一个月突然涨了一倍，怀疑电表有问题，请供电公司核查。", "complaint",
    place="jinsha", kind="original")
add("s07-b", "phone", 1 * D + 5 * H, P(7), "金沙花园停电了，从早上到现在都没电，也没有通知。", "help", kind=NEW)
add("s07-c", "phone", 1 * D + 8 * H, P(7), "还是没电！是跳闸了还是怎么回事？冰箱里的东西都要坏了。", "help", repeatOf="s07-b",
    kind=WORDS)
add("s08-a", "sms", 3 * H, P(8), "请问燃气费在哪里交？营业厅几点下班？", "consultation", kind="original")
add("s08-b", "phone", 3 * D + 3 * H, P(8), "家里闻到很大的煤气味，好像是管道漏气了，赶紧派人来看看。", "help", kind=NEW)
add("s09-a", "web", 2 * H, P(9), "孩子明年上小学，学位申请什么时候开始？需要什么材料？", "consultation", kind="original")
add("s09-b", "web", 2 * D + 2 * H, P(9), "孩子从外地转学回来，转学手续怎么办理？", "consultation", kind=NEW)
add("s09-c", "sms", 10 * D, P(9), "小学学位申请的时间到底定了没有？一直没看到通知。", "consultation", repeatOf="s09-a", kind=REP)
add("s10-a", "email", 2 * D, E(10), "市长您好：翠湖家园楼下的KTV每天唱到凌晨两点，音响震得窗户都响，严重影响休息。", "complaint",
    place="cuihu", coords=False, kind="original")
add("s10-b", "email", 5 * D, E(10), "翠湖家园旁边的工地晚上十一点以后还在施工，电钻和打桩声太吵。", "complaint", place="cuihu",
    coords=False, kind=NEW)
add("s10-c", "email", 7 * D, E(10), "再次反映翠湖家园楼下KTV唱歌扰民，昨晚又唱到两点多。", "complaint", place="cuihu",
    coords=False, repeatOf="s10-a", kind=REP)
add("s11-a", "miniprogram", 2 * D + 6 * H, O(11), "红星路35号小区门口的路灯坏了，晚上很黑。", "help", place="hongxing",
    kind="original")
add("s11-b", "miniprogram", 4 * D + 6 * H, O(11), "人民公园北门那边的路灯也不亮，散步的人很多。", "help", kind=NEW)
add("s12-a", "phone", 8 * D, P(12), "幸福小区8栋的电梯坏了，刚才还困了人，好不容易才放出来。", "help", kind="original")
add("s12-b", "phone", 9 * D, P(12), "幸福小区10栋的电梯也坏了，停在三楼不动。", "help", kind=NEW)
add("s12-c", "sms", 10 * D, P(12), "8栋电梯到现在还没修好，老人下不了楼。", "help", repeatOf="s12-a", kind=NOADDR)

# ---- N. The same place, another problem (other callers), and one real incident among them ----
T = 14 * D
add("n01", "web", T, P(21), "人民公园湖边的长椅坏了好几张，木板断了，坐上去很危险。", "help", place="renmingongyuan",
    cluster="i-park-bench", kind="original")
add("n02", "miniprogram", T + 2 * H, O(22), "人民公园里的垃圾桶满了溢出来，周围全是垃圾。", "complaint", place="renmingongyuan",
    kind=PLACE)
add("n03", "phone", T + 3 * H, P(23), "人民公园广场舞的音响太大了，晚上九点多还在跳。", "complaint", kind=PLACE)
add("n04", "sms", T + 5 * H, P(24), "人民公园的长椅坏了，木头断了，小孩坐着危险。", "help", cluster="i-park-bench", kind=INC)
add("n05", "web", 3 * D + 2 * H, P(25), "锦华苑物业收的水费比自来水公司的标准高，要求退还多收的钱。", "complaint", place="jinhua",
    kind=PLACE)
add("n06", "phone", 3 * D + 1 * H, P(26), "锦华苑5栋旁边的水管破了，冒水很大。", "help", cluster="i-jinhua-pipe", kind=INC)
add("n07", "sms", 3 * D + 2 * H, P(27), "锦华苑5栋楼下自来水管破裂，水漫到路上了。", "help", cluster="i-jinhua-pipe", kind=INC)
add("n08", "web", T + 1 * D, P(28), "东湖广场的公厕很脏，没人打扫，臭气熏天。", "complaint", place="donghu", kind="original")
add("n09", "miniprogram", T + 1 * D + 1 * H, O(29), "东湖广场的路灯晚上不亮。", "help", place="donghu", kind=PLACE)
add("n10", "phone", T + 1 * D + 4 * H, P(30), "东湖广场停车场乱收费，停一个小时收二十块。", "complaint", kind=PLACE)
add("n11", "sms", T + 1 * D + 6 * H, P(31), "幸福小区门口乱停车，把出口都堵了。", "complaint", kind=PLACE)
add("n12", "web", T + 1 * D + 7 * H, P(32), "幸福小区垃圾站的垃圾没人清运，味道很大。", "complaint", place="xingfu", kind=PLACE)

# ---- C. The same problem at a neighbouring building, unit, door or crossing ----
T = 18 * D
add("c01", "web", T, P(41), "8栋楼道的灯全坏了，晚上上楼什么都看不见。", "help", place="xingfu8", kind="original")
add("c02", "web", T + 1 * H, P(42), "幸福小区10栋楼道的灯坏了，黑漆漆的。", "help", place="xingfu10", kind=NEIGH)
add("c03", "phone", T + 1 * D, P(43), "幸福小区3号楼2单元停水了，一滴水都没有。", "help", cluster="i-xingfu3-2", kind="original")
add("c04", "sms", T + 1 * D + 1 * H, P(44), "幸福小区3栋2单元也没水了，什么时候恢复？", "help", cluster="i-xingfu3-2", kind=INC)
add("c05", "miniprogram", T + 1 * D + 2 * H, O(45), "幸福小区3幢5单元没水，楼上楼下都停了。", "help", place="xingfu3", kind=NEIGH)
add("c06", "police110", T + 2 * D, P(46), "报警人称人民路与解放路交叉口红绿灯不亮，车辆乱成一团，非警务事项转12345。", "help",
    place="renmin-jiefang", cluster="i-renmin-jiefang-light", kind="original")
add("c07", "phone", T + 2 * D + 30, P(47), "人民路解放路路口的信号灯坏了，堵得厉害。", "help", cluster="i-renmin-jiefang-light",
    kind=INC)
add("c08", "web", T + 2 * D + 40, P(48), "人民路建设路口的红绿灯也不亮了，请尽快维修。", "help", place="renmin-jianshe",
    cluster="i-renmin-jianshe-light", kind=NEIGH)
add("c09", "sms", T + 2 * D + 1 * H, P(49), "解放路和人民路路口的红绿灯还是黑的。", "help", cluster="i-renmin-jiefang-light", kind=INC)
add("c10", "sms", T + 2 * D + 2 * H, P(50), "建设路人民路口红绿灯坏了，没人指挥交通。", "help", cluster="i-renmin-jianshe-light",
    kind=INC)
add("c11", "web", T + 3 * D, P(51), "楼上卫生间漏水渗到我家天花板，物业不管。", "complaint", place="jinsha",
    address="金牛区金沙花园2单元502室", kind="original")
add("c12", "web", T + 3 * D + 3 * H, P(52), "楼上卫生间漏水渗到我家天花板，找物业没用。", "complaint", place="jinsha",
    address="金牛区金沙花园2单元302室", kind=NEIGH)
add("c13", "phone", T + 3 * D + 5 * H, P(53), "望江路88号门口有个大坑，晚上看不清很容易摔。", "help", kind="original")
add("c14", "phone", T + 3 * D + 6 * H, P(54), "望江路120号门口路面有个大坑，车过去颠得厉害。", "help", kind=NEIGH)

# ---- R. Repeats in other words ----
T = 23 * D
add("r01-a", "phone", T, P(61), "红星路35号院停电了，整栋楼都没电。", "help", kind="original")
add("r01-b", "sms", T + 2 * H, P(61), "红星路35号院还是没电，怎么回事？", "help", repeatOf="r01-a", kind=WORDS)
add("r01-c", "miniprogram", T + 5 * H, O(61, 61), "家里跳闸了，到现在都没来电，什么情况？", "help", repeatOf="r01-a", kind=WORDS)
add("r02-a", "web", T + 1 * H, P(62), "金沙花园2栋停水了，从昨晚开始。", "help", place="jinsha", address="金牛区金沙花园2栋",
    kind="original")
add("r02-b", "phone", T + 1 * D, P(62), "我家水龙头一天都不出水了，金沙花园这边。", "help", repeatOf="r02-a", kind=WORDS)
add("r02-c", "sms", T + 2 * D, P(62), "金沙花园2栋水压太小，楼上基本没水。", "help", repeatOf="r02-a", kind=WORDS)
add("r03-a", "phone", T + 3 * H, P(63), "我们楼下的广场舞音响太吵了，每天晚上放到十点。", "complaint", kind="original")
add("r03-b", "sms", T + 2 * D, P(63), "跳舞的音乐声音大得睡不着，还是没人管。", "complaint", repeatOf="r03-a", kind=WORDS)
add("r04-a", "web", T + 4 * H, P(64), "小区里的垃圾好几天没人收了。", "complaint", address="武侯区玉林小区", kind="original")
add("r04-b", "phone", T + 3 * D, P(64), "玉林小区垃圾堆成山了，臭死了，清洁工也不来。", "complaint", repeatOf="r04-a", kind=WORDS)
add("r05-a", "miniprogram", T + 5 * H, O(65), "文化路的路灯不亮，一整排都是黑的。", "help", kind="original")
add("r05-b", "miniprogram", T + 2 * D + 5 * H, O(65), "文化路晚上黑灯瞎火的，灯一直没人修。", "help", repeatOf="r05-a",
    kind=WORDS)
add("r06-a", "email", T + 6 * H, E(66), "您好，我家暖气不热，屋里只有十四度，老人孩子受不了。", "help", address="金牛区沙湾路12号",
    kind="original")
add("r06-b", "email", T + 3 * D, E(66), "供暖温度一直不达标，屋里冰凉，请热力公司处理。", "help", address="金牛区沙湾路12号",
    repeatOf="r06-a", kind=WORDS)
add("r07-a", "phone", T + 7 * H, P(67), "东风路上有个井盖丢了，就一个大洞在路中间。", "help", kind="original")
add("r07-b", "miniprogram", T + 1 * D, O(67, 67), "东风路那个窨井盖没了，还没人来补。", "help", repeatOf="r07-a", kind=WORDS)
add("r08-a", "web", T + 8 * H, P(68), "小区门口有车乱停，把消防通道堵住了。", "complaint", address="武侯区紫荆小区", kind="original")
add("r08-b", "sms", T + 2 * D, P(68), "紫荆小区消防通道又被私家车占了。", "complaint", repeatOf="r08-a", kind=WORDS)
add("r09-a", "phone", T + 9 * H, P(69), "科华路路面塌陷了，有个很深的坑。", "help", kind="original")
add("r09-b", "phone", T + 4 * D, P(69), "科华路那个坑越来越大了，怎么还不修。", "help", repeatOf="r09-a", kind=WORDS)
add("r10-a", "sms", T + 10 * H, P(70), "老板拖欠我们工资三个月了，工地在高新区天府五街。", "help", kind="original")
add("r10-b", "phone", T + 5 * D, P(70), "嗯，就是工钱到现在还没发，我们十几个人在天府五街干活的。", "help", repeatOf="r10-a",
    kind=WORDS)

# ---- E. Repeats with an empty address that name the place in the text ----
T = 32 * D
add("e01-a", "web", T, P(71), "小区里的垃圾站臭味很大，夏天根本不敢开窗。", "complaint", place="xingfu", kind="original")
add("e01-b", "phone", T + 2 * D, P(71), "幸福小区垃圾站那个臭味还是很大，怎么没人管？", "complaint", repeatOf="e01-a", kind=NOADDR)
add("e02-a", "miniprogram", T + 1 * H, O(72), "公园里的公厕没有水冲，很脏。", "complaint", place="renmingongyuan", kind="original")
add("e02-b", "miniprogram", T + 1 * D, O(72), "人民公园的厕所还是没水冲。", "complaint", repeatOf="e02-a", kind=NOADDR)
add("e03-a", "police110", T + 2 * H, P(73), "报警人称步行街有商户占道经营，堵塞通道，转12345处理。", "complaint", place="chunxi",
    kind="original")
add("e03-b", "sms", T + 2 * D, P(73), "春熙路步行街那边摆摊占道的还在。", "complaint", repeatOf="e03-a", kind=NOADDR)
add("e04-a", "web", T + 3 * H, P(74), "夜市的烧烤摊油烟太大，家里全是烟味。", "complaint", place="guixi", kind="original")
add("e04-b", "phone", T + 3 * D, P(74), "桂溪社区夜市烧烤的油烟还是很大，窗户都不敢开。", "complaint", repeatOf="e04-a", kind=NOADDR)
add("e05-a", "email", T + 4 * H, E(75), "反映东湖广场旁边酒吧夜间音乐噪音扰民。", "complaint", place="donghu", coords=False,
    kind="original")
add("e05-b", "email", T + 5 * D, E(75), "东湖广场的酒吧晚上还是很吵，没有改善。", "complaint", repeatOf="e05-a", kind=NOADDR)

# ---- F. Angry and short repeats ----
T = 37 * D
add("f01-a", "phone", T, P(81), "双桥子菜市场门口的垃圾堆了一个星期了，没人清。", "complaint", kind="original")
add("f01-b", "sms", T + 2 * D, P(81), "怎么还没处理？？？", "complaint", repeatOf="f01-a", kind=ANGRY)
add("f01-c", "phone", T + 4 * D, P(81), "又打来问，到底有没有人管！", "complaint", repeatOf="f01-a", kind=ANGRY)
add("f02-a", "web", T + 1 * H, P(82), "翠湖家园3栋的电梯经常困人，物业修了又坏。", "complaint", place="cuihu", kind="original")
add("f02-b", "phone", T + 1 * D, P(82), "还是没人来修，你们到底管不管？", "complaint", repeatOf="f02-a", kind=ANGRY)
add("f03-a", "email", T + 2 * H, E(83), "投诉望江路一家汽修店天天在人行道上喷漆，味道刺鼻。", "complaint", kind="original")
add("f03-b", "email", T + 3 * D, E(83), "第三次来信了，问题依旧，没有任何回复。", "complaint", repeatOf="f03-a", kind=ANGRY)
add("f04-a", "miniprogram", T + 3 * H, O(84), "金沙花园北门的路灯不亮。", "help", place="jinsha", kind="original")
add("f04-b", "miniprogram", T + 2 * D, O(84), "怎么还没处理", "help", repeatOf="f04-a", kind=ANGRY)
add("f05-a", "police110", T + 4 * H, P(85), "报警人称其所在小区有人长期在楼道堆放杂物，存在消防隐患，转12345。", "complaint",
    address="成华区万科城市花园", kind="original")
add("f05-b", "sms", T + 1 * D, P(85), "楼道杂物的事怎么还没处理？", "complaint", repeatOf="f05-a", kind=ANGRY)
add("f06-a", "phone", T + 5 * H, P(86), "天府三街那个路口的护栏被撞倒了，横在路上。", "help", kind="original")
add("f06-b", "phone", T + 5 * H + 40, P(86), "又打来问一下，护栏那个事有人去了吗？", "help", repeatOf="f06-a", kind=ANGRY)

# ---- G. Incidents with 2 to 4 callers, some of whom call twice ----
T = 44 * D
add("g01-a", "phone", T, P(91), "幸福小区停电了，整个小区都黑了。", "help", cluster="i-xingfu-power", kind="original")
add("g01-b", "sms", T + 20, P(92), "建设路幸福小区突然没电了，电梯也停了。", "help", cluster="i-xingfu-power", kind=INC)
add("g01-c", "miniprogram", T + 40, O(93), "我们小区跳闸了，全小区都没电，什么时候来电？", "help", place="xingfu",
    cluster="i-xingfu-power", kind=INC)
add("g01-d", "sms", T + 2 * H, P(91), "幸福小区还是没电，到底什么时候恢复供电？", "help", repeatOf="g01-a", cluster="i-xingfu-power",
    kind=INC + ", caller again")
add("g02-a", "police110", 20 * D + 8 * H, P(94), "报警人称人民路解放路口自来水管爆裂，水喷得很高，转12345。", "help",
    place="renmin-jiefang", cluster="i-renmin-pipe", kind="original")
add("g02-b", "phone", 20 * D + 8 * H + 15, P(95), "解放路人民路交叉口那里水管破了，路上全是水。", "help", cluster="i-renmin-pipe",
    kind=INC)
add("g02-c", "email", 20 * D + 9 * H, E(96), "人民路与解放路路口爆管，大量自来水流到路面，请尽快抢修。", "help", cluster="i-renmin-pipe",
    kind=INC)
add("g02-d", "web", 20 * D + 9 * H + 30, P(97), "人民路解放路口有水管爆裂。", "help", place="renmin-jiefang",
    cluster="i-renmin-pipe", kind=INC)
add("g02-e", "phone", 20 * D + 10 * H, P(95), "那个路口的水管还在往外喷水，怎么还没人来？", "help", repeatOf="g02-b",
    cluster="i-renmin-pipe", kind=INC + ", caller again")
add("g03-a", "web", T + 2 * D, P(98), "双桥子菜市场后面垃圾堆积如山，苍蝇很多。", "complaint", place="shuangqiao",
    cluster="i-shuangqiao-garbage", kind="original")
add("g03-b", "sms", T + 2 * D + 3 * H, P(99), "双桥子菜市场的垃圾好几天没清运了，臭得很。", "complaint", cluster="i-shuangqiao-garbage",
    kind=INC)
add("g04-a", "phone", T + 3 * D, P(100), "文化路的路灯一整排都不亮，晚上走路很危险。", "help", cluster="i-wenhua-light", kind="original")
add("g04-b", "miniprogram", T + 3 * D + 1 * H, O(101), "文化路路灯坏了，黑乎乎的。", "help", place="wenhua",
    cluster="i-wenhua-light", kind=INC)
add("g04-c", "web", T + 3 * D + 5 * H, P(102), "文化路晚上没有路灯，请修一下。", "help", place="wenhua", cluster="i-wenhua-light",
    kind=INC)
add("g05-a", "phone", T + 4 * D, P(103), "望江路上一棵大树被风刮倒了，压在车道上。", "help", cluster="i-wangjiang-tree",
    kind="original")
add("g05-b", "police110", T + 4 * D + 20, P(104), "报警人称望江路有大树倒伏阻断车道，转12345处理。", "help", place="wangjiang",
    cluster="i-wangjiang-tree", kind=INC)
add("g05-c", "phone", T + 4 * D + 2 * H, P(103), "望江路那棵倒的树还没清走，车都过不去。", "help", repeatOf="g05-a",
    cluster="i-wangjiang-tree", kind=INC + ", caller again")
add("g06-a", "phone", T + 5 * D, P(105), "翠湖家园旁边工地半夜施工，打桩声吵得睡不着。", "complaint", cluster="i-cuihu-site",
    kind="original")
add("g06-b", "web", T + 5 * D + 1 * H, P(106), "翠湖家园边上的工地夜间施工噪音太大。", "complaint", place="cuihu",
    cluster="i-cuihu-site", kind=INC)
add("g06-c", "email", T + 5 * D + 10 * H, E(107), "翠湖家园附近工地每天夜里施工到凌晨，严重扰民。", "complaint",
    cluster="i-cuihu-site", kind=INC)
add("g06-d", "phone", T + 6 * D, P(105), "又是半夜打桩，翠湖家园旁边那个工地，昨天打过电话了。", "complaint", repeatOf="g06-a",
    cluster="i-cuihu-site", kind=INC + ", caller again")
add("g07-a", "phone", T + 7 * D, P(108), "锦华苑3栋楼道里有很大的煤气味，可能漏气了。", "help", cluster="i-jinhua-gas", kind="original")
add("g07-b", "sms", T + 7 * D + 10, P(109), "锦华苑3号楼燃气泄漏，味道很重。", "help", cluster="i-jinhua-gas", kind=INC)
add("g08-a", "web", T + 8 * D, P(110), "金沙花园整个小区停水了。", "help", place="jinsha", cluster="i-jinsha-water", kind="original")
add("g08-b", "phone", T + 8 * D + 30, P(111), "金沙花园没水了，也没通知。", "help", cluster="i-jinsha-water", kind=INC)
add("g08-c", "miniprogram", T + 8 * D + 1 * H, O(112), "我们金沙花园水龙头不出水。", "help", place="jinsha",
    cluster="i-jinsha-water", kind=INC)
add("g08-d", "sms", T + 8 * D + 2 * H, P(113), "金沙花园停水，什么时候来水？", "help", cluster="i-jinsha-water", kind=INC)
add("g08-e", "phone", T + 8 * D + 4 * H, P(111), "金沙花园还是没水，都四个小时了。", "help", repeatOf="g08-b",
    cluster="i-jinsha-water", kind=INC + ", caller again")
add("g09-a", "police110", T + 9 * D, P(114), "报警人称红星路与东风路交叉口井盖缺失，转12345。", "help", place="hongxing-dongfeng",
    cluster="i-hongxing-manhole", kind="original")
add("g09-b", "phone", T + 9 * D + 1 * H, P(115), "东风路红星路口有个井盖没了，很危险。", "help", cluster="i-hongxing-manhole", kind=INC)
# The same problem elsewhere at the same time: two incidents, not one.
add("g10-a", "phone", T + 10 * D, P(116), "锦华苑停电了。", "help", cluster="i-jinhua-power", kind="original")
add("g10-b", "sms", T + 10 * D + 10, P(117), "金沙花园停电了，整个小区都没电。", "help", kind="same matter, other place")
add("g10-c", "phone", T + 10 * D + 30, P(118), "锦华苑这边没电了，电梯都停了。", "help", cluster="i-jinhua-power", kind=INC)

# ---- H. More of each kind, later ----
T = 55 * D
PLACES.update({
    "jinhua5-1": ("锦江区锦华苑5栋1单元", 30.64520, 104.09010),
    "jinhua5-3": ("锦江区锦华苑5栋3单元", 30.64521, 104.09014),
    "renmin-wenhua": ("青羊区人民路文化路口", 30.66600, 104.06000),
    "shawan12": ("金牛区沙湾路12号", 30.68000, 104.05000),
    "shawan40": ("金牛区沙湾路40号", 30.68150, 104.05000),
    "xingfu8b": ("成都市成华区幸福小区8号楼", 30.67030, 104.10000),
})
add("h01-a", "phone", T, P(121), "请问灵活就业人员的医保怎么缴费？一年交多少？", "consultation", kind="original")
add("h01-b", "phone", T + 1 * D, P(121), "门诊看病的费用医保报销比例是多少？", "consultation", kind=NEW)
add("h01-c", "sms", T + 3 * D, P(121), "门诊报销比例上次电话没说清楚，普通门诊能报多少？", "consultation", repeatOf="h01-b", kind=REP)
add("h02-a", "police110", T + 1 * H, P(122), "报警人称楼上邻居装修，电钻声从早响到晚，转12345处理。", "complaint", kind="original")
add("h02-b", "sms", T + 2 * D, P(122), "楼下奶茶店外放音乐很吵，一直放到晚上十一点。", "complaint", kind=NEW)
add("h03-a", "miniprogram", T + 2 * H, O(123), "小区门口有人摆摊卖菜，占了半条路。", "complaint", address="武侯区玉林小区", kind="original")
add("h03-b", "miniprogram", T + 3 * D, O(123), "玉林小区里有辆僵尸车停了一年多，占着车位没人管。", "complaint", kind=NEW)
add("h04-a", "email", T + 3 * H, E(124), "市长您好：我们交房两年了，开发商一直办不下来房产证。", "complaint", address="高新区天府花园",
    kind="original")
add("h04-b", "email", T + 4 * D, E(124), "天府花园新房漏雨，客厅墙体开裂，开发商不维修。", "complaint", address="高新区天府花园", kind=NEW)
add("h04-c", "email", T + 9 * D, E(124), "再次反映：天府花园的房产证到现在还没办下来，开发商一拖再拖。", "complaint",
    address="高新区天府花园", repeatOf="h04-a", kind=REP)
add("h05-a", "phone", T + 4 * H, P(125), "我们小区的垃圾没人清运，堆了三天了。", "complaint", kind="original")
add("h05-b", "phone", T + 2 * D, P(125), "有人晚上开车到河边倾倒建筑垃圾，倒了一大堆。", "report", kind=NEW)
add("h06-a", "web", T + 5 * H, P(126), "28路公交车班次太少，早上要等半个小时。", "suggestion", kind="original")
add("h06-b", "web", T + 3 * D, P(126), "28路公交车司机态度很差，骂乘客。", "complaint", kind=NEW)
add("h07-a", "sms", T + 6 * H, P(127), "小区里那棵大树的树枝快断了，要修剪一下。", "help", address="青羊区清水河小区", kind="original")
add("h07-b", "sms", T + 2 * D, P(127), "清水河小区的绿化带被人毁了种菜。", "complaint", kind=NEW)
add("h08-a", "phone", T + 7 * H, P(128), "家里暖气一直不热，屋里冷得很。", "help", address="金牛区营门口路8号", kind="original")
add("h08-b", "phone", T + 3 * D, P(128), "暖气费怎么收的？为什么比去年贵了这么多？", "consultation", kind=NEW)
add("h10", "web", T + 1 * D, P(131), "5栋1单元的电梯坏了，停在一楼不动。", "help", place="jinhua5-1", kind="original")
add("h11", "web", T + 1 * D + 1 * H, P(132), "锦华苑5栋3单元电梯坏了，好几天没修。", "help", place="jinhua5-3", kind=NEIGH)
add("h12", "phone", T + 1 * D + 2 * H, P(133), "人民路解放路口有个井盖松了，车压过去哐哐响。", "help", kind="original")
add("h13", "phone", T + 1 * D + 3 * H, P(134), "人民路文化路口的井盖松动了，很危险。", "help", place="renmin-wenhua", kind=NEIGH)
add("h16", "web", T + 2 * D, P(135), "沙湾路12号暖气不热，室温只有十五度。", "help", place="shawan12", kind="original")
add("h17", "web", T + 2 * D + 2 * H, P(136), "沙湾路40号的暖气不热，家里冷得睡不着。", "help", place="shawan40", kind=NEIGH)
add("h18", "phone", T + 3 * D, P(137), "幸福小区8号楼地下车库进水了，好多车泡在水里。", "help", cluster="i-xingfu8-garage", kind="original")
add("h19", "web", T + 3 * D + 20, P(138), "地下车库被水淹了，8幢的。", "help", place="xingfu8b", address="成华区幸福小区8幢",
    cluster="i-xingfu8-garage", kind=INC)
add("h20", "sms", T + 3 * D + 40, P(139), "成都市成华区幸福小区8座车库进水，车都淹了。", "help", cluster="i-xingfu8-garage", kind=INC)
add("h21-a", "phone", T + 4 * D, P(141), "家里燃气没气了，灶打不着火。", "help", address="锦江区锦华苑", kind="original")
add("h21-b", "sms", T + 4 * D + 3 * H, P(141), "天然气还是没有，做不了饭。", "help", repeatOf="h21-a", kind=WORDS)
add("h22-a", "web", T + 4 * D + 1 * H, P(142), "小区里有人遛狗不牵绳，小孩很害怕。", "complaint", address="武侯区紫荆小区", kind="original")
add("h22-b", "phone", T + 6 * D, P(142), "紫荆小区那些狗还是不拴绳，昨天还咬了人。", "complaint", repeatOf="h22-a", kind=WORDS)
add("h23-a", "phone", T + 4 * D + 2 * H, P(143), "楼下餐馆油烟很大，全飘到我家。", "complaint", address="青羊区宽巷子18号", kind="original")
add("h23-b", "web", T + 7 * D, P(143), "那家饭店的排烟管直接对着我家窗户，熏得不行。", "complaint", address="青羊区宽巷子18号",
    repeatOf="h23-a", kind=WORDS)
add("h25-a", "email", T + 4 * D + 3 * H, E(145), "小区旁边的工地扬尘很大，窗台上全是灰。", "complaint", address="高新区天府花园",
    kind="original")
add("h25-b", "email", T + 8 * D, E(145), "工地的灰尘还是满天飞，洒水车也不来。", "complaint", repeatOf="h25-a", kind=WORDS)
add("h26-a", "phone", T + 4 * D + 4 * H, P(146), "楼下下水道堵了，污水冒到路上。", "help", address="成华区双桥路6号", kind="original")
add("h26-b", "phone", T + 5 * D, P(146), "那个下水道还在往外冒脏水，臭得很。", "help", repeatOf="h26-a", kind=WORDS)
add("h27-a", "police110", T + 5 * D, P(147), "报警人称楼上住户高空抛物，砸到楼下车辆，转12345处理。", "complaint",
    address="武侯区玉林北路3号", kind="original")
add("h27-b", "phone", T + 6 * D, P(147), "还是老样子，没人管。", "complaint", repeatOf="h27-a", kind=ANGRY)
add("h28-a", "web", T + 5 * D + 1 * H, P(148), "东湖广场旁边工地的渣土车一路漏撒泥土。", "complaint", place="donghu", kind="original")
add("h28-b", "sms", T + 7 * D, P(148), "怎么还没处理？", "complaint", repeatOf="h28-a", kind=ANGRY)
add("h29-a", "miniprogram", T + 5 * D + 2 * H, O(149), "翠湖家园门口的井盖松了。", "help", place="cuihu", kind="original")
add("h29-b", "miniprogram", T + 6 * D, O(149), "到底修不修？？", "help", repeatOf="h29-a", kind=ANGRY)
T = 66 * D
PLACES.update({
    "guixi-b": ("高新区桂溪社区", 30.60010, 104.07010),
    "chunxi-b": ("锦江区春熙路步行街", 30.65505, 104.08004),
})
add("i01-a", "police110", T, P(151), "报警人称桂溪社区大面积停水，转12345处理。", "help", place="guixi", cluster="i-guixi-water",
    kind="original")
add("i01-b", "phone", T + 30, P(152), "桂溪社区这边没水了，一点都没有。", "help", cluster="i-guixi-water", kind=INC)
add("i01-c", "web", T + 1 * H, P(153), "桂溪社区停水，没有提前通知。", "help", place="guixi-b", cluster="i-guixi-water", kind=INC)
add("i01-d", "phone", T + 3 * H, P(152), "桂溪还是没来水，到底什么时候恢复？", "help", repeatOf="i01-b", cluster="i-guixi-water",
    kind=INC + ", caller again")
add("i02-a", "phone", T + 1 * D, P(154), "春熙路步行街路面塌陷了，有个大坑。", "help", cluster="i-chunxi-hole", kind="original")
add("i02-b", "miniprogram", T + 1 * D + 1 * H, O(155), "步行街中间路面塌了一个坑，围起来了。", "help", place="chunxi-b",
    cluster="i-chunxi-hole", kind=INC)
add("i02-c", "phone", T + 1 * D + 2 * H, P(156), "红星路路面塌陷，有个大坑。", "help", place="hongxing", kind="same matter, other place")
add("i03-a", "email", T + 2 * D, E(157), "东湖广场每晚广场舞音响声音太大，严重扰民。", "complaint", cluster="i-donghu-dance",
    kind="original")
add("i03-b", "web", T + 2 * D + 2 * H, P(158), "东湖广场跳广场舞的噪音太大了，九点多还在放。", "complaint", place="donghu",
    cluster="i-donghu-dance", kind=INC)
add("i03-c", "phone", T + 2 * D + 4 * H, P(159), "东湖广场那边广场舞太吵了。", "complaint", cluster="i-donghu-dance", kind=INC)
add("i03-d", "phone", T + 2 * D + 5 * H, P(160), "东湖广场的公厕门坏了，关不上。", "help", kind=PLACE)

# ---- V. A second batch, written after the first tuning round to check that the rules generalize ----
T = 80 * D
PLACES.update({
    "yueguang": ("武侯区月光花园", 30.62100, 104.05100),
    "riguang": ("武侯区日光花园", 30.62180, 104.05120),
    "jinjiang-bank": ("锦江区东大街88号", 30.65200, 104.08600),
    "dongda": ("锦江区东大街", 30.65230, 104.08620),
    "taisheng": ("青羊区太升路与东城根街交叉口", 30.66900, 104.06800),
    "lihua": ("成华区理华苑", 30.67600, 104.11200),
    "lihua-b": ("成华区理华苑", 30.67620, 104.11190),
    "shuangnan": ("武侯区双楠小区", 30.64000, 104.01500),
    "fuqin": ("金牛区抚琴小区", 30.68400, 104.04900),
    "qingshui": ("青羊区清水河公园", 30.66000, 104.01000),
})
# Same caller, other procedures of one department.
add("v01-a", "phone", T, P(301), "请问失业金怎么申领？要去哪里办？", "consultation", kind="original")
add("v01-b", "phone", T + 1 * D, P(301), "我想问一下工伤认定需要什么材料，在单位摔伤了。", "consultation", kind=NEW)
add("v01-c", "sms", T + 3 * D, P(301), "失业金申领的材料我准备好了，线上能不能办？", "consultation", repeatOf="v01-a", kind=REP)
add("v02-a", "web", T + 1 * H, P(302), "咨询个人所得税专项附加扣除怎么填报？", "consultation", kind="original")
add("v02-b", "web", T + 2 * D, P(302), "个体户怎么开发票？税务局在哪里？", "consultation", kind=NEW)
add("v03-a", "miniprogram", T + 2 * H, O(303), "请问低保怎么申请？家里老人没有收入。", "consultation", kind="original")
add("v03-b", "miniprogram", T + 2 * D, O(303), "请问结婚登记要带什么证件？周末能办吗？", "consultation", kind=NEW)
add("v03-c", "miniprogram", T + 4 * D, O(303), "低保申请交上去两个星期了，审核到哪一步了？", "consultation", repeatOf="v03-a", kind=REP)
add("v04-a", "email", T + 3 * H, E(304), "您好，我想咨询二手房过户需要交哪些税费，流程是怎样的？", "consultation", kind="original")
add("v04-b", "email", T + 3 * D, E(304), "请问房屋抵押登记在哪里办理，需要多长时间？", "consultation", kind=NEW)
add("v05-a", "phone", T + 4 * H, P(305), "孩子的新冠疫苗在哪里可以打？需要预约吗？", "consultation", kind="original")
add("v05-b", "phone", T + 2 * D, P(305), "市人民医院的专家号怎么都挂不上，能不能帮忙反映一下？", "complaint", kind=NEW)
add("v06-a", "sms", T + 5 * H, P(306), "驾驶证到期了怎么换证？", "consultation", kind="original")
add("v06-b", "sms", T + 1 * D, P(306), "我的车有个违章，罚单怎么在网上交？", "consultation", kind=NEW)
add("v07-a", "phone", T + 6 * H, P(307), "老板拖欠我们三个月工资，一直说没钱。", "help", kind="original")
add("v07-b", "phone", T + 3 * D, P(307), "我被公司辞退了，没有给任何补偿，这合法吗？", "help", kind=NEW)
add("v07-c", "sms", T + 5 * D, P(307), "三个月的工资还是没发，老板电话也不接了。", "help", repeatOf="v07-a", kind=WORDS)
# Adjacent estates with like names, and points close together at different estates.
add("v10", "web", T + 8 * D, P(310), "月光花园停水了，没有通知。", "help", place="yueguang", cluster="i-yueguang-water", kind="original")
add("v11", "web", T + 8 * D + 30, P(311), "日光花园的路灯坏了好几盏。", "help", place="riguang", kind="same place nearby, other matter")
add("v12", "phone", T + 8 * D + 1 * H, P(312), "日光花园停水了，从早上开始。", "help", place="riguang", cluster="i-riguang-water", kind=NEIGH)
add("v13", "sms", T + 8 * D + 2 * H, P(313), "月光花园一直没水，什么时候恢复？", "help", cluster="i-yueguang-water", kind=INC)
add("v14", "miniprogram", T + 8 * D + 3 * H, O(314), "日光花园没水了。", "help", place="riguang", cluster="i-riguang-water", kind=INC)
# Repeats in other words, with the place named only in the text.
add("v20-a", "web", T + 9 * D, P(320), "抚琴小区门口的下水道堵了，脏水漫到路面。", "help", place="fuqin", kind="original")
add("v20-b", "phone", T + 9 * D + 1 * D, P(320), "嗯，抚琴小区那个下水道还在冒污水，臭得很。", "help", repeatOf="v20-a", kind=NOADDR)
add("v21-a", "phone", T + 9 * D + 1 * H, P(321), "双楠小区楼下有人焚烧垃圾，烟很呛。", "complaint", kind="original")
add("v21-b", "sms", T + 9 * D + 2 * D, P(321), "双楠小区又有人烧东西了，黑烟直往家里飘。", "complaint", repeatOf="v21-a", kind=WORDS)
add("v22-a", "miniprogram", T + 9 * D + 2 * H, O(322), "理华苑的电梯三天两头坏，昨天又困人了。", "complaint", place="lihua", kind="original")
add("v22-b", "miniprogram", T + 9 * D + 3 * D, O(322), "电梯到底什么时候修好？", "complaint", repeatOf="v22-a", kind=ANGRY)
add("v23-a", "email", T + 9 * D + 3 * H, E(323), "反映清水河公园夜间有人用大功率音箱唱歌，吵到十一点。", "complaint", place="qingshui", coords=False,
    kind="original")
add("v23-b", "email", T + 9 * D + 2 * D, E(323), "清水河公园晚上唱歌的噪音问题仍未解决。", "complaint", repeatOf="v23-a", kind=WORDS)
add("v24-a", "police110", T + 9 * D + 4 * H, P(324), "报警人称东大街88号门前有车辆长期占用盲道停放，转12345。", "complaint",
    place="jinjiang-bank", kind="original")
add("v24-b", "phone", T + 9 * D + 1 * D, P(324), "东大街那家银行门口的车还停在盲道上。", "complaint", repeatOf="v24-a", kind=NOADDR)
# Incidents with the place only in the text, and a caller who calls again.
add("v30-a", "phone", T + 12 * D, P(330), "太升路东城根街路口那个井盖被偷了，好危险。", "help", cluster="i-taisheng-manhole", kind="original")
add("v30-b", "police110", T + 12 * D + 15, P(331), "报警人称太升路与东城根街交叉口井盖缺失，转12345。", "help", place="taisheng",
    cluster="i-taisheng-manhole", kind=INC)
add("v30-c", "sms", T + 12 * D + 40, P(332), "东城根街和太升路路口的井盖没了。", "help", cluster="i-taisheng-manhole", kind=INC)
add("v30-d", "phone", T + 12 * D + 3 * H, P(330), "路口那个井盖到现在都没补上，又有车差点掉进去。", "help", repeatOf="v30-a",
    cluster="i-taisheng-manhole", kind=INC + ", caller again")
add("v31-a", "web", T + 13 * D, P(333), "理华苑小区整栋楼停电了。", "help", place="lihua", cluster="i-lihua-power", kind="original")
add("v31-b", "phone", T + 13 * D + 20, P(334), "理华苑没电了，电梯都停了。", "help", cluster="i-lihua-power", kind=INC)
add("v31-c", "miniprogram", T + 13 * D + 50, O(335), "理华苑停电，冰箱都不转了。", "help", place="lihua-b", cluster="i-lihua-power", kind=INC)
add("v31-d", "web", T + 13 * D + 2 * H, P(336), "理华苑电费多扣了两百块，供电公司不给解释。", "complaint", place="lihua", kind=PLACE)
add("v32-a", "phone", T + 14 * D, P(337), "东大街人行道上的地砖翘起来了，好多人绊倒。", "help", cluster="i-dongda-sidewalk", kind="original")
add("v32-b", "web", T + 14 * D + 2 * H, P(338), "东大街人行道砖块松动，老人摔了一跤。", "help", place="dongda", cluster="i-dongda-sidewalk", kind=INC)
add("v32-c", "sms", T + 14 * D + 3 * H, P(339), "东大街路边有个井盖松了。", "help", kind=PLACE)
# The same problem at the same time in two places named only in the text.
add("v33-a", "phone", T + 15 * D, P(340), "双楠小区停水了。", "help", cluster="i-shuangnan-water", kind="original")
add("v33-b", "phone", T + 15 * D + 10, P(341), "抚琴小区停水了。", "help", kind="same matter, other place")
add("v33-c", "sms", T + 15 * D + 30, P(342), "双楠小区到现在都没水。", "help", cluster="i-shuangnan-water", kind=INC)
# Two reports naming no place at all: not an incident by words alone.
add("v34-a", "phone", T + 16 * D, P(343), "家里停电了，什么时候来电？", "help", kind="no place")
add("v34-b", "phone", T + 16 * D + 30, P(344), "家里停电了，什么时候能来电？", "help", kind="no place")

# ---- W. Incidents told in many ways (a third batch, written to probe recall) ----
T = 100 * D
PLACES.update({
    "jiuyan": ("武侯区九眼桥", 30.64100, 104.08900),
    "jiuyan-b": ("", 30.64120, 104.08930),
    "shahe": ("成华区沙河堡", 30.62500, 104.12000),
    "wuhou-cemetery": ("武侯区武侯祠大街", 30.64600, 104.05000),
    "fuqin-b": ("金牛区抚琴西路", 30.68420, 104.04880),
})
add("w01-a", "phone", T, P(401), "喂，九眼桥这边路上好大一股水冒出来，好像是水管爆了，车子都开不过去。", "help", cluster="i-jiuyan",
    kind="original")
add("w01-b", "miniprogram", T + 10, O(402), "九眼桥桥头自来水管破裂，马路成了河。", "help", place="jiuyan", cluster="i-jiuyan", kind=INC)
add("w01-c", "police110", T + 25, P(403), "报警人称九眼桥附近路面大量积水，疑似供水管道爆裂，转12345。", "help", place="jiuyan",
    cluster="i-jiuyan", kind=INC)
add("w01-d", "email", T + 3 * H, E(404), "市长您好，今天上午九眼桥一带自来水管爆管，停水到现在，请问何时修好？", "help", cluster="i-jiuyan", kind=INC)
add("w02-a", "web", T + 1 * D, P(405), "沙河堡菜市场门口那棵大树倒了，压着一辆电动车。", "help", place="shahe", cluster="i-shahe-tree",
    kind="original")
add("w02-b", "phone", T + 1 * D + 20, P(406), "嗯沙河堡这里风太大，一棵树被吹倒了，横在路上。", "help", cluster="i-shahe-tree", kind=INC)
add("w02-c", "phone", T + 1 * D + 90, P(405), "我刚才报的沙河堡那棵倒下的树，还没人来处理。", "help", repeatOf="w02-a", cluster="i-shahe-tree",
    kind=INC + ", caller again")
add("w03-a", "sms", T + 2 * D, P(407), "武侯祠大街一整条街晚上路灯都不亮。", "help", cluster="i-wuhou-light", kind="original")
add("w03-b", "web", T + 2 * D + 3 * H, P(408), "武侯祠大街没有路灯，晚上漆黑一片，请尽快修复。", "help", place="wuhou-cemetery",
    cluster="i-wuhou-light", kind=INC)
add("w03-c", "miniprogram", T + 2 * D + 5 * H, O(409), "武侯祠大街的灯坏了。", "help", place="wuhou-cemetery", cluster="i-wuhou-light",
    kind=INC)
add("w04-a", "phone", T + 3 * D, P(410), "抚琴西路那边一个工地半夜还在浇混凝土，机器轰隆隆的。", "complaint", cluster="i-fuqin-site",
    kind="original")
add("w04-b", "web", T + 3 * D + 1 * H, P(411), "抚琴西路工地夜间违规施工，噪声扰民，请查处。", "complaint", place="fuqin-b",
    cluster="i-fuqin-site", kind=INC)
add("w04-c", "email", T + 3 * D + 8 * H, E(412), "反映抚琴西路在建工地连续多晚施工到凌晨。", "complaint", cluster="i-fuqin-site", kind=INC)
add("w04-d", "sms", T + 3 * D + 9 * H, P(413), "抚琴西路有家饭店油烟很大。", "complaint", kind=PLACE)

# ---- Singles: unrelated matters, to stand between the others ----
SINGLE = [
    ("phone", "请问居住证到期了怎么续签？", "consultation"),
    ("web", "建议在人民公园增加几个公共厕所。", "suggestion"),
    ("sms", "请问新生儿医保怎么办理？", "consultation"),
    ("email", "表扬金牛区政务中心窗口工作人员服务热情。", "praise"),
    ("miniprogram", "请问电动自行车上牌在哪里办？", "consultation"),
    ("police110", "报警人称邻居家的狗整夜叫，非警务事项转12345。", "complaint"),
    ("phone", "网购的衣服质量有问题，商家不给退货。", "complaint"),
    ("web", "举报一家诊所没有资质给人输液。", "report"),
    ("sms", "请问不动产证办下来要多久？", "consultation"),
    ("email", "建议地铁7号线早高峰加密班次。", "suggestion"),
    ("miniprogram", "请问人才补贴什么时候发？", "consultation"),
    ("phone", "健身房老板跑路了，会员卡的钱退不回来。", "complaint"),
    ("web", "公交28路司机开车太猛，老人站不稳。", "complaint"),
    ("sms", "请问护照过期了怎么换发？", "consultation"),
    ("phone", "出租车司机拒载，在火车东站。", "complaint"),
    ("email", "反映某培训机构收了学费不开课。", "complaint"),
    ("phone", "请问结婚登记需要带什么证件？", "consultation"),
    ("web", "建议在学校门口设置减速带。", "suggestion"),
    ("sms", "请问老年人乘车卡怎么办？", "consultation"),
    ("email", "反映某快递公司丢件不赔偿。", "complaint"),
    ("miniprogram", "请问公租房的申请条件是什么？", "consultation"),
    ("police110", "报警人称房东拒不退押金，属民事纠纷，转12345。", "help"),
    ("phone", "请问失业金怎么申领？", "consultation"),
    ("web", "举报有人在河道里电鱼。", "report"),
]
for i, (ch, text, rtype) in enumerate(SINGLE):
    caller = O(200 + i) if ch == "miniprogram" else (E(200 + i) if ch == "email" else P(200 + i))
    add("u%02d" % (i + 1), ch, 1 * D + i * 3 * D + 7 * H, caller, text, rtype, kind="single report")

lines.sort(key=lambda r: (r["at"], r["id"]))
ids = [r["id"] for r in lines]
assert len(ids) == len(set(ids)), "ids are unique"
for r in lines:
    if r["label"]["repeatOf"]:
        assert r["label"]["repeatOf"] in ids
with open(__file__.rsplit("/", 1)[0] + "/tuning.jsonl", "w", encoding="utf-8") as f:
    for r in lines:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(lines), "lines,", sum(1 for r in lines if r["label"]["repeatOf"]), "repeats,",
      sum(1 for r in lines if r["label"]["cluster"]), "cluster members,",
      len({r["label"]["cluster"] for r in lines if r["label"]["cluster"]}), "incidents")
