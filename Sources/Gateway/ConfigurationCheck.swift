import Foundation
import IntakeCore
import Postgres
import SQLite
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `intake-gateway check-config`: the configuration `serve` would read, checked without serving, so an operator can
/// validate a change before a restart. Read-only: it neither migrates nor locks the database.
enum ConfigurationCheck {
    struct Report {
        var problems: [String] = []
        var warnings: [String] = []
        var summary: [String] = []
    }

    static func run(configFile: String?, environment: [String: String]) -> Int32 {
        let report = check(configFile: configFile, environment: environment)
        for w in report.warnings { FileHandle.standardError.write(Data("check-config: warning: \(w)\n".utf8)) }
        guard report.problems.isEmpty else {
            for p in report.problems { FileHandle.standardError.write(Data("check-config: \(p)\n".utf8)) }
            FileHandle.standardError.write(Data("check-config: \(report.problems.count) problem(s); serve would not start\n".utf8))
            return 1
        }
        print("configuration OK")
        for line in report.summary { print("  " + line) }
        return 0
    }

    static func check(configFile: String?, environment: [String: String]) -> Report {
        var report = Report()
        let config: GatewayConfiguration
        do {
            let (loaded, problems) = try ConfigurationLoader.loadCollectingProblems(file: configFile, environment: environment)
            config = loaded
            report.problems += problems.map(\.message)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        // Variables that look like options but are none (a typo is otherwise silently ignored).
        let known = Set(ConfigurationLoader.environmentNames.flatMap { [$0, $0 + "_FILE"] } + ["INTAKE_CONFIG"])
        for name in environment.keys.sorted() where name.hasPrefix("INTAKE_") && !known.contains(name) && !name.hasPrefix("INTAKE_TEST_") {
            report.warnings.append("\(name) is not an option; it is ignored")
        }
        // What the channels check when they are built at start (a mapping named but not known, ...).
        do { _ = try StandardChannels.police110Selection(config) } catch { report.problems.append("\(error)") }
        if config.caseSystemURL != nil && config.caseSystemSecret == nil {
            report.warnings.append("INTAKE_CASE_SYSTEM_URL is set without INTAKE_CASE_SYSTEM_SECRET: events are sent unsigned")
        }
        if let dbProblem = database(config, &report.summary) { report.problems.append(dbProblem) }

        report.summary.insert("listen \(config.host):\(config.port)", at: 0)
        report.summary.append("case system: " + (config.caseSystemURL.map(redactedURL) ?? "not set (events wait in the outbox)"))
        report.summary.append("admin routes: " + (config.adminToken?.isEmpty == false ? "open with the bearer token" : "closed (INTAKE_ADMIN_TOKEN unset)"))
        let signed = config.channelSecrets.filter { !$0.value.isEmpty }.keys.sorted()
        report.summary.append("signed channels: " + (signed.isEmpty ? "none" : signed.joined(separator: ", ")))
        let mappings = (try? StandardChannels.police110Mappings(config).map(\.name)) ?? []
        report.summary.append("110 mappings: " + mappings.joined(separator: ", "))
        report.summary.append("IMAP polling: " + (config.imapPoller.map { redactedURL($0.url) } ?? "off"))
        return report
    }

    /// Reaches the database without changing it; adds a summary line, or returns the problem.
    static func database(_ config: GatewayConfiguration, _ summary: inout [String]) -> String? {
        let db = config.database
        if db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") {
            do {
                let connection = try PostgresConnection(url: db)
                _ = try connection.query("SELECT 1")
                summary.append("database: PostgreSQL \(connection.serverVersion) at \(redactedURL(db)), reachable")
                return nil
            } catch {
                return "INTAKE_DATABASE: cannot reach \(redactedURL(db)): \(error)"
            }
        }
        guard !db.isEmpty else { return "INTAKE_DATABASE is empty" }
        if FileManager.default.fileExists(atPath: db) {
            do {
                let connection = try SQLiteConnection(path: db, readOnly: true)
                connection.setBusyTimeout(milliseconds: 2000)
                let hasMigrations = try !connection.query(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").isEmpty
                let version = hasMigrations
                    ? try connection.query("SELECT max(version) AS v FROM schema_migrations").first?.int("v") ?? 0 : 0
                let current = Int64(SQLiteTicketStore.schemaVersion)
                if version > current {
                    return "INTAKE_DATABASE: \(db) has schema version \(version), newer than this binary's \(current) "
                        + "(a rollback needs the backup taken before the upgrade)"
                }
                guard access(db, R_OK | W_OK) == 0 else { return "INTAKE_DATABASE: \(db) is not writable by this user" }
                summary.append("database: SQLite \(db), schema \(version)" + (version < current ? " (serve migrates it to \(current))" : ", current"))
                return nil
            } catch {
                return "INTAKE_DATABASE: cannot open \(db): \(error)"
            }
        }
        // Not there yet: serve creates it (and its directory); the nearest existing directory must be writable.
        var dir = (db as NSString).deletingLastPathComponent
        if dir.isEmpty { dir = "." }
        while !FileManager.default.fileExists(atPath: dir) {
            let parent = (dir as NSString).deletingLastPathComponent
            if parent.isEmpty || parent == dir { dir = "."; break }
            dir = parent
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue, access(dir, W_OK) == 0 else {
            return "INTAKE_DATABASE: \(db) does not exist and \(dir) is not a writable directory to create it in"
        }
        summary.append("database: SQLite \(db), not created yet (serve creates it)")
        return nil
    }

    /// A URL for a log line: without user info, password or query, which may hold credentials.
    static func redactedURL(_ text: String) -> String {
        guard var c = URLComponents(string: text) else { return "(unparsable URL)" }
        c.user = nil
        c.password = nil
        c.query = nil
        return c.string ?? "(unparsable URL)"
    }
}
