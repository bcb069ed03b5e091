import Foundation
import Testing
import IntakeCore
@testable import Gateway

struct ConfigurationTests {
    @Test func environmentOverridesTheFileAndSecretsComeFromFiles() throws {
        let dir = NSTemporaryDirectory() + "intake-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"listen":"0.0.0.0:9000","hotline":"12319","channelSecrets":{"phone":["whsec_YQ==","whsec_Yg=="]},"maxBodyBytes":2048}"#
            .write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        try "s3cret-token\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        let c = try ConfigurationLoader.load(file: dir + "/c.json", environment: [
            "INTAKE_LISTEN": "[::1]:8443", "INTAKE_ADMIN_TOKEN_FILE": dir + "/token", "INTAKE_HOTLINE_AREA_CODE": "0755",
            "INTAKE_UTC_OFFSET": "+05:30", "INTAKE_ALLOWLIST_POLICE110": "10.1.0.0/16, 2001:db8::/32",
        ])
        #expect(c.host == "::1" && c.port == 8443)
        #expect(c.hotline == "12319")
        #expect(c.maxBodyBytes == 2048)
        #expect(c.adminToken == "s3cret-token")
        #expect(c.areaCode == "755")
        #expect(c.utcOffsetSeconds == 19_800)
        #expect(c.channelSecrets["phone"] == ["whsec_YQ==", "whsec_Yg=="])
        #expect(c.allowlists["police110"] == ["10.1.0.0/16", "2001:db8::/32"])
    }

    @Test(arguments: [
        ["INTAKE_LISTEN": "nowhere"], ["INTAKE_MAX_BODY_BYTES": "lots"], ["INTAKE_UTC_OFFSET": "8"],
        ["INTAKE_LOG_LEVEL": "chatty"], ["INTAKE_ALLOWLIST_WEB": "10.0.0.0/33"], ["INTAKE_ADMIN_TOKEN_FILE": "/nonexistent/x"],
    ])
    func refusesBadValuesWithTheirName(_ env: [String: String]) {
        do {
            _ = try ConfigurationLoader.load(file: nil, environment: env)
            Issue.record("accepted \(env)")
        } catch {
            #expect("\(error)".contains(env.keys.first!), "\(error)")
        }
    }

    @Test func refusesUnknownKeysInTheFile() throws {
        let path = NSTemporaryDirectory() + "intake-config-\(UUID().uuidString).json"
        try #"{"lisen":"127.0.0.1:1"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: path, environment: [:]) }
    }

    @Test func readmeAndHelpListEveryOption() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains(ConfigurationLoader.markdownTable), "README's configuration table is stale: regenerate it with `intake-gateway config-reference`")
        for name in ConfigurationLoader.environmentNames {
            #expect(ConfigurationLoader.helpText.contains(name))
        }
        // The names operators script against (issue 2) stay.
        for name in ["INTAKE_LISTEN", "INTAKE_DATABASE", "INTAKE_ADMIN_TOKEN", "INTAKE_CASE_SYSTEM_URL", "INTAKE_CASE_SYSTEM_SECRET",
                     "INTAKE_CHANNEL_SECRET_PHONE", "INTAKE_CHANNEL_SECRET_EMAIL", "INTAKE_CHANNEL_SECRET_POLICE110",
                     "INTAKE_CHANNEL_SECRET_MINIPROGRAM", "INTAKE_HOTLINE", "INTAKE_HOTLINE_AREA_CODE"] {
            #expect(ConfigurationLoader.environmentNames.contains(name), "\(name)")
        }
    }

    @Test func cidr() {
        #expect(CIDR("10.1.0.0/16")!.contains("10.1.200.3"))
        #expect(!CIDR("10.1.0.0/16")!.contains("10.2.0.1"))
        #expect(CIDR("127.0.0.1")!.contains("127.0.0.1"))
        #expect(CIDR("2001:db8::/32")!.contains("2001:db8:1::5"))
        #expect(!CIDR("2001:db8::/32")!.contains("10.1.0.1"))
        #expect(CIDR("nonsense") == nil)
    }

    @Test func commandLine() throws {
        #expect(CommandLineInterface.run(["--version"], environment: [:]) == 0)
        #expect(CommandLineInterface.run(["frobnicate"], environment: [:]) == 2)
        let dir = NSTemporaryDirectory() + "intake-migrate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(CommandLineInterface.run(["migrate"], environment: ["INTAKE_DATABASE": dir + "/m.sqlite"]) == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/m.sqlite"))
    }
}

/// The allowlist refuses addresses outside it with 403 and stores nothing.
@Suite(.serialized) struct AllowlistTests {
    @Test func refusesOutsiders() throws {
        let t = try TestGateway { $0.allowlists["web"] = ["10.0.0.0/8"] }
        defer { t.stop() }
        let r = try t.postJSON("/v1/intake/web", #"{"anonymous":true,"text":"x"}"#)
        #expect(r.status == 403)
        #expect(r.json?["status"] == 403)
        #expect(try t.store.stats().tickets == 0)
    }
}

@Suite(.serialized) struct RateLimitTests {
    @Test func publicSubmissionsAreLimitedPerAddress() throws {
        let t = try TestGateway { $0.webRateLimitPerMinute = 3 }
        defer { t.stop() }
        var statuses: [Int] = []
        for i in 0..<5 { statuses.append(try t.postJSON("/v1/intake/web", #"{"anonymous":true,"text":"限流 \#(i)"}"#).status) }
        #expect(statuses == [202, 202, 202, 429, 429])
        let limited = try t.postJSON("/v1/intake/web", #"{"anonymous":true,"text":"再来"}"#)
        #expect(limited.header("Retry-After").flatMap(Int.init).map { $0 >= 1 && $0 <= 20 } == true)
        #expect(limited.json?["status"] == 429)
        #expect(try t.store.stats().tickets == 3)
    }

    @Test func bucketsRefill() {
        let limiter = RateLimiter(perMinute: 60)
        for _ in 0..<60 { #expect(limiter.take("a", now: 100) == nil) }
        #expect(limiter.take("a", now: 100) != nil)
        #expect(limiter.take("b", now: 100) == nil)
        #expect(limiter.take("a", now: 101.1) == nil)
    }
}
