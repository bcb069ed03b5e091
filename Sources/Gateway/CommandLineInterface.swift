import Foundation
import IntakeCore
import Store
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
      intake-gateway import FILE.jsonl [--config FILE]
                                               load historical tickets (one ticket JSON per line) so repeats of
                                               last month's open cases are recognized; exit 1 if some lines were bad
      intake-gateway demo [--examples DIR]     run a throwaway gateway with a local case-system receiver, send every
                                               channel's examples over HTTP, print what became of them
      intake-gateway deadline --from TIME --type TYPE [--urgency A|B|C] [--config FILE]
                                               print the deadline the gateway would set, on the configured calendar
      intake-gateway catalogue [--config FILE] print the routing catalogue in force (the shipped one unless INTAKE_CATALOGUE_FILE)
      intake-gateway --version
      intake-gateway --help

    """

    public static func run(_ args: [String], environment: [String: String]) -> Int32 {
        guard let command = args.first else {
            print(usage + ConfigurationLoader.helpText)
            return 2
        }
        var rest = Array(args.dropFirst())
        func option(_ name: String) -> String? {
            guard let i = rest.firstIndex(of: name), i + 1 < rest.count else { return nil }
            let v = rest[i + 1]
            rest.removeSubrange(i...(i + 1))
            return v
        }
        switch command {
        case "--version", "version", "-V":
            print("intake-gateway \(version) (ticket schema \(Ticket.schema), store schema \(SQLiteTicketStore.schemaVersion))")
            return 0
        case "--help", "help", "-h":
            print(usage + ConfigurationLoader.helpText)
            return 0
        case "serve":
            let file = option("--config") ?? environment["INTAKE_CONFIG"]
            return serve(configFile: file, environment: environment)
        case "migrate":
            let file = option("--config") ?? environment["INTAKE_CONFIG"]
            do {
                let config = try ConfigurationLoader.load(file: file, environment: environment)
                try ensureParentDirectory(config.database)
                let applied = try SQLiteTicketStore.migrate(path: config.database)
                print(applied.isEmpty ? "schema is current (version \(SQLiteTicketStore.schemaVersion))" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
                return 0
            } catch {
                FileHandle.standardError.write(Data("migrate: \(error)\n".utf8))
                return 1
            }
        case "routes":
            // Every route the standard configuration serves (the contract check reads this).
            return printRoutes(environment: environment)
        case "config-reference":
            // The configuration table README.md carries (a test keeps the two equal).
            print(ConfigurationLoader.markdownTable, terminator: "")
            return 0
        case "import":
            let file = option("--config") ?? environment["INTAKE_CONFIG"]
            guard let path = rest.first else {
                FileHandle.standardError.write(Data("import needs a file: intake-gateway import FILE.jsonl\n".utf8))
                return 2
            }
            do {
                return HistoryImport.run(path: path, config: try ConfigurationLoader.load(file: file, environment: environment))
            } catch {
                FileHandle.standardError.write(Data("import: \(error)\n".utf8))
                return 2
            }
        case "deadline", "catalogue":
            // The deadline the gateway would set (check a calendar before a holiday); the catalogue in force.
            return RoutingCommands.run(command, rest, environment: environment)
        case "demo":
            let dir = option("--examples") ?? "Channels"
            return Demo.run(examplesDirectory: dir, environment: environment)
        default:
            FileHandle.standardError.write(Data("unknown command \(command)\n\n\(usage)".utf8))
            return 2
        }
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

    static func ensureParentDirectory(_ database: String) throws {
        guard !database.hasPrefix("postgres") else { return }
        let dir = (database as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    }

    /// Opens the store the configuration names: the one place a store is chosen by its URL
    /// (`memory:` for tests, `postgres://...` or a libpq key/value string, else a SQLite path or `sqlite:PATH`).
    public static func openStore(_ config: GatewayConfiguration) throws -> any TicketStore {
        if config.database == "memory:" {
            return MemoryTicketStore(rules: IntakeRules(utcOffsetSeconds: config.utcOffsetSeconds, dedup: makeDedupDecider(config),
                                                        routing: config.routingEngine),
                                     rejectedJournalLimit: config.rejectedJournalLimit)
        }
        if config.database.hasPrefix("postgres://") || config.database.hasPrefix("postgresql://") {
            throw ConfigurationError(message: "PostgreSQL storage is not available in this version; use a SQLite path")
        }
        try ensureParentDirectory(config.database)
        var sqlite = SQLiteStoreConfiguration(
            path: config.database, utcOffsetSeconds: config.utcOffsetSeconds, rejectedJournalLimit: config.rejectedJournalLimit)
        sqlite.routing = config.routingEngine
        return try SQLiteTicketStore(configuration: sqlite, dedup: makeDedupDecider(config))
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
        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.info("signal received", [("signal", .int(Int64(received)))])
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
