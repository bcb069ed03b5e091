import Foundation
import SQLite

/// `intake-gateway backup DEST`: a consistent copy of the SQLite database, taken beside a running gateway.
enum DatabaseBackup {
    static func run(destination: String, configFile: String?, environment: [String: String]) -> Int32 {
        let config: GatewayConfiguration
        do { config = try ConfigurationLoader.load(file: configFile, environment: environment) } catch {
            FileHandle.standardError.write(Data("backup: configuration: \(error)\n".utf8))
            return 2
        }
        if config.database.hasPrefix("postgres://") || config.database.hasPrefix("postgresql://") {
            FileHandle.standardError.write(Data("""
                backup: INTAKE_DATABASE is PostgreSQL; back it up with PostgreSQL's own tools \
                (pg_dump -Fc, or pg_basebackup with WAL archiving), see README "Backup and restore"\n
                """.utf8))
            return 2
        }
        do {
            let tickets = try backup(database: config.database, to: destination)
            print("backed up \(config.database) to \(destination) (\(tickets) tickets)")
            return 0
        } catch {
            FileHandle.standardError.write(Data("backup: \(error)\n".utf8))
            return 1
        }
    }

    /// Copies `database` to `destination` and checks the copy; returns the tickets in it.
    static func backup(database: String, to destination: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: database) else {
            throw ConfigurationError(message: "INTAKE_DATABASE: \(database) does not exist")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw ConfigurationError(message: "\(destination) exists; the backup is written to a new file")
        }
        let source = try SQLiteConnection(path: database, readOnly: true)
        source.setBusyTimeout(milliseconds: 10_000)
        try source.copy(into: destination)
        let copy = try SQLiteConnection(path: destination, readOnly: true)
        let check = try copy.query("PRAGMA quick_check").first?.string("quick_check")
        guard check == "ok" else { throw ConfigurationError(message: "the copy fails its integrity check: \(check ?? "no answer")") }
        return try copy.query("SELECT count(*) AS n FROM tickets").first?.int("n") ?? 0
    }
}
