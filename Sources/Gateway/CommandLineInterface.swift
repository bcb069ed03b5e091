import Foundation
import IntakeCore
import Store
import Systemd
#if canImport(Glibc)
import Glibc
#endif

/// The executable's commands. Kept in the library so tests can run them in-process.
public enum CommandLineInterface {
    public static let version = "0.1.0"

    public static let usage = """
    intake-gateway \(version): the 12345 hotline intake gateway

    Usage:
      intake-gateway serve [--config FILE]     serve HTTP on INTAKE_LISTEN, store in INTAKE_DATABASE, forward to the case system
      intake-gateway migrate [--config FILE]   create or upgrade the database schema, then exit
      intake-gateway check-config [--config FILE]
                                               validate the configuration serve would read, and reach the database
      intake-gateway backup DEST [--config FILE]
                                               write a consistent copy of the SQLite database to DEST while serving
      intake-gateway import FILE.jsonl [--config FILE]
                                               load historical tickets (one ticket JSON per line) so repeats of
                                               last month's open cases are recognized; exit 1 if some lines were bad
      intake-gateway migrate-store --from sqlite:PATH --to postgres://...
                                               copy a SQLite store into an empty PostgreSQL database, verified
      intake-gateway demo [--examples DIR]     run a throwaway gateway with a local case-system receiver, send every
                                               channel's examples over HTTP, print what became of them
      intake-gateway deadline --from TIME --type TYPE [--urgency A|B|C] [--config FILE]
                                               print the deadline the gateway would set, on the configured calendar
      intake-gateway catalogue [--config FILE] print the routing catalogue in force (the shipped one unless INTAKE_CATALOGUE_FILE)
      intake-gateway operator add NAME --role viewer|supervisor|admin | list | disable NAME | reset NAME | token NAME
                                               the operators' console accounts (password from stdin)
      intake-gateway --version                 version, git commit, and the C libraries' versions
      intake-gateway COMMAND --help            one command's usage

    """

    static let configOption = "--config FILE: a JSON configuration file (or INTAKE_CONFIG); the environment overrides it."

    /// Every subcommand and what it accepts (its `--help` text included).
    static let commands: [CommandLineArguments.Spec] = [
        .init(name: "serve", synopsis: "serve [--config FILE]",
              details: "Serves HTTP on INTAKE_LISTEN until SIGTERM or SIGINT, stores in INTAKE_DATABASE (migrating it first), "
                  + "forwards to INTAKE_CASE_SYSTEM_URL.\n\(configOption)\n\n\(ConfigurationLoader.helpText)",
              valueOptions: ["--config"]),
        .init(name: "migrate", synopsis: "migrate [--config FILE]",
              details: "Creates or upgrades the database schema, then exits (serve does this on start too).\n\(configOption)",
              valueOptions: ["--config"]),
        .init(name: "check-config", synopsis: "check-config [--config FILE] [--env-file FILE]",
              details: "Reads the configuration exactly as serve does, checks every option, secret file, URL, CIDR and mapping "
                  + "file, and that the database can be reached. Prints each problem naming its option and exits 1; exits 0 "
                  + "with a short summary otherwise.\n\(configOption)\n--env-file FILE: read KEY=value lines as systemd's "
                  + "EnvironmentFile= does (they override the environment), to check what the service will see.",
              valueOptions: ["--config", "--env-file"]),
        .init(name: "backup", synopsis: "backup DEST [--config FILE]",
              details: "Writes a consistent copy of the SQLite database to DEST (which must not exist) while the gateway keeps "
                  + "serving (VACUUM INTO: one read transaction, writers are not blocked). For PostgreSQL use pg_dump.\n"
                  + configOption,
              valueOptions: ["--config"], positional: 1...1),
        .init(name: "import", synopsis: "import FILE.jsonl [--config FILE]",
              details: "Loads historical tickets (one ticket JSON per line) so repeats of earlier open cases are recognized; "
                  + "exits 1 if some lines were bad.\n\(configOption)",
              valueOptions: ["--config"], positional: 1...1),
        .init(name: "migrate-store", synopsis: "migrate-store --from sqlite:PATH --to postgres://...",
              details: "Copies a SQLite store (stop the gateway first) into an empty PostgreSQL database: tickets, raw bodies, "
                  + "the dedup index, the outbox with its delivery state, receipt counters, waiting SMS parts, callback tasks "
                  + "and the rejected journal, keeping every id and receipt number. Refuses a target that is not empty; prints "
                  + "each table's count and verifies it (one transaction: a failed copy leaves the target empty).",
              valueOptions: ["--from", "--to"]),
        .init(name: "demo", synopsis: "demo [--examples DIR]",
              details: "Runs a throwaway gateway with a local case-system receiver, sends every example under "
                  + "DIR/<Channel>/Examples (default Channels) over HTTP, prints what became of them.",
              valueOptions: ["--examples"]),
        .init(name: "deadline", synopsis: "deadline --from TIME --type TYPE [--urgency A|B|C] [--config FILE]",
              details: "Prints the deadline the gateway would set for a ticket received at TIME (RFC 3339) of TYPE, on the "
                  + "configured working calendar.\n\(configOption)",
              valueOptions: ["--from", "--type", "--urgency", "--config"]),
        .init(name: "catalogue", synopsis: "catalogue [--config FILE]",
              details: "Prints the routing catalogue in force (the shipped one unless INTAKE_CATALOGUE_FILE).\n\(configOption)",
              valueOptions: ["--config"]),
        .init(name: "operator", synopsis: "operator add NAME --role viewer|supervisor|admin | list | disable NAME | reset NAME | token NAME [--config FILE]",
              details: "Manages the operators' console accounts in INTAKE_DATABASE (works beside a running gateway). add and reset "
                  + "read the password from stdin (at least 10 characters); disable ends the account's sessions and tokens; "
                  + "token prints a new API token for scripts. Each change is written to the audit trail.\n\(configOption)",
              valueOptions: ["--config", "--role"], positional: 1...2),
        .init(name: "reconcile", synopsis: "reconcile [--since TIME] [--until TIME] [--destination NAME] [--config FILE]",
              details: "Prints, as JSON, per destination the tickets received in the period (default the last 24 hours), "
                  + "delivered, pending, dead and not forwarded by rule, with the non-delivered listed (as GET "
                  + "/v1/admin/reconciliation; on SQLite run it while the gateway is stopped, or use the route).\n\(configOption)",
              valueOptions: ["--since", "--until", "--destination", "--config"]),
        .init(name: "routes", synopsis: "routes", details: "Lists every route the standard configuration serves (the contract check reads it)."),
        .init(name: "config-reference", synopsis: "config-reference",
              details: "Prints the configuration table README.md carries (a test keeps the two equal)."),
        .init(name: "env-example", synopsis: "env-example",
              details: "Prints an environment file with every option commented out (installed as intake-gateway.env.example)."),
    ]

    public static func run(_ args: [String], environment: [String: String]) -> Int32 {
        guard let command = args.first else {
            print(usage + ConfigurationLoader.helpText)
            return 2
        }
        switch command {
        case "--version", "version", "-V":
            guard args.count == 1 else { return usageError("--version takes no arguments: unexpected \(args[1])", usage) }
            print(BuildInfo.versionText(version: version), terminator: "")
            return 0
        case "--help", "help", "-h":
            print(usage + ConfigurationLoader.helpText)
            return 0
        default:
            break
        }
        guard let spec = commands.first(where: { $0.name == command }) else {
            return usageError("unknown command \(command)", usage)
        }
        let parsed: CommandLineArguments
        do { parsed = try CommandLineArguments.parse(Array(args.dropFirst()), spec) } catch {
            return usageError(error.message, "Usage: intake-gateway \(spec.synopsis)\n(intake-gateway \(spec.name) --help for more)\n")
        }
        if parsed.help {
            print(spec.usage, terminator: "")
            return 0
        }
        let configFile = parsed.values["--config"] ?? environment["INTAKE_CONFIG"]
        switch command {
        case "serve":
            return serve(configFile: configFile, environment: environment)
        case "migrate":
            do {
                let config = try ConfigurationLoader.load(file: configFile, environment: environment)
                let postgres = PostgresStoreConfiguration.names(config.database)
                let applied: [Int]
                if postgres {
                    applied = try PostgresTicketStore.migrate(url: config.database)
                } else {
                    try ensureParentDirectory(sqlitePath(config.database))
                    applied = try SQLiteTicketStore.migrate(path: sqlitePath(config.database))
                }
                let current = postgres ? PostgresTicketStore.schemaVersion : SQLiteTicketStore.schemaVersion
                print(applied.isEmpty ? "schema is current (version \(current))" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
                return 0
            } catch {
                FileHandle.standardError.write(Data("migrate: \(error)\n".utf8))
                return 1
            }
        case "check-config":
            var environment = environment
            if let file = parsed.values["--env-file"] {
                do { environment.merge(try ConfigurationLoader.environmentFile(file)) { _, fromFile in fromFile } } catch {
                    FileHandle.standardError.write(Data("check-config: \(error)\n".utf8))
                    return 1
                }
            }
            return ConfigurationCheck.run(configFile: parsed.values["--config"] ?? environment["INTAKE_CONFIG"], environment: environment)
        case "backup":
            return DatabaseBackup.run(destination: parsed.positional[0], configFile: configFile, environment: environment)
        case "operator":
            // The operators' console accounts (Console/OperatorCommand.swift).
            return OperatorCommand.run(Array(args.dropFirst()), environment: environment, stdin: { readLine(strippingNewline: true) })
        case "routes":
            // Every route the standard configuration serves (the contract check reads this).
            return printRoutes(environment: environment)
        case "config-reference":
            print(ConfigurationLoader.markdownTable, terminator: "")
            return 0
        case "env-example":
            print(ConfigurationLoader.environmentFileExample, terminator: "")
            return 0
        case "import":
            do {
                return HistoryImport.run(path: parsed.positional[0], config: try ConfigurationLoader.load(file: configFile, environment: environment))
            } catch {
                FileHandle.standardError.write(Data("import: \(error)\n".utf8))
                return 2
            }
        case "deadline", "catalogue":
            // The deadline the gateway would set (check a calendar before a holiday); the catalogue in force.
            return RoutingCommands.run(command, parsed.values.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] },
                                       environment: environment)
        case "reconcile":
            do {
                return ReconcileCommand.run(parsed.values, config: try ConfigurationLoader.load(file: configFile, environment: environment))
            } catch {
                FileHandle.standardError.write(Data("reconcile: \(error)\n".utf8))
                return 2
            }
        case "migrate-store":
            return migrateStore(from: parsed.values["--from"], to: parsed.values["--to"])
        case "demo":
            return Demo.run(examplesDirectory: parsed.values["--examples"] ?? "Channels", environment: environment)
        default:
            return usageError("unknown command \(command)", usage)
        }
    }

    /// Prints what is wrong and the usage to stderr; exit status 2.
    static func usageError(_ message: String, _ usage: String) -> Int32 {
        FileHandle.standardError.write(Data("intake-gateway: \(message)\n\n\(usage)".utf8))
        return 2
    }

    static func printRoutes(environment: [String: String]) -> Int32 {
        let dir = NSTemporaryDirectory() + "intake-routes-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            var config = GatewayConfiguration()
            config.database = dir + "/routes.sqlite"
            let store = try openStore(config)
            defer { store.close() }
            let clock = SystemClock()
            let gateway = Gateway(configuration: config, store: store, channels: StandardChannels.routes(config, clock: clock),
                                  clock: clock, logger: Logger(minimum: .error))
            for r in gateway.routes { print("\(r.method) \(r.path)") }
            return 0
        } catch {
            FileHandle.standardError.write(Data("routes: \(error)\n".utf8))
            return 1
        }
    }

    /// A SQLite database given as `sqlite:PATH` or as a plain path.
    static func sqlitePath(_ database: String) -> String {
        database.hasPrefix("sqlite:") ? String(database.dropFirst(7)) : database
    }

    static func ensureParentDirectory(_ database: String) throws {
        guard !PostgresStoreConfiguration.names(database), database != "memory:" else { return }
        let dir = (database as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    }

    /// Opens the store the configuration names: the one place a store is chosen by its URL
    /// (`memory:` for tests, `postgres://...` or a libpq key/value string, else a SQLite path or `sqlite:PATH`).
    public static func openStore(_ config: GatewayConfiguration) throws -> any TicketStore {
        if config.database == "memory:" {
            var rules = IntakeRules(utcOffsetSeconds: config.utcOffsetSeconds, ticketDestinations: config.ticketDestinationNames,
                                    dedup: makeDedupDecider(config), routing: config.routingEngine)
            rules.destinationRules = config.destinationRules
            return MemoryTicketStore(rules: rules,
                                     rejectedJournalLimit: config.rejectedJournalLimit)
        }
        if PostgresStoreConfiguration.names(config.database) {
            var postgres = PostgresStoreConfiguration(url: config.database, utcOffsetSeconds: config.utcOffsetSeconds,
                                                      ticketDestinations: config.ticketDestinationNames,
                                                      rejectedJournalLimit: config.rejectedJournalLimit)
            postgres.routing = config.routingEngine
            postgres.destinationRules = config.destinationRules
            return try PostgresTicketStore(configuration: postgres, dedup: makeDedupDecider(config))
        }
        let path = sqlitePath(config.database)
        try ensureParentDirectory(path)
        var sqlite = SQLiteStoreConfiguration(
            path: path, utcOffsetSeconds: config.utcOffsetSeconds, ticketDestinations: config.ticketDestinationNames,
            rejectedJournalLimit: config.rejectedJournalLimit)
        sqlite.routing = config.routingEngine
        sqlite.destinationRules = config.destinationRules
        if let n = config.settings["dedup.viewCapacity"].flatMap({ Int($0.trimmingASCIIWhitespace()) }) { sqlite.dedupViewCapacity = n }
        return try SQLiteTicketStore(configuration: sqlite, dedup: makeDedupDecider(config))
    }

    /// `migrate-store --from sqlite:PATH --to postgres://...`.
    static func migrateStore(from: String?, to: String?) -> Int32 {
        guard let from, let to, PostgresStoreConfiguration.names(to), !PostgresStoreConfiguration.names(from), from != "memory:" else {
            return usageError("migrate-store needs --from sqlite:PATH and --to a PostgreSQL URL or connection string",
                              "Usage: intake-gateway migrate-store --from sqlite:PATH --to postgres://...\n")
        }
        do {
            let counts = try StoreCopy.sqliteToPostgres(sqlitePath: sqlitePath(from), postgresURL: to)
            for c in counts { print("\(c.table): \(c.source) rows copied, \(c.target) in the target") }
            print("migrate-store: \(counts.first { $0.table == "tickets" }?.target ?? 0) tickets and "
                  + "\(counts.first { $0.table == "outbox" }?.target ?? 0) outbox events copied and verified")
            return 0
        } catch {
            FileHandle.standardError.write(Data("migrate-store: \(error)\n".utf8))
            return 1
        }
    }

    static func serve(configFile: String?, environment: [String: String]) -> Int32 {
        let config: GatewayConfiguration
        do { config = try ConfigurationLoader.load(file: configFile, environment: environment) } catch {
            FileHandle.standardError.write(Data("configuration: \(error)\n".utf8))
            return 2
        }
        let logger = Logger(minimum: Logger.Level(name: config.logLevel) ?? .info)
        // Block the signals before any thread starts, so they reach sigwait and not a server thread.
        var signals = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let gateway: Gateway
        do {
            let store = try openStore(config)
            let clock = SystemClock()
            gateway = Gateway(configuration: config, store: store, channels: StandardChannels.routes(config, clock: clock),
                              services: StandardChannels.services(config, clock: clock),
                              clock: clock, logger: logger)
            try gateway.start()
        } catch {
            logger.error("cannot start", [("error", .string("\(error)"))])
            return 1
        }
        // Under systemd (Type=notify): started means serving.
        let systemd = SystemdNotifier(environment: environment)
        systemd?.notify("READY=1\nSTATUS=serving on \(config.host):\(gateway.port)\nMAINPID=\(getpid())")
        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.info("signal received", [("signal", .int(Int64(received)))])
        systemd?.notify("STOPPING=1")
        gateway.shutdown()
        return 0
    }

    static func terminationSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
