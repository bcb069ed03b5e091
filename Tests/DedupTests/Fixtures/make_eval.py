#!/usr/bin/env python3
"""Writes eval.jsonl: the labelled evaluation set of the dedup engine (deterministic; run to regenerate).

Each line is one submission in arrival order: id, channel, at (minutes after the start), caller identities
(phone / openId / email), text, requestType, optional address and lat/lng/crs, and labels:
  repeatOf: the id of the original this is a repeat of (same caller, same matter, original open), or null;
  cluster:  the incident this report belongs to (different callers, same place and matter), or null;
  kind:     what the line tests.
Places are fictional but shaped like Shenzhen addresses; coordinates are GCJ-02 and converted to WGS-84 or BD-09
with the published formulas where a channel would send those.
"""
import json, math

A = 6378245.0
EE = 0.00669342162296594323

def _tlat(x, y):
    r = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
    r += (20.0*math.sin(y*math.pi) + 40.0*math.sin(y/3.0*math.pi)) * 2.0/3.0
    r += (160.0*math.sin(y/12.0*math.pi) + 320*math.sin(y*math.pi/30.0)) * 2.0/3.0
    return r

def _tlng(x, y):
    r = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
    r += (20.0*math.sin(x*math.pi) + 40.0*math.sin(x/3.0*math.pi)) * 2.0/3.0
    r += (150.0*math.sin(x/12.0*math.pi) + 300.0*math.sin(x/30.0*math.pi)) * 2.0/3.0
    return r

def wgs2gcj(lat, lng):
    dlat = _tlat(lng-105.0, lat-35.0); dlng = _tlng(lng-105.0, lat-35.0)
    rad = lat/180.0*math.pi; m = 1 - EE*math.sin(rad)**2; sm = math.sqrt(m)
    dlat = dlat*180.0/((A*(1-EE))/(m*sm)*math.pi); dlng = dlng*180.0/(A/sm*math.cos(rad)*math.pi)
    return lat+dlat, lng+dlng

def gcj2wgs(lat, lng):
    wl, wg = lat, lng
    for _ in range(10):
        gl, gg = wgs2gcj(wl, wg)
        wl -= gl-lat; wg -= gg-lng
    return wl, wg

def gcj2bd(lat, lng):
    xpi = math.pi*3000.0/180.0
    z = math.sqrt(lng*lng+lat*lat) + 0.00002*math.sin(lat*xpi)
    t = math.atan2(lat, lng) + 0.000003*math.cos(lng*xpi)
    return z*math.sin(t)+0.006, z*math.cos(t)+0.0065

# name, address, gcj lat, gcj lng
PLACES = {
 "yangguang": ("深圳市南山区阳光花园", 22.54010, 113.93420),
 "cuizhu": ("罗湖区翠竹苑", 22.56020, 114.13010),
 "haibin": ("宝安区海滨新村", 22.55510, 113.88320),
 "longhua": ("龙华区龙华大道3009号", 22.65510, 114.03010),
 "bihaiwan": ("南山区碧海湾小区", 22.52030, 113.91010),
 "futian": ("福田区福华路与金田路交叉口", 22.53810, 114.05610),
 "longzhu": ("南山区桃源街道龙珠花园", 22.57120, 113.96210),
 "jinpeng": ("龙岗区布吉街道金鹏苑", 22.60450, 114.12010),
 "yintian": ("宝安区西乡街道银田工业区", 22.58610, 113.87010),
 "meihua": ("龙华区民治街道梅花山庄", 22.62310, 114.03310),
 "haoxiang": ("宝安区沙井街道蚝乡路", 22.73010, 113.83010),
 "liuyue": ("龙岗区横岗街道六约社区", 22.65010, 114.21010),
 "niuhu": ("龙华区观澜街道牛湖新村", 22.74010, 114.06010),
 "wanghai": ("南山区蛇口望海路", 22.49010, 113.91510),
 "huaqiang": ("福田区华强北路", 22.54610, 114.08810),
 "tantou": ("宝安区松岗街道潭头市场", 22.78010, 113.85010),
 "pingshan": ("坪山区坪山大道", 22.69510, 114.35010),
 "lianhua": ("福田区莲花北村", 22.55510, 114.05510),
 "baihua": ("福田区百花二路", 22.55110, 114.08510),
 "fenghuang": ("宝安区福永街道凤凰社区", 22.68010, 113.82010),
 "xili": ("南山区西丽街道大磡村", 22.59010, 113.95510),
 "dongmen": ("罗湖区东门步行街", 22.54710, 114.11910),
 "buji": ("龙岗区布吉街道长龙地铁站", 22.59210, 114.11410),
 "shiyan": ("宝安区石岩街道浪心社区", 22.67410, 113.93210),
 "guangming": ("光明区公明街道上村社区", 22.77210, 113.89310),
 "minzhi": ("龙华区民治街道白石龙一区", 22.61510, 114.04010),
 "xinan": ("宝安区新安街道翻身路", 22.57510, 113.89510),
 "yantian": ("盐田区沙头角海景路", 22.55210, 114.23710),
 "kengzi": ("坪山区坑梓街道秀新社区", 22.74010, 114.38010),
 "henggang": ("龙岗区横岗街道大康社区", 22.63410, 114.18510),
}

CH_ID = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}

lines = []
def add(id, ch, at, caller, text, rtype="complaint", place=None, crs=None, offset=(0.0, 0.0), repeatOf=None,
        cluster=None, kind="", address=None, noaddr=False, nocoords=False):
    rec = {"id": id, "channel": ch, "at": at}
    rec.update(caller)
    rec["text"] = text
    rec["requestType"] = rtype
    if place:
        addr, lat, lng = PLACES[place]
        lat += offset[0]; lng += offset[1]
        if not noaddr:
            rec["address"] = address or addr
        if not nocoords and crs:
            if crs == "wgs84": lat, lng = gcj2wgs(lat, lng)
            elif crs == "bd09": lat, lng = gcj2bd(lat, lng)
            rec["lat"] = round(lat, 6); rec["lng"] = round(lng, 6); rec["crs"] = crs
    rec["label"] = {"repeatOf": repeatOf, "cluster": cluster}
    rec["kind"] = kind
    lines.append(rec)

def P(n): return {"phone": "138%08d" % n}
def O(n, phone=None):
    d = {"openId": "oWx%020d" % n}
    if phone: d["phone"] = "138%08d" % phone
    return d
def E(n, phone=None):
    d = {"email": "citizen%03d@example.cn" % n}
    if phone: d["phone"] = "138%08d" % phone
    return d

H = 60; D = 24 * 60

# ---- A. Same caller, same matter, paraphrased, across channels (repeats) ----
# Each matter: (caller, place, rtype, [(channel, day offset in minutes, text, crs)])
MATTERS = [
 (P(1), "yangguang", "complaint", [
   ("phone", 0, "嗯，你好，那个，我是阳光花园的业主，就是我们楼下那家烧烤店啊，每天晚上油烟特别大，窗户都不敢开，然后一直熏到十二点多。", None),
   ("sms", 2*D, "阳光花园楼下烧烤店油烟太大了，上次打电话反映过还是没人管，每晚熏到半夜。", None),
   ("web", 5*D, "再次投诉：阳光花园小区楼下烧烤店排烟严重，晚上油烟直接飘进家里，请尽快处理！", "bd09")]),
 (P(2), "cuizhu", "complaint", [
   ("web", 30, "翠竹苑12栋旁边工地夜间施工，凌晨一两点还在打桩，噪音严重影响休息。", "bd09"),
   ("phone", 1*D, "呃，我要投诉一下翠竹苑旁边那个工地，嗯，晚上一点多还在打桩，吵得根本睡不着觉。", None),
   ("sms", 3*D, "翠竹苑旁工地又半夜施工打桩了，噪音扰民，请执法部门管一管", None),
   ("police110", 3*D + 2*H, "报警人称翠竹苑附近工地夜间施工噪音扰民，已多次反映未果。", "wgs84")]),
 (P(3), "haibin", "help", [
   ("phone", 60, "喂，你好，海滨新村这边从昨天下午开始就停水了，一直没来水，也没有看到停水通知，家里老人孩子都没水用。", None),
   ("sms", 20*H, "海滨新村停水一天多了还没恢复供水，什么时候能来水？", None)]),
 (O(4, 4), "longhua", "complaint", [
   ("miniprogram", 90, "龙华大道3009号门口的路灯坏了好几天了，晚上黑漆漆的，行人过马路很危险。", "gcj02"),
   ("sms", 2*D, "龙华大道3009号门口路灯一直不亮，上周在小程序上报过了，还是没修。", None)]),
 (E(5), "bihaiwan", "complaint", [
   ("email", 120, "市长您好：我是碧海湾小区居民，小区物业长期不清运垃圾，垃圾桶满了溢出来，天气热了臭味熏天，蚊蝇很多，请相关部门督促物业整改。", None),
   ("email", 4*D, "关于碧海湾小区垃圾清运问题的再次反映：上次来信反映物业不清运垃圾，至今垃圾堆放依旧，恶臭严重，希望尽快处理。", None)]),
 (P(6), "futian", "help", [
   ("phone", 150, "那个，福华路和金田路路口有个井盖不见了，就是一个大洞在那里，然后很容易掉下去，你们赶紧派人来看看。", None),
   ("web", 3*H, "福华路金田路交叉口井盖缺失，路面留下大坑，存在安全隐患，请尽快补装井盖。", "wgs84")]),
 (P(7), "longzhu", "complaint", [
   ("sms", 200, "龙珠花园3栋电梯又坏了，一周坏三次，物业不修，老人上下楼很困难。", None),
   ("phone", 2*D, "嗯，我反映一下啊，龙珠花园三栋的电梯老是坏，这周都坏了三次了，物业也不管，我们家老人爬不了楼。", None),
   ("miniprogram", 6*D, "龙珠花园3栋电梯频繁故障停运，物业一直拖着不维修，请督促尽快修好。", "gcj02")]),
 (P(8), "jinpeng", "complaint", [
   ("phone", 240, "就是我要投诉金鹏苑门口那些乱停的车啊，把消防通道全部堵死了，然后消防车都进不来。", None),
   ("sms", 1*D, "金鹏苑门口车辆乱停占用消防通道，之前反映过还是堵着，请交警处理", None)]),
 (P(9), "yintian", "help", [
   ("phone", 300, "嗯我在银田工业区那个电子厂上班，然后老板已经拖欠我们三个月工资了，一直不发，我们十几个工人都没拿到钱。", None),
   ("sms", 3*D, "银田工业区电子厂拖欠工资三个月，十几个工人讨薪无门，请劳动部门帮忙。", None),
   ("web", 10*D, "西乡银田工业区某电子厂欠薪问题：我们十余名员工已三个月未领工资，之前打过12345，希望劳动监察尽快介入。", None)]),
 (O(10, 10), "meihua", "complaint", [
   ("miniprogram", 330, "梅花山庄小区门口有人私自搭建铁皮房，占用公共绿地，已经搭了两层了。", "gcj02"),
   ("phone", 4*D, "呃我上回在小程序上反映过，梅花山庄门口那个违建的铁皮房，嗯，现在又加盖了，占了绿化带，没人来拆。", None)]),
 (P(11), "haoxiang", "help", [
   ("phone", 360, "喂你好，蚝乡路这边整条街都停电了，从中午到现在还没来电，冰箱里的东西都坏了。", None),
   ("sms", 6*H, "沙井蚝乡路停电七八个小时了还没恢复，供电局什么时候来修？", None)]),
 (P(12), "liuyue", "complaint", [
   ("web", 400, "六约社区有一家KTV每天营业到凌晨三点，音响声音非常大，附近居民无法入睡。", None),
   ("phone", 2*D, "嗯，就是六约社区那个KTV啊，每天半夜三点还在唱歌，音响开得特别大，我们根本没法睡觉。", None)]),
 (P(13), "niuhu", "complaint", [
   ("sms", 420, "牛湖新村下水道堵塞，污水冒到路面上，臭气熏天，好几天没人处理。", None),
   ("phone", 1*D, "那个，牛湖新村的下水道堵了，然后污水都漫到路上来了，很臭，就是好几天了也没人来疏通。", None)]),
 (E(14, 14), "wanghai", "suggestion", [
   ("email", 450, "建议在蛇口望海路增设一个公交站台，目前附近居民要走一公里才能坐公交车，老人出行很不方便。", None),
   ("sms", 7*D, "再提一次：蛇口望海路附近没有公交站，建议增设站台方便老人坐公交车。", None)]),
 (P(15), "huaqiang", "complaint", [
   ("phone", 480, "我要投诉华强北路的一家手机店，嗯，卖给我的是翻新机，然后他们不给退款，态度还很差。", None),
   ("web", 1*D, "华强北路某手机店以翻新机冒充新机出售，拒绝退款，请市场监管部门查处。", None)]),
 (P(16), "tantou", "complaint", [
   ("police110", 500, "报警人反映潭头市场周边流动摊贩占道经营，堵塞交通，非警务事项转12345处理。", "wgs84"),
   ("phone", 2*D, "嗯，潭头市场那边那些摆摊的把路都占了，车都过不去，就是天天这样，城管也不管。", None)]),
 (O(17, 17), "pingshan", "help", [
   ("miniprogram", 540, "坪山大道边上一棵大树被台风刮倒了，横在人行道上，行人过不去。", "gcj02"),
   ("phone", 5*H, "你好，坪山大道那里有棵树倒了，嗯，就是压在人行道上，然后到现在也没人来清理。", None)]),
 (P(18), "lianhua", "help", [
   ("phone", 600, "嗯你好，莲花北村这个冬天暖，呃不是，是热水器，不是，是我们楼的水压特别低，楼上六楼以上基本没水。", None),
   ("web", 2*D, "莲花北村高层水压不足，六楼以上几乎没有自来水，已持续一周，请供水公司处理。", None)]),
 (P(19), "baihua", "complaint", [
   ("sms", 640, "百花二路人行道上好多地砖破损翘起，好几个老人都绊倒了，请修一下。", None),
   ("phone", 3*D, "嗯，百花二路的人行道砖都坏了，翘起来，我妈上次就在那里绊倒了，然后一直没修。", None)]),
 (E(20), "fenghuang", "complaint", [
   ("email", 700, "凤凰社区附近有工厂夜间偷排废气，气味刺鼻，晚上开窗就能闻到，严重影响居民健康。", None),
   ("email", 9*D, "再次反映凤凰社区工厂夜间排放废气污染问题，近期更加严重，刺鼻气味让人头晕。", None)]),
 (P(21), "xili", "complaint", [
   ("phone", 720, "嗯，大磡村这里有家养狗的，狗不拴绳，然后前两天把小孩咬了，就是邻居也不管。", None),
   ("sms", 1*D, "大磡村有人养狗不拴绳，已经咬伤小孩，请相关部门处理", None)]),
 (P(22), "dongmen", "consultation", [
   ("phone", 760, "我想咨询一下，那个东门步行街附近的老房子要办不动产证，需要带什么材料？", None),
   ("sms", 2*D, "请问东门老房子办理不动产权证需要哪些材料？上次打电话没问清楚。", None)]),
 (O(23, 23), "buji", "suggestion", [
   ("miniprogram", 800, "建议长龙地铁站增开早高峰接驳公交，现在排队太长了，等半个小时上不了车。", "gcj02"),
   ("phone", 3*D, "嗯我建议一下，就是长龙地铁站那个接驳公交早上班次太少了，排队排半个小时，能不能早高峰多开几班。", None)]),
 (P(24), "shiyan", "complaint", [
   ("web", 830, "浪心社区一家健身房突然关门跑路，我办了两年的会员卡，还有一万多元没退。", None),
   ("sms", 1*D, "石岩浪心社区健身房跑路了，会员卡里一万多块钱退不了，请帮忙维权", None),
   ("phone", 8*D, "呃，我之前反映过的，浪心那个健身房老板跑路了，我们会员的钱都没退，现在怎么样了？", None)]),
 (P(25), "guangming", "complaint", [
   ("phone", 870, "嗯，上村社区那个垃圾中转站啊，就是每天早上五点开始压垃圾，声音很大，然后臭味也很重。", None),
   ("web", 4*D, "上村社区垃圾中转站清晨五点作业噪音大、异味重，严重影响周边居民。", None)]),
 (P(26), "minzhi", "help", [
   ("sms", 900, "白石龙一区12栋楼道闻到很重的煤气味，怀疑漏气，请尽快派人查看！", None),
   ("phone", 940, "喂，白石龙一区十二栋楼道里一股煤气味，嗯，很浓，是不是哪里漏气了，你们快派人来。", None)]),
 (P(27), "xinan", "complaint", [
   ("phone", 950, "我是翻身路那边的，就是那个路口的红绿灯坏了，一直闪黄灯，然后车和人都乱走，很危险。", None),
   ("sms", 5*H, "翻身路路口信号灯故障一直闪黄灯，交通混乱，请尽快维修", None)]),
 (E(28, 28), "yantian", "complaint", [
   ("email", 1000, "沙头角海景路一带近期有渣土车夜间行驶，车速很快还掉落渣土，路面扬尘严重。", None),
   ("phone", 2*D, "嗯，海景路那边渣土车半夜开得很快，然后泥土掉了一路，灰尘特别大，我发过邮件了。", None)]),
 (P(29), "kengzi", "consultation", [
   ("phone", 1040, "想咨询一下，那个，我孩子明年上小学，我们是秀新社区的，就是学位申请要准备什么材料？", None),
   ("web", 6*D, "咨询：坑梓秀新社区适龄儿童明年小学学位申请需要哪些材料，什么时候开始报名？", None)]),
 (P(30), "henggang", "complaint", [
   ("sms", 1080, "大康社区出租屋楼顶有人违建加盖一层，施工到晚上，担心安全。", None),
   ("police110", 1*D, "报警人称大康社区某出租屋楼顶违法加建，夜间施工，转12345处理。", "wgs84")]),
]

# Later repeats of a few matters that arrive through a linked identity (mini-program with openid + phone, then
# SMS by phone only is already in MATTERS). Here: first by phone, then a mini-program report with the openid only
# of a caller who once linked them.
n = 0
for i, (caller, place, rtype, subs) in enumerate(MATTERS):
    orig = None
    first_at = subs[0][1]
    for j, (ch, at, text, crs) in enumerate(subs):
        if j > 0: at += first_at
        mid = "m%02d-%d" % (i + 1, j)
        c = dict(caller)
        # Channels carry the identity they can: SMS, calls and 110 carry the phone; email the address (and a
        # phone when the citizen wrote it); the mini-program the openid (and phone when bound).
        if ch in ("phone", "sms", "police110", "web"):
            c = {"phone": caller.get("phone")} if caller.get("phone") else c
        add(mid, ch, at + i * 7, c, text, rtype, place=place, crs=crs, repeatOf=orig, kind="repeat" if orig else "original",
            noaddr=(ch in ("sms", "phone")), nocoords=(crs is None))
        if orig is None: orig = mid

# ---- B. Same caller, a new matter (not a repeat) ----
NEW_MATTERS = [
 (P(1), "yangguang", "consultation", "phone", 3*D, "嗯你好，我想问一下，那个社保卡丢了要去哪里补办？需要带什么？"),
 (P(2), "cuizhu", "complaint", "sms", 4*D, "翠竹苑小区门口公交站的站牌被撞坏了，好几天没修。"),
 (P(3), "haibin", "complaint", "phone", 5*D, "呃，海滨新村后面那条路上的垃圾好几天没人收了，堆了一大堆，很臭。"),
 (O(4), "longhua", "consultation", "miniprogram", 6*D, "请问新生儿怎么办理医保参保？在哪里办？"),
 (E(5), "bihaiwan", "suggestion", "email", 8*D, "建议在碧海湾小区附近的路口增设斑马线和减速带，孩子上学过马路很危险。"),
 (P(7), "longzhu", "complaint", "sms", 8*D, "龙珠花园门口的快餐店把桌子摆到人行道上，占道经营。"),
 (P(9), "yintian", "consultation", "phone", 12*D, "嗯，我想咨询一下，就是公积金怎么提取出来租房用？"),
 (P(11), "haoxiang", "complaint", "phone", 4*D, "蚝乡路那个菜市场里有家店卖的猪肉有问题，吃了拉肚子，我要举报。"),
 (P(12), "liuyue", "complaint", "sms", 5*D, "六约社区的路灯晚上有一半不亮，走夜路很黑。"),
 (P(15), "huaqiang", "complaint", "phone", 6*D, "呃，我家楼上漏水，就是渗到我家天花板了，楼上不理，物业也不管。"),
 (P(18), "lianhua", "complaint", "sms", 6*D, "莲花北村有人在小区里养了好多鸽子，到处是鸽子粪。"),
 (P(19), "baihua", "consultation", "phone", 8*D, "我想问一下，那个老人的高龄津贴怎么申请？"),
 (P(21), "xili", "complaint", "phone", 6*D, "大磡村村口有人乱倒建筑垃圾，渣土堆得很高，一下雨就冲到路上。"),
 (P(24), "shiyan", "complaint", "sms", 3*D, "石岩这边的公交车司机开车太猛，老人站不稳，线路是B群的。"),
 (P(25), "guangming", "help", "phone", 7*D, "嗯，上村社区有一户人家的老人走丢了，就是我爷爷，有阿尔茨海默症，能不能帮忙找一下。"),
 (P(27), "xinan", "complaint", "phone", 3*D, "翻身路有家奶茶店噪音很大，音响放到晚上十一点。"),
 (P(29), "kengzi", "complaint", "web", 9*D, "坑梓秀新社区一家培训机构收了学费后关门，预付的课时费不退。"),
 (P(30), "henggang", "help", "phone", 5*D, "大康社区这边停电了，整栋楼都没电，电梯里还困了人。"),
 # Same caller, same kind of matter, different place: not the same matter.
 (P(2), "dongmen", "complaint", "phone", 6*D, "嗯，我在东门步行街上班，就是这边有个商场外面的音响放得特别吵，噪音很大。"),
 (P(8), "buji", "complaint", "sms", 4*D, "长龙地铁站出口那边电动车乱停，把盲道都占了。"),
 (P(13), "tantou", "complaint", "phone", 9*D, "松岗潭头市场旁边的下水道也堵了，污水漫出来。"),
 (P(26), "xinan", "help", "phone", 8*D, "新安翻身路一栋楼里闻到煤气味，是我朋友家那栋，能不能派人看看。"),
]
for i, (caller, place, rtype, ch, at, text) in enumerate(NEW_MATTERS):
    c = {"phone": caller["phone"]} if ch in ("phone", "sms", "web") and caller.get("phone") else dict(caller)
    add("n%02d" % (i + 1), ch, at + 500 + i * 11, c, text, rtype, place=place, kind="same caller, new matter", noaddr=True)

# ---- C. Different callers at the same place with different matters (no cluster) ----
SAME_PLACE = [
 ("yangguang", "web", 6*H, "阳光花园小区绿化带很久没修剪了，杂草丛生，蚊虫很多。", "bd09"),
 ("yangguang", "miniprogram", 9*H, "阳光花园门口的共享单车堆放太多，挡住了出入口。", "gcj02"),
 ("cuizhu", "miniprogram", 8*H, "翠竹苑小区停车场收费太高，物业乱收费，要求公示收费依据。", "gcj02"),
 ("cuizhu", "web", 1*D, "翠竹苑15栋的楼道灯坏了很久，晚上回家很黑。", "wgs84"),
 ("haibin", "web", 1*D, "海滨新村门口的公交站没有遮阳棚，夏天等车很晒，建议加装。", "bd09"),
 ("longhua", "web", 12*H, "龙华大道3009号旁边的商铺把广告牌挂得很低，挡住了人行道。", "wgs84"),
 ("bihaiwan", "miniprogram", 1*D, "碧海湾小区游泳池水质浑浊，物业没有按时换水消毒。", "gcj02"),
 ("longzhu", "web", 1*D, "龙珠花园旁边的幼儿园门口早上接送孩子的车辆太多，交通拥堵。", "bd09"),
 ("jinpeng", "miniprogram", 20*H, "金鹏苑小区的快递柜太少，快递都堆在门卫室。", "gcj02"),
 ("meihua", "web", 1*D, "梅花山庄业主反映开发商交房延期半年，至今没有交房。", "wgs84"),
 ("niuhu", "miniprogram", 2*D, "牛湖新村附近的公交站台广告牌破损，玻璃掉下来了。", "gcj02"),
 ("wanghai", "web", 1*D, "望海路海边栈道的护栏松动，有人靠上去很危险。", "bd09"),
 ("huaqiang", "miniprogram", 12*H, "华强北路地铁口附近有人拉客兜售，影响通行。", "gcj02"),
 ("lianhua", "web", 1*D, "莲花北村附近的公园厕所没人打扫，卫生很差。", "wgs84"),
 ("baihua", "miniprogram", 1*D, "百花二路有家餐馆的油烟直排，楼上住户受不了。", "gcj02"),
 ("dongmen", "web", 10*H, "东门步行街的公共厕所关闭了，游客找不到厕所。", "bd09"),
 ("shiyan", "miniprogram", 1*D, "浪心社区菜市场的排水沟堵了，地上积水很脏。", "gcj02"),
 ("guangming", "web", 2*D, "上村社区公园的健身器材坏了好几个，存在安全隐患。", "wgs84"),
 ("kengzi", "miniprogram", 1*D, "秀新社区的快递驿站占用了消防通道。", "gcj02"),
 ("henggang", "web", 2*D, "大康社区的卫生服务中心周末不开门，看病不方便。", "bd09"),
 ("xinan", "miniprogram", 1*D, "翻身路边的共享单车停放点被商家占用摆摊。", "gcj02"),
]
for i, (place, ch, at, text, crs) in enumerate(SAME_PLACE):
    caller = O(500 + i) if ch == "miniprogram" else P(500 + i)
    add("p%02d" % (i + 1), ch, at + 700 + i * 13, caller, text, "complaint", place=place, crs=crs,
        offset=(0.0006 * ((i % 3) - 1), 0.0005), kind="same place, different matter")

# ---- D. Neighbours reporting one incident (clusters; none is a repeat) ----
CLUSTERS = [
 ("c01", "jinpeng", [
   ("phone", 0, "嗯喂，金鹏苑这边有根水管爆了，就是水一直往外喷，然后路面都淹了。", None),
   ("miniprogram", 25, "金鹏苑小区门口自来水管破裂，大量冒水，路上全是水。", "gcj02"),
   ("web", 50, "金鹏苑附近供水管爆管，水漫到马路上，车辆通行困难，请供水公司抢修。", "bd09"),
   ("police110", 70, "报警人称金鹏苑小区外自来水管爆裂漏水，路面积水，转12345处理。", "wgs84")]),
 ("c02", "meihua", [
   ("sms", 0, "梅花山庄整个小区停电了，到现在都没来电。", None),
   ("miniprogram", 15, "梅花山庄小区突然停电，电梯也停了，请供电局尽快抢修。", "gcj02"),
   ("web", 40, "梅花山庄大面积停电已经一个多小时，家里冰箱空调都停了。", "wgs84")]),
 ("c03", "longhua", [
   ("miniprogram", 0, "龙华大道3009号附近闻到很浓的燃气味，好像是地下燃气管道漏气。", "gcj02"),
   ("police110", 10, "报警人反映龙华大道3009号附近有浓烈燃气味，疑似燃气泄漏，转12345通知燃气公司。", "wgs84"),
   ("web", 35, "龙华大道3009号门口天然气泄漏味道很大，路过的人都闻到了，请赶快派人检查。", "bd09")]),
 ("c04", "wanghai", [
   ("web", 0, "望海路上一棵大树倒伏压住了两辆车，道路被堵。", "bd09"),
   ("miniprogram", 20, "蛇口望海路有树被风吹倒，横在路中间，车辆无法通行。", "gcj02"),
   ("police110", 45, "报警人称望海路树木倒伏阻断交通，无人员受伤，转12345处理。", "wgs84")]),
 ("c05", "tantou", [
   ("miniprogram", 0, "潭头市场旁边的垃圾站好几天没有清运，垃圾堆满了，臭味很大。", "gcj02"),
   ("web", 3*H, "潭头市场垃圾站垃圾堆积如山，没人清理，恶臭扑鼻。", "wgs84"),
   ("miniprogram", 8*H, "松岗潭头市场的垃圾一直没人清运，苍蝇很多，味道很重。", "gcj02")]),
 ("c06", "huaqiang", [
   ("web", 0, "华强北路路面出现塌陷，有一个很大的坑，车辆经过很危险。", "bd09"),
   ("miniprogram", 30, "华强北路中段路面塌陷出现大坑，已经有电动车摔倒了。", "gcj02"),
   ("police110", 60, "报警人称华强北路路面塌陷，存在安全隐患，转12345通知路政处理。", "wgs84")]),
 ("c07", "lianhua", [
   ("sms", 0, "莲花北村停水了，整个小区都没水。", None),
   ("miniprogram", 30, "莲花北村小区突然停水，没有提前通知，什么时候恢复供水？", "gcj02"),
   ("web", 90, "莲花北村从早上开始停水，已经停了三个小时，没有任何通知。", "wgs84")]),
 ("c08", "xili", [
   ("miniprogram", 0, "大磡村村口有工地晚上十一点后还在施工，电钻声很吵。", "gcj02"),
   ("web", 40, "大磡村工地夜间施工噪音扰民，已经快十二点了还在作业。", "bd09"),
   ("miniprogram", 80, "西丽大磡村附近工地半夜施工，吵得孩子睡不着。", "gcj02")]),
 ("c09", "pingshan", [
   ("web", 0, "坪山大道上的红绿灯全部不亮了，路口交通很乱。", "wgs84"),
   ("miniprogram", 20, "坪山大道路口信号灯故障，车辆乱成一团，需要交警疏导。", "gcj02"),
   ("police110", 30, "报警人称坪山大道路口信号灯故障致交通拥堵，转12345通知维修。", "wgs84")]),
 ("c10", "yantian", [
   ("miniprogram", 0, "海景路附近的排水口堵了，下大雨积水很深，车都泡水了。", "gcj02"),
   ("web", 30, "沙头角海景路暴雨后严重内涝，积水到膝盖，排水不畅。", "bd09"),
   ("miniprogram", 70, "海景路积水严重，排水沟堵塞，行人无法通过。", "gcj02")]),
]
base = 14 * D
for k, (cid, place, reports) in enumerate(CLUSTERS):
    for j, (ch, at, text, crs) in enumerate(reports):
        caller = O(800 + k * 10 + j) if ch == "miniprogram" else (P(800 + k * 10 + j))
        add("%s-%d" % (cid, j), ch, base + k * 5 * H + at, caller, text, "help" if j % 2 else "complaint", place=place,
            crs=crs, offset=(0.0008 * (j - 1), -0.0006 * j), cluster=cid, kind="neighbour, one incident",
            noaddr=(ch in ("sms",)), nocoords=(crs is None))

# ---- E. Edge cases of the rules ----
# A repeat 31 days after the last contact is outside the window: a new ticket.
add("w01-0", "phone", 16 * D, P(900), "嗯，你好，我们温馨家园小区的路灯坏了一整排，晚上特别黑。", place="shiyan", noaddr=True,
    kind="original")
add("w01-1", "sms", 16 * D + 31 * D, P(900), "温馨家园小区路灯坏了一整排，晚上很黑，请维修。", place="shiyan", noaddr=True,
    kind="outside the repeat window")
add("w02-0", "web", 16 * D + 100, P(901), "大运中心附近的公交站台长时间没有公交车来，班次太少。", kind="original")
add("w02-1", "sms", 16 * D + 100 + 29 * D, P(901), "大运中心公交站班次太少了，等了一个小时都没车。", repeatOf="w02-0",
    kind="inside the repeat window")
# A number that is not a person's (an SMS port) never makes two strangers one caller.
add("s01-0", "sms", 18 * D, {"phone": "1069012345"}, "温馨提示：福田区荔枝公园周边道路临时交通管制。", kind="service number")
add("s01-1", "sms", 18 * D + 60, {"phone": "1069012345"}, "温馨提示：福田区荔枝公园周边道路临时交通管制，请绕行。", kind="service number")
# Anonymous submissions have no caller to repeat.
# (Two anonymous reports of one thing at one named place are still one incident.)
add("a01-0", "web", 18 * D + 200, {}, "匿名举报：有人在荔枝公园湖边非法捕鱼。", cluster="a01", kind="anonymous")
add("a01-1", "web", 18 * D + 260, {}, "匿名：荔枝公园湖边有人非法捕鱼，请管理处制止。", cluster="a01", kind="anonymous")
# Same caller, same topic and text pattern, two places (two different noise sources).
add("t01-0", "phone", 19 * D, P(902), "嗯，我们家楼下那个酒吧每天晚上音乐声音很大，噪音扰民。", place="dongmen", noaddr=True,
    kind="original")
add("t01-1", "web", 19 * D + 3 * D, P(902), "我公司所在的科技园写字楼旁边工地白天施工噪音太大，无法办公。", place="xili",
    crs="bd09", kind="same caller, same topic, other place")
# Linked identity: a mini-program report with openid and phone, then an SMS by the phone, then a mini-program
# message with the openid only.
add("l01-0", "miniprogram", 20 * D, O(903, 903), "幸福里小区3栋楼顶水箱漏水，楼道里全是水。", place="henggang", crs="gcj02",
    address="龙岗区横岗街道幸福里小区3栋", kind="original (openid and phone)")
add("l01-1", "sms", 20 * D + 5 * H, P(903), "幸福里小区3栋楼顶水箱一直漏水，楼道积水，请物业处理。", repeatOf="l01-0",
    kind="repeat via linked phone")
add("l01-2", "miniprogram", 21 * D, O(903), "幸福里3栋水箱漏水还是没修好，楼道天天有水。", place="henggang", crs="gcj02",
    address="横岗幸福里小区三栋", repeatOf="l01-0", kind="repeat via openid")

# ---- F. More repeats, later in the month, and single reports that match nothing ----
LATE = [
 (P(41), "niuhu", "complaint", [
   ("phone", 0, "嗯，牛湖新村那个菜市场门口，就是每天早上有人卖活禽，然后鸡毛鸡粪到处都是，很脏。", None),
   ("sms", 2*D, "牛湖新村菜市场门口有人违规宰杀活禽，环境很脏，请处理。", None)]),
 (P(42), "lianhua", "complaint", [
   ("web", 0, "莲花北村32栋楼下的化粪池满了，污水往外冒，味道非常难闻。", "wgs84"),
   ("phone", 1*D, "呃你好，莲花北村三十二栋下面那个化粪池冒污水了，然后臭得不行，就是已经两天了。", None),
   ("sms", 3*D, "莲花北村32栋化粪池污水外溢，臭味严重，还没人来清理", None)]),
 (O(43, 43), "baihua", "complaint", [
   ("miniprogram", 0, "百花二路的一家餐馆把厨余垃圾直接倒进雨水井，路边臭气很重。", "gcj02"),
   ("phone", 2*D, "嗯，我在小程序上报过的，就是百花二路有个饭店把泔水倒进下水井，到现在还在倒。", None)]),
 (P(44), "fenghuang", "help", [
   ("phone", 0, "你好，凤凰社区这边有个老人晕倒在公交站旁边，呃，不是，已经送医院了，我是想问那个公交站的台阶太高，老人上下车很危险。", None),
   ("web", 4*D, "凤凰社区公交站台阶过高，老人上下车容易摔倒，建议改造成无障碍站台。", None)]),
 (P(45), "dongmen", "complaint", [
   ("sms", 0, "东门步行街有商户用大喇叭循环播放促销广告，从早到晚很吵。", None),
   ("phone", 1*D, "东门步行街那些店门口的大喇叭啊，就是一整天在喊促销，吵死了，附近住户受不了。", None)]),
 (P(46), "buji", "complaint", [
   ("web", 0, "长龙地铁站B出口扶梯坏了一个多月，一直没有维修，乘客只能走楼梯。", None),
   ("sms", 5*D, "长龙地铁站B口扶梯还是坏的，一个多月了，请地铁公司尽快修复。", None)]),
 (E(47), "xinan", "complaint", [
   ("email", 0, "翻身路某小区开发商承诺的车位至今未交付，业主多次交涉无果，请住建部门协调。", None),
   ("email", 12*D, "再次反映翻身路小区开发商车位未按合同交付的问题，开发商仍不回应。", None)]),
 (P(48), "shiyan", "help", [
   ("phone", 0, "喂，浪心社区这边有个小孩被困在电梯里了，就是电梯停在两层中间，物业电话打不通。", None),
   ("sms", 20, "浪心社区电梯困人，小孩被困在里面，物业联系不上，请快派人！", None)]),
 (P(49), "guangming", "complaint", [
   ("phone", 0, "嗯，上村社区那边有家五金厂晚上排黑烟，然后一股塑料烧焦的味道，我们窗户都不敢开。", None),
   ("web", 2*D, "公明上村社区五金厂夜间排放黑烟，焦臭味严重，疑似偷排废气，请环保部门查处。", None),
   ("sms", 6*D, "上村社区五金厂还在晚上排黑烟，焦臭味很重，请环保局来查。", None)]),
 (P(50), "kengzi", "complaint", [
   ("sms", 0, "秀新社区有人在河边钓鱼还乱扔垃圾，河边全是塑料袋。", None),
   ("phone", 2*D, "秀新社区那条河边，嗯，钓鱼的人乱扔垃圾，塑料袋饭盒扔得到处都是，没人管。", None)]),
 (P(51), "yangguang", "consultation", [
   ("phone", 0, "你好，我想问一下，嗯，阳光花园这边的老旧小区加装电梯，政府有没有补贴，怎么申请？", None),
   ("web", 3*D, "咨询阳光花园小区加装电梯的政府补贴政策和申请流程。", None)]),
 (P(52), "liuyue", "complaint", [
   ("web", 0, "六约社区一家幼儿园私自涨价，学费一学期涨了两千，没有任何公示。", None),
   ("sms", 4*D, "六约社区幼儿园乱涨学费，一学期涨两千元，请教育局查一下", None)]),
]
for i, (caller, place, rtype, subs) in enumerate(LATE):
    orig = None
    for j, (ch, at, text, crs) in enumerate(subs):
        mid = "f%02d-%d" % (i + 1, j)
        c = dict(caller)
        if ch in ("phone", "sms", "police110", "web"):
            c = {"phone": caller.get("phone")} if caller.get("phone") else c
        add(mid, ch, 23 * D + i * 9 * H + at, c, text, rtype, place=place, crs=crs, repeatOf=orig,
            kind="repeat" if orig else "original", noaddr=(ch in ("sms", "phone")), nocoords=(crs is None))
        if orig is None: orig = mid

SINGLE = [
 ("phone", "请问身份证过期了，异地可以换领吗？需要什么手续？", "consultation"),
 ("sms", "请问失业金怎么申领？", "consultation"),
 ("web", "表扬：福田区政务服务中心的工作人员耐心帮我办理了营业执照，服务很好。", "praise"),
 ("email", "建议延长市图书馆周末开放时间，晚上九点闭馆太早了。", "suggestion"),
 ("miniprogram", "请问孩子的疫苗接种证丢了，怎么补办？", "consultation"),
 ("phone", "嗯，我想问一下，就是退休人员的养老金什么时候调整，今年涨多少？", "consultation"),
 ("web", "举报某网约车司机绕路多收费，行程单显示多跑了十公里。", "report"),
 ("sms", "出租车司机拒载，车牌粤B12345，在机场T3。", "complaint"),
 ("email", "反映某银行网点排队时间过长，只开一个窗口，老人等了两个小时。", "complaint"),
 ("miniprogram", "表扬龙岗区某派出所民警帮我找回了丢失的钱包。", "praise"),
 ("phone", "呃，请问一下，公租房申请条件是什么？外地户口能不能申请？", "consultation"),
 ("web", "建议在深圳湾公园增加自行车道和休息座椅。", "suggestion"),
 ("sms", "请问港澳通行证续签可以网上办吗？", "consultation"),
 ("police110", "报警人反映邻居家中宠物狗整夜吠叫扰民，非警务事项，转12345处理。", "complaint"),
 ("phone", "我要举报一家诊所没有资质，还在给人打针输液。", "report"),
 ("web", "咨询新能源汽车指标申请的条件和流程。", "consultation"),
 ("email", "反映快递公司丢件后拒绝按保价赔偿，客服一直推脱。", "complaint"),
 ("miniprogram", "请问电动自行车上牌需要带哪些资料？在哪里办理？", "consultation"),
 ("sms", "感谢环卫工人，暴雨后第一时间清理了路面。", "praise"),
 ("phone", "嗯，就是我网购的商品质量有问题，商家不给退货，我想投诉。", "complaint"),
 ("web", "举报某小区内有人开设地下赌场，每天晚上人员进出频繁。", "report"),
 ("police110", "报警人称其租住房屋房东拒不退还押金，属民事纠纷，转12345处理。", "help"),
 ("email", "建议地铁11号线早高峰增加列车班次，车厢太挤。", "suggestion"),
 ("miniprogram", "请问人才引进的补贴什么时候发放？已经申请三个月了。", "consultation"),
 ("phone", "喂，我想问一下，那个居住证到期了怎么续签？", "consultation"),
]
for i, (ch, text, rtype) in enumerate(SINGLE):
    caller = O(950 + i) if ch == "miniprogram" else (E(950 + i) if ch == "email" else P(950 + i))
    add("u%02d" % (i + 1), ch, 2 * D + i * 29 * H, caller, text, rtype, kind="single report")

lines.sort(key=lambda r: (r["at"], r["id"]))
with open(__file__.rsplit("/", 1)[0] + "/eval.jsonl", "w", encoding="utf-8") as f:
    for r in lines:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(lines), "lines,", sum(1 for r in lines if r["label"]["repeatOf"]), "repeats,",
      sum(1 for r in lines if r["label"]["cluster"]), "cluster members")
