-- Realistic ~600-byte citizen web submissions. By default (BENCH_WORKLOAD=mixed) every request is a different
-- caller about one of 24 matters at one of 4096 places across the city, so the dedup engine meets the kind of
-- history a hotline has; BENCH_WORKLOAD=hotspot sends the same matter at the same place from ever new callers
-- (one burst pipe reported by everyone), the dedup engine's worst case.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local hotspot = os.getenv("BENCH_WORKLOAD") == "hotspot"
local counter = 0
local matters = {
  {"路灯不亮", "小区东门到三号楼之间的路灯已经坏了两个多星期，晚上非常黑，老人和孩子出行很不安全，前几天还有人摔倒。"},
  {"噪音扰民", "工地每天晚上十二点以后还在施工打桩，噪音非常大，周围居民根本无法休息，已经持续一个多月了。"},
  {"水压太低", "这几天晚上家里水压很低，六楼以上基本没有水，做饭洗澡都成问题，物业说是市政供水的原因。"},
  {"垃圾清运", "菜市场门口的垃圾已经堆了三天没有人清运，天气热臭味很大，还有很多苍蝇，影响周边商户和居民。"},
  {"占道经营", "人行道上有流动摊贩长期占道经营，行人只能走到机动车道上，早晚高峰非常危险，希望城管处理。"},
  {"井盖缺失", "辅路上有一个井盖缺失，虽然用路障围起来了，但晚上看不清楚，电动车很容易掉进去，非常危险。"},
  {"公交拥挤", "早高峰这条公交线路太挤了，经常等三四班车都上不去，建议增加班次或者开通高峰快线。"},
  {"燃气异味", "楼道里有明显的燃气味，已经持续两天了，担心是管道泄漏，请燃气公司尽快派人来检查维修。"},
  {"违章停车", "小区出入口长期有车辆违章停放，消防通道被堵死，救护车和消防车都进不来，请交警来处理。"},
  {"油烟扰民", "楼下餐馆的排烟管道直接对着居民楼，油烟很大，窗户都不敢开，希望环保部门来检查。"},
  {"树木倒伏", "台风过后路边有一棵大树倒在人行道上，压坏了护栏，到现在还没有人来清理，行人只能绕行。"},
  {"物业收费", "物业今年突然上调了物业管理费，没有召开业主大会，也没有公示收费标准，想咨询是否合规。"},
}
local function body(i)
  local m, lat, lng
  if hotspot then
    m = matters[1]; lat = 22.5431; lng = 114.0579
  else
    m = matters[(i % #matters) + 1]
    local place = (i * 7919) % 4096
    lat = 22.45 + (place % 64) * 0.004; lng = 113.85 + math.floor(place / 64) * 0.006
  end
  return string.format('{"name":"王小明","phone":"139%08d","requestType":"complaint","subject":"%s",' ..
    '"text":"您好，%s请相关部门尽快处理，谢谢！","location":{"address":"深圳市第%d片区","lat":%.5f,"lng":%.5f,"crs":"gcj02"}}',
    i % 100000000, m[1], m[2], i % 4096, lat, lng)
end
request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/intake/web", nil, body(counter))
end
