import Crypto

/// The pages' stylesheet and script, compiled into the binary (no files to ship, nothing fetched from elsewhere).
/// Served at `/assets/<name>` with a strong ETag; the pages' Content-Security-Policy allows nothing else.
enum PageAssets {
    struct Asset: Sendable {
        let contentType: String
        let body: [UInt8]
        let etag: String
        init(_ contentType: String, _ text: String) {
            self.contentType = contentType
            self.body = Array(text.utf8)
            self.etag = "\"" + hexString(Digest.sha256(body).prefix(12)) + "\""
        }
    }

    static let all: [String: Asset] = [
        "site.css": Asset("text/css; charset=utf-8", css),
        "site.js": Asset("text/javascript; charset=utf-8", script),
    ]

    /// Mobile first: one column, 48 px touch targets, system fonts (CJK included), contrast at least 4.5:1.
    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        [hidden]{display:none!important}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;font:17px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f5f7}
        a{color:#0645ad}
        a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px}
        .skip:focus{left:8px;z-index:9}
        header.site{background:#9f1d20;color:#fff;padding:10px 16px}
        header.site p{margin:0;font-weight:700;font-size:1.05rem}
        header.site a{color:#fff;text-decoration:none}
        nav.ops{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:4px}
        nav.ops a{color:#fff;text-decoration:underline;min-height:32px;display:inline-flex;align-items:center}
        main{max-width:44rem;margin:0 auto;padding:16px}
        main.wide{max-width:72rem}
        h1{font-size:1.5rem;line-height:1.3;margin:8px 0 16px}
        h2{font-size:1.15rem;margin:24px 0 8px}
        .card{background:#fff;border:1px solid #d0d4d9;border-radius:8px;padding:16px;margin:0 0 16px}
        .card>:first-child,.error-summary>:first-child{margin-top:0}
        fieldset{border:0;margin:0;padding:0;min-width:0}
        legend{font-weight:700;padding:0;margin-bottom:4px}
        .field{margin:0 0 18px}
        label,.label{display:block;font-weight:700;margin-bottom:4px}
        .hint{display:block;color:#4a4f55;font-size:.92rem;margin:0 0 6px}
        input[type=text],input[type=tel],input[type=password],input[type=search],input[type=date],select,textarea{width:100%;min-height:48px;padding:10px 12px;font:inherit;color:inherit;background:#fff;border:2px solid #5f6368;border-radius:6px}
        textarea{min-height:9rem;resize:vertical}
        input[type=file]{font:inherit;min-height:48px;max-width:100%}
        .choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:8px}
        .choice{display:flex;align-items:center;gap:10px;min-height:48px;padding:6px 12px;border:2px solid #8a8f96;border-radius:6px;background:#fff;font-weight:400;margin:0;cursor:pointer}
        .choice input{width:22px;height:22px;margin:0;flex:none}
        .check{display:flex;align-items:flex-start;gap:10px;min-height:48px;padding:10px 0;font-weight:400}
        .check input{width:24px;height:24px;margin:2px 0 0;flex:none}
        button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:48px;padding:10px 20px;font:inherit;font-weight:700;border-radius:6px;border:2px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none}
        button.secondary,.button.secondary{background:#fff;color:#0b57d0}
        button[disabled]{opacity:.7;cursor:progress}
        .primary{width:100%;font-size:1.1rem}
        .error{color:#b3261e;font-weight:700;margin:0 0 6px}
        .invalid input,.invalid textarea,.invalid select{border-color:#b3261e}
        .error-summary{border:3px solid #b3261e;background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 16px}
        .error-summary h2{margin:0 0 6px;color:#b3261e}
        .notice{font-size:.95rem;color:#33373c}
        .notice summary{font-weight:700;min-height:44px;display:flex;align-items:center;cursor:pointer}
        .warn{background:#fff4e5;border-left:4px solid #b35c00;padding:8px 12px;margin:8px 0}
        .receipt{font-size:1.75rem;font-weight:700;letter-spacing:.02em;white-space:nowrap;user-select:all;-webkit-user-select:all;margin:4px 0 8px;font-variant-numeric:tabular-nums}
        .code{font-size:1.6rem;font-weight:700;letter-spacing:.15em;user-select:all;-webkit-user-select:all}
        .previews{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
        .previews img{width:84px;height:84px;object-fit:cover;border-radius:6px;border:1px solid #d0d4d9}
        ol.steps{padding-left:1.4rem}
        ol.steps li{margin-bottom:6px}
        .timeline{list-style:none;padding:0;margin:0}
        .timeline li{border-left:4px solid #b8bdc3;padding:4px 0 12px 14px;margin-left:6px}
        .timeline li.done{border-color:#1e7d32}
        .reply{white-space:pre-wrap;background:#f0f7f1;border-radius:6px;padding:12px}
        .row{display:flex;flex-wrap:wrap;gap:12px;align-items:center}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
        th,td{border-bottom:1px solid #d0d4d9;padding:8px;text-align:left;vertical-align:top}
        th{background:#eef0f3}
        .table{overflow-x:auto}
        .stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:12px}
        .stat{background:#fff;border:1px solid #d0d4d9;border-radius:8px;padding:12px}
        .stat b{display:block;font-size:1.6rem}
        .chart{max-width:100%;height:auto;background:#fff}
        footer.site{max-width:44rem;margin:0 auto;padding:16px;color:#4a4f55;font-size:.9rem}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (min-width:48rem){body{font-size:18px}h1{font-size:1.8rem}.primary{width:auto}}
        """

    /// Improvements only: the form works the same without it. No inline handlers (the CSP forbids them).
    static let script = """
        "use strict";
        (function () {
          function $(id) { return document.getElementById(id); }
          function showError(name, message) {
            var field = document.querySelector('[data-field="' + name + '"]');
            if (!field) return;
            var p = field.querySelector('.error');
            if (!p) { p = document.createElement('p'); p.className = 'error'; p.id = 'err-' + name;
              var label = field.querySelector('label,.label,legend'); label.insertAdjacentElement('afterend', p); }
            p.textContent = message;
            field.classList.add('invalid');
            var input = field.querySelector('input,textarea');
            if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', p.id); }
          }
          function clearErrors(form) {
            form.querySelectorAll('.invalid').forEach(function (f) { f.classList.remove('invalid');
              var p = f.querySelector('.error'); if (p) p.remove();
              var i = f.querySelector('[aria-invalid]'); if (i) i.removeAttribute('aria-invalid'); });
          }
          var form = $('intake-form');
          if (form) {
            var anon = $('f-anonymous'), contact = $('contact'), anonNote = $('anon-note');
            function syncAnon() { if (!anon) return; contact.hidden = anon.checked; anonNote.hidden = !anon.checked; }
            if (anon) { anon.addEventListener('change', syncAnon); syncAnon(); }
            var locate = $('locate');
            if (locate && navigator.geolocation) {
              locate.hidden = false;
              locate.addEventListener('click', function () {
                var status = $('loc-status');
                status.textContent = '正在获取位置……';
                navigator.geolocation.getCurrentPosition(function (pos) {
                  $('f-lat').value = pos.coords.latitude.toFixed(6);
                  $('f-lng').value = pos.coords.longitude.toFixed(6);
                  $('f-crs').value = 'wgs84';
                  status.textContent = '已获取位置：纬度 ' + pos.coords.latitude.toFixed(5) + '，经度 ' + pos.coords.longitude.toFixed(5) +
                    '（WGS-84 坐标，即 GPS 坐标系）。';
                }, function () { status.textContent = '未能获取位置，请在“地点”中填写地址。'; }, { enableHighAccuracy: true, timeout: 15000 });
              });
            }
            var photos = $('f-photos'), previews = $('previews');
            if (photos && previews && window.URL) {
              photos.addEventListener('change', function () {
                previews.textContent = '';
                Array.prototype.slice.call(photos.files, 0, 9).forEach(function (file) {
                  if (!/^image\\//.test(file.type)) return;
                  var img = document.createElement('img');
                  img.alt = '待上传照片：' + file.name;
                  img.src = URL.createObjectURL(file);
                  previews.appendChild(img);
                });
              });
            }
            form.addEventListener('input', function (event) {
              var field = event.target.closest('.invalid');
              if (!field || !event.target.value) return;
              field.classList.remove('invalid');
              var p = field.querySelector('.error'); if (p) p.remove();
              event.target.removeAttribute('aria-invalid');
            });
            form.addEventListener('submit', function (event) {
              clearErrors(form);
              var bad = [];
              var text = $('f-text');
              if (!text.value.trim()) { showError('text', '请写下发生了什么。'); bad.push(text); }
              if (!(anon && anon.checked)) {
                var phone = $('f-phone'), digits = phone.value.replace(/[\\s\\-()（）+]/g, '');
                if (!digits) { showError('phone', '请填写手机号码，方便答复您；不便留下联系方式可选择匿名反映。'); bad.push(phone); }
                else if (!/^(86|0086)?1[3-9]\\d{9}$/.test(digits) && !/^0\\d{9,11}$/.test(digits)) {
                  showError('phone', '手机号码应为 11 位数字，例如 13800138000。'); bad.push(phone); }
              }
              if (photos) {
                var maxCount = +form.dataset.maxPhotos || 9, maxFile = +form.dataset.maxFile, maxTotal = +form.dataset.maxTotal, total = 0, big = null;
                Array.prototype.forEach.call(photos.files, function (f) { total += f.size; if (maxFile && f.size > maxFile) big = f; });
                var mb = function (n) { return Math.floor(n / 1048576) + ' MB'; };
                if (photos.files.length > maxCount) { showError('photos', '最多上传 ' + maxCount + ' 张照片。'); bad.push(photos); }
                else if (big) { showError('photos', '照片“' + big.name + '”超过 ' + mb(maxFile) + '，请压缩后再上传。'); bad.push(photos); }
                else if (maxTotal && total > maxTotal) { showError('photos', '照片合计超过 ' + mb(maxTotal) + '，请减少照片数量。'); bad.push(photos); }
              }
              if (bad.length) { event.preventDefault(); bad[0].focus(); return; }
              if (form.dataset.sent) { event.preventDefault(); return; }
              form.dataset.sent = '1';
              var button = $('send');
              button.disabled = true;
              button.textContent = '正在提交……';
            });
          }
          var copy = $('copy');
          if (copy && navigator.clipboard) {
            copy.hidden = false;
            copy.addEventListener('click', function () {
              navigator.clipboard.writeText($('receipt-no').textContent.trim()).then(function () {
                $('copy-status').textContent = '已复制受理编号。';
              });
            });
          }
        })();
        """
}
