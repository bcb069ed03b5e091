import Foundation
import IntakeCore
import Routing

/// `intake-gateway deadline` and `intake-gateway catalogue`: what the routing configuration does, without serving.
enum RoutingCommands {
    static func run(_ command: String, _ args: [String], environment: [String: String]) -> Int32 {
        var options: [String: String] = [:]
        var i = 0
        while i < args.count {
            guard args[i].hasPrefix("--"), i + 1 < args.count else { return fail("unexpected argument \(args[i])", 2) }
            options[String(args[i].dropFirst(2))] = args[i + 1]
            i += 2
        }
        let config: GatewayConfiguration
        do { config = try ConfigurationLoader.load(file: options["config"] ?? environment["INTAKE_CONFIG"], environment: environment) } catch {
            return fail("configuration: \(error)", 2)
        }
        if command == "catalogue" {
            if let path = config.settings["catalogueFile"], let data = FileManager.default.contents(atPath: path) {
                FileHandle.standardOutput.write(data)
            } else {
                print(Catalogue.shippedText, terminator: "")
            }
            return 0
        }
        let engine = config.routingEngine
        guard let fromText = options["from"], let from = Timestamp.parse(fromText, defaultOffsetSeconds: config.utcOffsetSeconds) else {
            return fail("deadline needs --from, an RFC 3339 time such as 2026-09-30T10:00:00+08:00", 2)
        }
        guard let type = RequestType.parse(options["type"] ?? "unknown") else {
            return fail("--type must be one of \(RequestType.allCases.map(\.rawValue).joined(separator: ", "))", 2)
        }
        var urgency = Urgency.C
        if let u = options["urgency"] {
            guard let parsed = Urgency(rawValue: u.uppercased()) else { return fail("--urgency must be A, B or C", 2) }
            urgency = parsed
        }
        guard let (at, reason) = engine.rules.deadline(receivedAt: from, type: type, urgency: urgency, calendar: engine.calendar,
                                                       utcOffsetSeconds: engine.utcOffsetSeconds) else {
            return fail("no deadline rule applies to \(type.rawValue) / \(urgency.rawValue)", 1)
        }
        print("\(localTime(at, offset: engine.utcOffsetSeconds))  (\(Timestamp.format(at)))")
        print(reason)
        let years = Day(from, utcOffsetSeconds: engine.utcOffsetSeconds).year...Day(at, utcOffsetSeconds: engine.utcOffsetSeconds).year
        let missing = engine.calendar.missingYears(years)
        if !missing.isEmpty {
            print("warning: the working calendar does not cover \(missing.map(String.init).joined(separator: ", ")): plain weekends assumed")
        }
        return 0
    }

    /// `2026-10-09T23:59:59+08:00`: the instant on the hotline's own clock.
    static func localTime(_ date: Date, offset: Int) -> String {
        let day = Day(date, utcOffsetSeconds: offset)
        let seconds = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down)) - day.number * 86_400
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%@T%02d:%02d:%02d%@%02d:%02d", day.description, seconds / 3600, seconds % 3600 / 60, seconds % 60,
                      sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    static func fail(_ message: String, _ code: Int32) -> Int32 {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return code
    }
}
