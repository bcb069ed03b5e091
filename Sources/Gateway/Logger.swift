import Foundation
import IntakeCore

/// Structured JSON lines on stderr. Callers pass personal data through `PersonalData`/`PhoneNumber.mask`;
/// secrets are never given to it; free-text fields are redacted (`LogRedaction`) whatever the caller passed.
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
        // Free text from outside (refusal details, store and delivery errors) may quote a number or an address:
        // every string field but the structural ones is redacted here, so no call site can forget it.
        for (key, value) in fields {
            if case .string(let text) = value, !Self.structuralKeys.contains(key) {
                members.append((key, .string(LogRedaction.redact(text))))
            } else {
                members.append((key, value))
            }
        }
        sink(JSON.object(members).text)
    }

    /// Fields that name the gateway's own identifiers, not what a sender wrote.
    static let structuralKeys: Set<String> = ["receiptNo", "ticketId", "eventId", "path", "instance", "channel", "status", "version",
                                              "commit", "destination", "client", "listen", "outcome"]

    public func info(_ message: String, _ fields: [(String, JSON)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, JSON)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, JSON)] = []) { log(.error, message, fields) }
    public func debug(_ message: String, _ fields: [(String, JSON)] = []) { log(.debug, message, fields) }
}
