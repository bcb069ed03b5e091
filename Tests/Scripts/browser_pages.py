#!/usr/bin/env python3
"""The citizen's pages (and the operators' console) in a real browser: Debian's chromium driven by Selenium.

Starts the built gateway from an empty temporary directory on an ephemeral loopback port, drives the pages with
JavaScript off and on, checks what the gateway stored through its JSON API, runs axe-core (the copy bundled in
axe-selenium-python) on every page, and writes screenshots at 375x812 and 1280x800 to a folder it prints.
Exits non-zero on the first failure; the whole run is bounded in time.
"""
import base64
import hashlib
import hmac
import json
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

root = pathlib.Path(__file__).resolve().parents[2]
binary = root / ".build" / "debug" / "intake-gateway"
ADMIN_TOKEN = "browser-test-admin-token"
CASE_SECRET = "whsec_" + base64.b64encode(b"browser-test-case-system-secret!").decode()
TIME_LIMIT = 600

signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"browser tests: over {TIME_LIMIT} s, stopped"))
signal.alarm(TIME_LIMIT)

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if condition:
        print(f"  ok   {what}")
    else:
        print(f"  FAIL {what}")
        failures.append(what)


def png(width=96, height=64):
    """A small real PNG (a red and blue split) so the preview and the stored attachment are genuine images."""
    rows = b""
    for y in range(height):
        rows += b"\x00" + b"".join(b"\xc0\x20\x20" if x < width // 2 else b"\x20\x40\xc0" for x in range(width))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class Gateway:
    """The real binary, started from an empty directory."""

    def __init__(self, directory, extra_env=None):
        self.directory = directory
        env = dict(os.environ)
        env.update({
            "INTAKE_LISTEN": "127.0.0.1:0",
            "INTAKE_DATABASE": str(directory / "intake.sqlite"),
            "INTAKE_ADMIN_TOKEN": ADMIN_TOKEN,
            "INTAKE_CASE_SYSTEM_SECRET": CASE_SECRET,
            "INTAKE_TRACK_RATE_LIMIT": "1000",
            "INTAKE_WEB_RATE_LIMIT": "0",
            "INTAKE_OPS_LOCKOUT_ATTEMPTS": "3",
        })
        env.update(extra_env or {})
        self.log = open(directory / "gateway.log", "w+")
        self.process = subprocess.Popen([str(binary), "serve"], cwd=directory, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline and self.port is None:
            time.sleep(0.1)
            if self.process.poll() is not None:
                sys.exit("the gateway exited at start:\n" + (directory / "gateway.log").read_text())
            for line in (directory / "gateway.log").read_text().splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == "serving":
                    self.port = int(entry["listen"].rsplit(":", 1)[1])
        if self.port is None:
            sys.exit("the gateway did not say where it serves")
        self.base = f"http://127.0.0.1:{self.port}"

    def api(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def admin(self, path):
        status, body = self.api("GET", path, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        return status, (json.loads(body) if body else None)

    def case_system(self, event):
        """A signed callback from the case system (Standard Webhooks)."""
        body = json.dumps(event).encode()
        msg_id, ts = f"cb-{time.time_ns()}", str(int(time.time()))
        key = base64.b64decode(CASE_SECRET[len("whsec_"):])
        signature = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
        return self.api("POST", "/v1/callbacks/case-system", body, {
            "Content-Type": "application/json", "webhook-id": msg_id, "webhook-timestamp": ts,
            "webhook-signature": "v1," + signature})

    def operator(self, *args, password=None):
        """`intake-gateway operator ...` against the same database."""
        env = dict(os.environ, INTAKE_DATABASE=str(self.directory / "intake.sqlite"))
        done = subprocess.run([str(binary), "operator", *args], cwd=self.directory, env=env, input=password, text=True,
                              capture_output=True, timeout=60)
        if done.returncode != 0:
            sys.exit(f"operator {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                "--window-size=1280,800", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    chrome = shutil.which("chromium") or "/usr/bin/chromium"
    options.binary_location = chrome
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


def text_of(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0].text.strip() if found else None


def fill(driver, values):
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def lookup(driver):
    """Sends the tracking form and waits for the new page (not the old one's result)."""
    driver.execute_script("window.__previousPage = true")
    driver.find_element(By.CSS_SELECTOR, "form[action='/track'] button").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.__previousPage") is None)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "track-result"))


def submit(driver):
    driver.find_element(By.ID, "send").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "receipt-no") or d.find_elements(By.ID, "error-summary"))


class Evidence:
    """axe-core results and screenshots for every page visited."""

    def __init__(self, folder):
        self.folder = folder
        from axe_selenium_python import Axe
        self.axe_class = Axe

    def axe(self, driver, label):
        axe = self.axe_class(driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        for v in bad:
            print(f"     axe {v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes) "
                  f"e.g. {v['nodes'][0]['target'] if v['nodes'] else ''}")
        check(not bad, f"axe-core: no serious or critical violations on {label} "
                       f"({len(results['passes'])} rules pass, {len(results['violations'])} minor)")

    def screenshots(self, driver, name, scroll_to=None):
        for width, height in ((375, 812), (1280, 800)):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
            time.sleep(0.2)
            if scroll_to:
                driver.execute_script(f"document.getElementById('{scroll_to}').scrollIntoView()")
                time.sleep(0.1)
            path = self.folder / f"{name}-{width}x{height}.png"
            driver.save_screenshot(str(path))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return path


def main():
    if not binary.exists():
        sys.exit(f"{binary} is missing: run swift build first")
    shots = pathlib.Path(os.environ.get("INTAKE_SCREENSHOTS_DIR") or tempfile.mkdtemp(prefix="intake-screenshots-"))
    shots.mkdir(parents=True, exist_ok=True)
    work = pathlib.Path(tempfile.mkdtemp(prefix="intake-browser-"))
    photo = work / "photo.png"
    photo.write_bytes(png())
    case_system = CaseSystem()
    gateway = Gateway(work, {"INTAKE_CASE_SYSTEM_URL": case_system.url, "INTAKE_FORWARDER_INITIAL_BACKOFF": "0.05",
                             "INTAKE_FORWARDER_MAX_BACKOFF": "0.2"})
    # Operators exist before the console is used; the operator command works beside the running gateway.
    for name, role in (("viewer1", "viewer"), ("super1", "supervisor"), ("admin1", "admin"), ("locked1", "viewer")):
        gateway.operator("add", name, "--role", role, password=f"{name}-password-2026\n")
    evidence = Evidence(shots)
    drivers = []
    try:
        no_js = browser(javascript=False)
        drivers.append(no_js)
        js = browser(javascript=True)
        drivers.append(js)
        citizen_pages(gateway, no_js, js, photo, evidence)
        console_pages(gateway, js, case_system, evidence)
    finally:
        case_system.server.shutdown()
        for d in drivers:
            d.quit()
        gateway.stop()
    print(f"screenshots: {shots}")
    for p in sorted(shots.iterdir()):
        print(f"  {p.name}")
    if failures:
        print(f"browser tests: {len(failures)} of {checks} checks failed")
        print("gateway log: " + str(work / "gateway.log"))
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print(f"browser tests: {checks} checks passed")


class CaseSystem:
    """A local case system: refuses events with 400 (they go to the dead letters at once) until told to accept."""

    def __init__(self):
        self.accept = False
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.received.append(body)
                status = 200 if outer.accept else 400
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"caseId":"CASE-1"}' if status == 200 else b'{"error":"refused"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def ops_login(driver, gateway, name, password):
    driver.delete_all_cookies()
    driver.get(gateway.base + "/ops/login")
    fill(driver, {"name": name, "password": password})
    driver.execute_script("window.__previousPage = true")
    driver.find_element(By.ID, "login").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.__previousPage") is None)


def console_pages(gateway, js, case_system, evidence):
    print("== the operators' console")
    # A confidential ticket with a name and number, through the citizen's form.
    js.get(gateway.base + "/")
    fill(js, {"text": "举报某单位违规收费。", "name": "李四", "phone": "13987650004"})
    js.find_element(By.ID, "f-confidential").click()
    submit(js)
    secret_receipt = text_of(js, "#receipt-no")

    js.get(gateway.base + "/ops")
    check("/ops/login" in js.current_url, "/ops without a session goes to the login page")
    evidence.axe(js, "/ops/login")
    evidence.screenshots(js, "10-ops-login")

    ops_login(js, gateway, "viewer1", "viewer1-password-2026")
    check(js.find_elements(By.ID, "chart"), "a viewer signs in and sees the dashboard with its chart")
    evidence.axe(js, "/ops (dashboard)")
    evidence.screenshots(js, "11-ops-dashboard")
    js.get(gateway.base + "/ops/tickets?phone=13812340001")
    rows = js.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    table = js.find_element(By.ID, "results").get_attribute("outerHTML")
    check(len(rows) == 1 and "138****0001" in rows[0].text and "13812340001" not in table and "张*" in rows[0].text,
          "a viewer's search shows the name and phone number masked")
    evidence.axe(js, "/ops/tickets (search)")
    evidence.screenshots(js, "12-ops-search-viewer")
    js.get(gateway.base + f"/ops/tickets/{secret_receipt}")
    caller = text_of(js, "#caller") or ""
    check("李*" in caller and "139****0004" in caller and "13987650004" not in js.page_source, "a viewer sees name and number masked")
    check(not js.find_elements(By.ID, "reason-form"), "a viewer is not offered to open the confidential ticket")

    print("== CSRF")
    js.execute_script("document.querySelector('form[action=\"/ops/logout\"] input[name=csrf]').remove()")
    js.find_element(By.CSS_SELECTOR, "form[action='/ops/logout'] button").click()
    WebDriverWait(js, 10).until(lambda d: d.find_elements(By.ID, "message"))
    check("请求被拒绝" in js.page_source, "a POST without the CSRF token is refused")
    js.get(gateway.base + "/ops")
    check(js.find_elements(By.ID, "chart"), "and the session is still there")

    print("== a supervisor and a confidential ticket")
    ops_login(js, gateway, "super1", "super1-password-2026")
    js.get(gateway.base + f"/ops/tickets/{secret_receipt}")
    check("13987650004" not in js.page_source and js.find_elements(By.ID, "reason-form"),
          "a supervisor sees the confidential ticket masked, with a form asking for a reason")
    evidence.axe(js, "/ops/tickets/{ref} (confidential, before the reason)")
    evidence.screenshots(js, "13-ops-ticket-confidential")
    fill(js, {"reason": "核实举报人身份以便回访"})
    js.execute_script("window.__previousPage = true")
    js.find_element(By.ID, "open-confidential").click()
    WebDriverWait(js, 10).until(lambda d: d.execute_script("return window.__previousPage") is None)
    caller = text_of(js, "#caller") or ""
    check("李四" in caller and "13987650004" in caller, "after giving a reason the supervisor sees it in full")
    check("super1" in (text_of(js, "#viewers") or ""), "the ticket page lists who opened it, with the reason")
    evidence.screenshots(js, "14-ops-ticket-opened")

    print("== an admin: the audit page, a dead letter replayed")
    ops_login(js, gateway, "admin1", "admin1-password-2026")
    js.get(gateway.base + "/ops/audit")
    audit = text_of(js, "#audit") or ""
    check("super1" in audit and "核实举报人身份以便回访" in audit, "the audit page lists the supervisor's view with the reason")
    check("viewer1" in audit and "查看工单" in audit and "登录" in audit, "and the viewer's views and logins")
    evidence.axe(js, "/ops/audit")
    evidence.screenshots(js, "15-ops-audit")
    js.get(gateway.base + "/ops/dead-letters")
    dead = js.find_elements(By.CSS_SELECTOR, "#dead-letters tbody tr")
    check(len(dead) >= 1, f"the case system refused events: {len(dead)} dead letters listed")
    evidence.axe(js, "/ops/dead-letters")
    evidence.screenshots(js, "16-ops-dead-letters")
    status, dead_json = gateway.admin("/v1/admin/dead-letters")
    replayed_receipt = (dead_json or {}).get("items", [{}])[0].get("receiptNo")
    case_system.accept = True
    before = len(case_system.received)
    js.find_element(By.CSS_SELECTOR, "#dead-letters tbody tr button").click()
    WebDriverWait(js, 10).until(lambda d: "已重新排入投递队列" in d.page_source)
    deadline = time.time() + 15
    while time.time() < deadline and len(case_system.received) == before:
        time.sleep(0.1)
    check(len(case_system.received) > before, "an admin replays a dead letter and the case system receives it")
    status, audit_json = gateway.admin("/v1/admin/audit?action=dead-letter.replay")
    check(status == 200 and audit_json["count"] == 1 and audit_json["items"][0]["operator"] == "admin1", "the replay is audited")
    # The ticket page lists every attempt: the refusal (HTTP 400) and, after the replay, the delivery.
    deadline = time.time() + 10
    rows = []
    while time.time() < deadline:
        js.get(gateway.base + f"/ops/tickets/{replayed_receipt}")
        rows = [r.text for r in js.find_elements(By.CSS_SELECTOR, "#attempts tbody tr")]
        if any("已送达" in r for r in rows):
            break
        time.sleep(0.2)
    check(any("HTTP 400" in r and "已放弃" in r for r in rows) and any("已送达" in r and "HTTP 200" in r for r in rows),
          f"the ticket page lists each delivery attempt ({len(rows)} rows: the refusal and the delivery)")
    evidence.screenshots(js, "19-ops-ticket-attempts", scroll_to="attempts")
    js.get(gateway.base + "/ops/rejected")
    evidence.axe(js, "/ops/rejected")
    js.get(gateway.base + "/ops/clusters")
    check(js.find_elements(By.ID, "cluster-count"), "the open incident clusters page")
    evidence.axe(js, "/ops/clusters")
    js.get(gateway.base + "/ops/operators")
    check(len(js.find_elements(By.CSS_SELECTOR, "#operators tbody tr")) == 4, "an admin sees the four operators")
    evidence.axe(js, "/ops/operators")
    evidence.screenshots(js, "18-ops-operators")

    print("== lockout")
    for attempt in range(3):
        ops_login(js, gateway, "locked1", "wrong-password-000")
    check("已锁定" in (text_of(js, "#login-error") or ""), "three wrong passwords (the configured count) lock the account")
    ops_login(js, gateway, "locked1", "locked1-password-2026")
    check("已锁定" in (text_of(js, "#login-error") or "") and not js.find_elements(By.ID, "chart"),
          "the right password is refused while locked")
    evidence.screenshots(js, "17-ops-locked")
    status, failed = gateway.admin("/v1/admin/audit?action=login.failed")
    check(failed and failed["count"] >= 3, "failed logins are audited")

    print("== a request over the server's limits, from a browser")
    js.get(gateway.base + "/track/" + "a" * 9000)
    check(js.find_elements(By.ID, "refusal") and "网址太长" in (text_of(js, "#refusal") or "")
          and js.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN",
          "a request target over the limit (414) answers a browser with a page in Chinese")
    evidence.axe(js, "the limit refusal page (414)")
    evidence.screenshots(js, "20-limit-refusal")


def citizen_pages(gateway, no_js, js, photo, evidence):
    print("== the citizen's form without JavaScript, with a photo")
    no_js.get(gateway.base + "/")
    check(no_js.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "the page says it is zh-CN")
    check(not no_js.find_element(By.ID, "locate").is_displayed(), "no 'use my location' button without JavaScript")
    evidence.screenshots(no_js, "01-form")
    no_js.find_element(By.CSS_SELECTOR, "input[name=requestType][value=complaint]").click()
    fill(no_js, {"subject": "夜间施工噪音", "text": "工地每晚十一点后仍在施工，噪音很大。", "address": "南山区科技园某工地",
                 "name": "张三", "phone": "13812340001"})
    no_js.find_element(By.ID, "f-photos").send_keys(str(photo))
    submit(no_js)
    receipt = text_of(no_js, "#receipt-no")
    check(bool(receipt) and len(receipt) == 15, f"a receipt page with the receipt number ({receipt})")
    status, ticket = gateway.admin(f"/v1/tickets/{receipt}")
    check(status == 200, "the ticket exists")
    attachments = (ticket or {}).get("attachments", [])
    check(len(attachments) == 1 and attachments[0]["contentType"] == "image/png"
          and attachments[0]["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest(),
          "the ticket holds the photo (same hash)")
    status, stored_photo = gateway.api("GET", f"/v1/tickets/{receipt}/attachments/0", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    check(status == 200 and stored_photo == photo.read_bytes(), "and its bytes are stored: the same photo comes back")
    check((ticket or {}).get("requestType") == "complaint" and (ticket or {}).get("caller", {}).get("phoneKey") == "+8613812340001",
          "the ticket has the type and phone chosen")
    evidence.screenshots(no_js, "02-receipt")

    print("== going back and submitting again makes no second ticket")
    no_js.back()
    WebDriverWait(no_js, 10).until(lambda d: d.find_elements(By.ID, "intake-form"))
    if not no_js.find_element(By.NAME, "text").get_attribute("value"):
        fill(no_js, {"text": "工地每晚十一点后仍在施工，噪音很大。", "phone": "13812340001"})
    submit(no_js)
    again = text_of(no_js, "#receipt-no")
    status, listing = gateway.admin("/v1/tickets?phone=13812340001")
    check(again == receipt, f"the resubmission shows the same receipt number ({again})")
    check(listing and listing["count"] == 1, f"one ticket for that caller ({listing and listing['count']})")

    print("== a missing field, without JavaScript")
    no_js.get(gateway.base + "/")
    fill(no_js, {"subject": "路灯不亮", "phone": "13812340002"})
    submit(no_js)
    error = text_of(no_js, "#err-text")
    check(error == "请写下发生了什么。", f"the error is beside the field, in Chinese ({error})")
    check(no_js.find_element(By.ID, "f-subject").get_attribute("value") == "路灯不亮"
          and no_js.find_element(By.ID, "f-phone").get_attribute("value") == "13812340002", "what was typed is kept")
    check(no_js.find_element(By.ID, "f-text").get_attribute("aria-invalid") == "true", "the field is marked invalid")
    evidence.screenshots(no_js, "03-form-error")
    # axe-core runs as a script: on the pages as a browser with JavaScript shows them (the server's error page is
    # reached by submitting without the script's checks).
    js.get(gateway.base + "/")
    evidence.axe(js, "/ (the form)")
    fill(js, {"subject": "路灯不亮", "phone": "13812340002"})
    js.execute_script("document.getElementById('intake-form').submit()")
    WebDriverWait(js, 10).until(lambda d: d.find_elements(By.ID, "error-summary"))
    check(text_of(js, "#err-text") == "请写下发生了什么。", "the server's error page, reached with JavaScript on")
    evidence.axe(js, "the form with an error")

    print("== the form with JavaScript: previews, location, checks, one ticket on a double click")
    js.execute_cdp_cmd("Browser.grantPermissions", {"origin": gateway.base, "permissions": ["geolocation"]})
    js.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 22.5405, "longitude": 113.9345, "accuracy": 20})
    js.get(gateway.base + "/")
    js.find_element(By.ID, "send").click()
    WebDriverWait(js, 5).until(lambda d: d.find_elements(By.ID, "err-text"))
    check(text_of(js, "#err-text") == "请写下发生了什么。" and "/v1/intake/web" not in js.current_url,
          "the script shows the missing field in place before sending")
    big = photo.parent / "big.png"
    big.write_bytes(png() + bytes(6 << 20))
    fill(js, {"text": "照片太大"})
    js.find_element(By.ID, "f-photos").send_keys(str(big))
    js.find_element(By.ID, "send").click()
    WebDriverWait(js, 5).until(lambda d: d.find_elements(By.ID, "err-photos"))
    check("超过 5 MB" in (text_of(js, "#err-photos") or "") and "/v1/intake/web" not in js.current_url,
          "a photo over the limit is caught beside the field before sending")
    js.get(gateway.base + "/")
    js.find_element(By.CSS_SELECTOR, "input[name=requestType][value=help]").click()
    fill(js, {"text": "小区门口井盖缺失，晚上很危险。", "phone": "138 1234 0003"})
    js.find_element(By.ID, "locate").click()
    WebDriverWait(js, 10).until(lambda d: d.find_element(By.ID, "f-lat").get_attribute("value"))
    check("WGS-84" in (text_of(js, "#loc-status") or ""), "'use my location' fills the position and names the CRS")
    js.find_element(By.ID, "f-photos").send_keys(str(photo))
    WebDriverWait(js, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#previews img"))
    check(len(js.find_elements(By.CSS_SELECTOR, "#previews img")) == 1, "a preview of the photo")
    evidence.screenshots(js, "04-form-with-javascript")
    button = js.find_element(By.ID, "send")
    js.execute_script("arguments[0].click(); arguments[0].click();", button)
    WebDriverWait(js, 15).until(lambda d: d.find_elements(By.ID, "receipt-no"))
    js_receipt = text_of(js, "#receipt-no")
    evidence.axe(js, "the receipt page")
    status, listing = gateway.admin("/v1/tickets?phone=13812340003")
    check(listing and listing["count"] == 1, f"a double click makes one ticket ({listing and listing['count']})")
    status, ticket = gateway.admin(f"/v1/tickets/{js_receipt}")
    location = (ticket or {}).get("location") or {}
    check(location.get("crs") == "wgs84" and abs(location.get("lat", 0) - 22.5405) < 1e-4, "the ticket has the position, WGS-84")
    check(len((ticket or {}).get("attachments", [])) == 1, "and the photo")

    print("== an anonymous ticket, tracked with its one-time code")
    js.get(gateway.base + "/")
    js.find_element(By.ID, "f-anonymous").click()
    check(not js.find_element(By.ID, "f-phone").is_displayed(), "anonymous hides the contact fields")
    check(js.find_element(By.ID, "anon-note").is_displayed(), "and says no reply can be sent")
    fill(js, {"text": "某餐馆后厨卫生很差。"})
    js.find_element(By.ID, "f-confidential").click()
    submit(js)
    anon_receipt, code = text_of(js, "#receipt-no"), text_of(js, "#track-code")
    check(bool(code) and len(code) == 8, f"the receipt page shows a one-time code ({code})")
    evidence.screenshots(js, "05-receipt-anonymous")

    print("== tracking")
    js.get(gateway.base + f"/track?receipt={receipt}")
    evidence.axe(js, "/track")
    evidence.screenshots(js, "06-track-form")
    fill(js, {"contact": "0001"})
    lookup(js)
    check("已受理" in (text_of(js, "#track-result") or ""), "the right pair (last four digits) shows the state")
    fill(js, {"receipt": receipt, "contact": "13900000000"})
    lookup(js)
    wrong = text_of(js, "#track-result") or ""
    check("没有查到" in wrong and "已受理" not in js.page_source, "a wrong pair shows nothing of the ticket")
    fill(js, {"receipt": "20000101-000001", "contact": "13812340001"})
    lookup(js)
    check((text_of(js, "#track-result") or "") == wrong, "an unknown receipt gets the same answer")
    evidence.screenshots(js, "07-track-not-found")
    reply = "经核查，该工地已办理夜间施工许可，现已要求其22点后停止高噪声作业。"
    status, _ = gateway.case_system({"type": "case.closed", "receiptNo": receipt, "reply": reply})
    check(status == 200, "the case system closes the case with a reply (signed)")
    fill(js, {"receipt": receipt, "contact": "138-1234-0001"})
    lookup(js)
    check(text_of(js, "#reply") == reply, "after case.closed the page shows the reply, as written")
    check(any("已办结" in li.text for li in js.find_elements(By.CSS_SELECTOR, ".timeline li.done")), "and the state closed")
    evidence.axe(js, "/track with a result")
    evidence.screenshots(js, "08-track-closed")
    fill(js, {"receipt": anon_receipt, "contact": code})
    lookup(js)
    check("已受理" in (text_of(js, "#track-result") or ""), "an anonymous ticket is found with its code")


if __name__ == "__main__":
    main()
