import Foundation
import IntakeCore

/// Structured JSON lines on stderr. Callers pass personal data through `PersonalData`/`PhoneNumber.mask`;
/// secrets are never given to it.
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug = 0, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
    }

    public let minimum: Level
    private let sink: @Sendable (String) -> Void

    public init(minimum: Level = .info, sink: @escaping @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }) {
        self.minimum = minimum
        self.sink = sink
    }

    public func log(_ level: Level, _ message: String, _ fields: [(String, JSON)] = []) {
        guard level >= minimum else { return }
        var members: [(String, JSON)] = [("ts", .string(Timestamp.format(Date()))), ("level", .string(level.name)), ("msg", .string(message))]
        members.append(contentsOf: fields)
        sink(JSON.object(members).text)
    }

    public func info(_ message: String, _ fields: [(String, JSON)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, JSON)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, JSON)] = []) { log(.error, message, fields) }
    public func debug(_ message: String, _ fields: [(String, JSON)] = []) { log(.debug, message, fields) }
}
