import Foundation
import Testing
import IntakeCore
import SQLite
import Store
@testable import Gateway

/// The executable's command line, run as an operator runs it.
@Suite struct CommandLineTests {
    static var binary: String { repositoryRoot + "/.build/debug/intake-gateway" }

    @Test(arguments: CommandLineInterface.commands.map(\.name))
    func everyCommandAnswersHelpWithItsOwnUsage(_ command: String) throws {
        let (status, output) = try run(Self.binary, [command, "--help"], environment: ["INTAKE_LISTEN": "127.0.0.1:0"])
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("Usage: intake-gateway \(command)"), "\(output)")
    }

    @Test(arguments: CommandLineInterface.commands.map(\.name))
    func anUnknownFlagIsAnErrorNamingIt(_ command: String) throws {
        let (status, output) = try run(Self.binary, [command, "--frobnicate"], environment: ["INTAKE_LISTEN": "127.0.0.1:0"])
        #expect(status == 2, "\(output)")
        #expect(output.contains("unknown option --frobnicate"), "\(output)")
    }

    @Test(arguments: [
        (["serve", "extra"], "unexpected argument extra"), (["backup"], "missing argument"),
        (["backup", "a.sqlite", "b.sqlite"], "unexpected argument b.sqlite"), (["serve", "--config"], "--config needs a value"),
        (["--version", "--verbose"], "unexpected --verbose"), (["frobnicate"], "unknown command frobnicate"),
    ])
    func badArgumentsAreErrorsNamingThem(_ args: [String], _ message: String) throws {
        let (status, output) = try run(Self.binary, args, environment: ["INTAKE_LISTEN": "127.0.0.1:0"])
        #expect(status == 2, "\(output)")
        #expect(output.contains(message), "\(output)")
    }

    @Test func versionNamesTheBuildAndTheLibrariesItRunsWith() throws {
        let (status, output) = try run(Self.binary, ["--version"])
        #expect(status == 0)
        #expect(output.hasPrefix("intake-gateway \(CommandLineInterface.version)\ncommit "), "\(output)")
        for name in ["SQLite", "libpq", "libcurl", "libmicrohttpd", "OpenSSL"] {
            let line = output.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            let version = try #require(line, "\(name) missing in \(output)").dropFirst(name.count + 1)
            #expect(version.first?.isNumber == true || name == "OpenSSL", "\(line ?? "")")
        }
        #expect(output.contains("SQLite \(SQLiteConnection.libraryVersion)\n"))
        #expect(output.contains("OpenSSL OpenSSL 3"))
    }

    // MARK: check-config

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "intake-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aGoodConfigurationPassesWithASummary() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"listen":"127.0.0.1:8088","caseSystemUrl":"https://cases.example.gov.cn/intake","allowlists":{"police110":["10.1.0.0/16"]}}"#
            .write(toFile: dir + "/gateway.json", atomically: true, encoding: .utf8)
        try "whsec_dGVzdC1jYXNlLXN5c3RlbS1zZWNyZXQtMTIzNDU2Nzg=\n".write(toFile: dir + "/case-secret", atomically: true, encoding: .utf8)
        let env = [
            "INTAKE_DATABASE": dir + "/data/intake.sqlite", "INTAKE_CASE_SYSTEM_SECRET_FILE": dir + "/case-secret",
            "INTAKE_ADMIN_TOKEN": "t", "INTAKE_CHANNEL_SECRET_PHONE": Demo.secrets["phone"]!,
            "INTAKE_POLICE110_MAPPINGS_DIR": repositoryRoot + "/Channels/Police110/Mappings",
        ]
        let (status, output) = try run(Self.binary, ["check-config", "--config", dir + "/gateway.json"], environment: env)
        #expect(status == 0, "\(output)")
        #expect(output.contains("configuration OK"))
        #expect(output.contains("listen 127.0.0.1:8088"))
        #expect(output.contains("not created yet"))
        #expect(output.contains("signed channels: phone"))
        // Read-only: the database was not created.
        #expect(!FileManager.default.fileExists(atPath: dir + "/data/intake.sqlite"))

        // An existing, migrated database is read and reported current.
        #expect(CommandLineInterface.run(["migrate"], environment: env) == 0)
        let again = ConfigurationCheck.check(configFile: dir + "/gateway.json", environment: env)
        #expect(again.problems.isEmpty, "\(again.problems)")
        #expect(again.summary.contains { $0.contains("schema \(SQLiteTicketStore.schemaVersion), current") }, "\(again.summary)")
    }

    @Test func aReachablePostgreSQLPasses() throws {
        let url = try #require(ProcessInfo.processInfo.environment["INTAKE_TEST_POSTGRES_URL"],
                               "run the tests with `make test`, which starts PostgreSQL")
        let report = ConfigurationCheck.check(configFile: nil, environment: ["INTAKE_DATABASE": url])
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.summary.contains { $0.hasPrefix("database: PostgreSQL") && $0.contains("reachable") })
    }

    /// Each bad value is reported naming its option, exit 1, and never traps (`/` used to trap in CIDR.init, a NaN
    /// backoff in Double.random).
    @Test(arguments: [
        ("INTAKE_ALLOWLIST_WEB", "/"), ("INTAKE_ALLOWLIST_SMS", "/8"), ("INTAKE_ALLOWLIST_PHONE", "10.0.0.0/"),
        ("INTAKE_FORWARDER_INITIAL_BACKOFF", "nan"), ("INTAKE_FORWARDER_MAX_BACKOFF", "inf"),
        ("INTAKE_FORWARDER_INITIAL_BACKOFF", "-1"), ("INTAKE_FORWARDER_TIMEOUT", "0"), ("INTAKE_SHUTDOWN_GRACE", "NaN"),
        ("INTAKE_SMS_REASSEMBLY_WAIT", "-5"), ("INTAKE_HTTP_THREADS", "0"), ("INTAKE_MAX_CONNECTIONS", "-1"),
        ("INTAKE_CASE_SYSTEM_URL", "ftp://cases.example"), ("INTAKE_CASE_SYSTEM_URL", "cases.example/intake"),
        ("INTAKE_POLICE110_FEEDBACK_URL", "not a url"), ("INTAKE_CHANNEL_SECRET_PHONE", "whsec_not*base64"),
        ("INTAKE_ADMIN_TOKEN_FILE", "/nonexistent/token"), ("INTAKE_POLICE110_MAPPING", "nosuchmapping"),
        ("INTAKE_POLICE110_MAPPING", "/nonexistent/mapping.json"), ("INTAKE_POLICE110_MAPPINGS_DIR", "/nonexistent"),
        ("INTAKE_IMAP_URL", "pop3://mail.example"), ("INTAKE_LOG_LEVEL", "chatty"), ("INTAKE_LISTEN", "nowhere"),
        ("INTAKE_DATABASE", "postgres://127.0.0.1:1/intake?connect_timeout=2"),
        ("INTAKE_DATABASE", "/etc/hostname/intake.sqlite"),
    ])
    func aBadValueIsNamedAndFails(_ name: String, _ value: String) throws {
        let report = ConfigurationCheck.check(configFile: nil, environment: [name: value])
        #expect(report.problems.contains { $0.contains(name.replacingOccurrences(of: "_FILE", with: "")) }, "\(report.problems)")
        // serve refuses the same configuration at start (the option checks are the loader's, not check-config's).
        if name != "INTAKE_DATABASE" && name != "INTAKE_POLICE110_MAPPING" {
            #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: nil, environment: [name: value]) }
        }
    }

    @Test func theBinaryExitsNonZeroNamingEveryBadOption() throws {
        let (status, output) = try run(Self.binary, ["check-config"], environment: [
            "INTAKE_ALLOWLIST_WEB": "/", "INTAKE_FORWARDER_INITIAL_BACKOFF": "nan", "INTAKE_LISTN": "127.0.0.1:1",
            "INTAKE_DATABASE": NSTemporaryDirectory() + "intake-check-\(UUID().uuidString).sqlite",
        ])
        #expect(status == 1, "\(output)")
        #expect(output.contains("INTAKE_ALLOWLIST_WEB"))
        #expect(output.contains("INTAKE_FORWARDER_INITIAL_BACKOFF"))
        #expect(output.contains("INTAKE_LISTN is not an option"))
        #expect(output.contains("2 problem(s)"), "\(output)")
        // serve reads the same and refuses before binding anything.
        let (serveStatus, serveOutput) = try run(Self.binary, ["serve"], environment: ["INTAKE_ALLOWLIST_WEB": "/"])
        #expect(serveStatus == 2 && serveOutput.contains("INTAKE_ALLOWLIST_WEB"), "\(serveOutput)")
    }

    /// What the service will see: the installed environment file, read as systemd reads it.
    @Test func checkConfigReadsASystemdEnvironmentFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            # comment
            ; another
            INTAKE_LISTEN="127.0.0.1:8099"
            INTAKE_DATABASE=\(dir)/intake.sqlite

            """.write(toFile: dir + "/good.env", atomically: true, encoding: .utf8)
        let (status, output) = try run(Self.binary, ["check-config", "--env-file", dir + "/good.env"],
                                       environment: ["INTAKE_LISTEN": "127.0.0.1:1"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("listen 127.0.0.1:8099"), "\(output)")
        try "INTAKE_ALLOWLIST_WEB=/\nINTAKE_DATABASE=\(dir)/intake.sqlite\n".write(toFile: dir + "/bad.env", atomically: true, encoding: .utf8)
        let (badStatus, badOutput) = try run(Self.binary, ["check-config", "--env-file", dir + "/bad.env"])
        #expect(badStatus == 1 && badOutput.contains("INTAKE_ALLOWLIST_WEB"), "\(badOutput)")
        let (missingStatus, missingOutput) = try run(Self.binary, ["check-config", "--env-file", dir + "/none.env"])
        #expect(missingStatus == 1 && missingOutput.contains("none.env"), "\(missingOutput)")
    }

    @Test func aDatabaseFromANewerVersionIsReported() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/intake.sqlite"
        #expect(CommandLineInterface.run(["migrate"], environment: ["INTAKE_DATABASE": path]) == 0)
        let db = try SQLiteConnection(path: path)
        try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')", [.integer(Int64(SQLiteTicketStore.schemaVersion + 1))])
        let report = ConfigurationCheck.check(configFile: nil, environment: ["INTAKE_DATABASE": path])
        #expect(report.problems.contains { $0.contains("INTAKE_DATABASE") && $0.contains("newer than this binary") }, "\(report.problems)")
        // Starting or migrating refuses it too, without writing anything.
        let (serveStatus, serveOutput) = try run(Self.binary, ["serve"], environment: ["INTAKE_DATABASE": path, "INTAKE_LISTEN": "127.0.0.1:0"])
        #expect(serveStatus != 0 && serveOutput.contains("newer than this binary"), "\(serveOutput)")
        #expect(CommandLineInterface.run(["migrate"], environment: ["INTAKE_DATABASE": path]) != 0)
    }

    @Test func aMalformedConfigFileIsNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{ not json".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let (status, output) = try run(Self.binary, ["check-config", "--config", dir + "/bad.json"])
        #expect(status == 1)
        #expect(output.contains("bad.json is not JSON"), "\(output)")
    }

    @Test func theEnvironmentExampleListsEveryOptionCommentedOut() {
        let text = ConfigurationLoader.environmentFileExample
        for name in ConfigurationLoader.environmentNames { #expect(text.contains("\n#\(name)=\n"), "\(name)") }
        for line in text.split(separator: "\n") { #expect(line.hasPrefix("#"), "\(line)") }
    }
}
