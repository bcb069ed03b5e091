-- A realistic ~600-byte citizen web submission; the phone number varies so callers differ.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local template = '{"name":"王小明","phone":"139%08d","requestType":"complaint","subject":"小区路灯长期不亮",' ..
  '"text":"您好，我是福田区华强北街道某小区的居民。小区东门到三号楼之间的路灯已经坏了两个多星期，' ..
  '晚上非常黑，老人和孩子出行很不安全，前几天还有人摔倒。物业说要等维修，一直没有人来修。请相关部门尽快处理，谢谢！",' ..
  '"location":{"address":"深圳市福田区华强北街道振兴路某小区东门","lat":22.5431,"lng":114.0579,"crs":"gcj02"}}'
request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/intake/web", nil, string.format(template, counter % 100000000))
end
