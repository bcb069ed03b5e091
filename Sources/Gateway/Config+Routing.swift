import Foundation
import IntakeCore
import Routing

extension ConfigurationLoader {
    /// Sorting at intake: the catalogue, the working calendar and the deadline rules (README: "Routing").
    static let routingOptions: [OptionSpec] = [
        OptionSpec(env: "INTAKE_CATALOGUE_FILE", key: "catalogueFile",
                   help: "JSON catalogue of categories, request-type and urgency rules (default: the shipped one; `intake-gateway catalogue` prints it)",
                   secret: false) { c, v in
            c.routing.classifier = Classifier(catalogue: try routingFile(v, "INTAKE_CATALOGUE_FILE", Catalogue.init(json:)))
            c.settings["catalogueFile"] = v
        },
        OptionSpec(env: "INTAKE_CALENDAR_FILE", key: "calendarFile",
                   help: "JSON working calendar {\"holidays\": [...], \"workdays\": [...]} (default: the shipped 2025-2026 State Council schedule)",
                   secret: false) { c, v in
            c.routing.calendar = try routingFile(v, "INTAKE_CALENDAR_FILE", WorkingCalendar.init(json:))
        },
        OptionSpec(env: "INTAKE_HOTLINES_FILE", key: "hotlinesFile",
                   help: "JSON map of entry points to hotlines: {\"hotlines\": [{\"hotline\": \"12319\", \"dnis\": [...], \"seatGroups\": [...], \"sms\": [...], \"email\": [...], \"wechatAppIds\": [...], \"police110\": [...]}]} (unlisted: INTAKE_HOTLINE)",
                   secret: false) { c, v in
            c.hotlineMap = try routingFile(v, "INTAKE_HOTLINES_FILE") { (j: JSON) throws(RoutingFileError) -> HotlineMap in
                do { return try HotlineMap(json: j) } catch let e as ChannelConfigurationError { throw RoutingFileError(e.message) } catch {
                    throw RoutingFileError("\(error)")
                }
            }
        },
        OptionSpec(env: "INTAKE_DEADLINE_RULES", key: "deadlineRules",
                   help: "deadline rules changing the defaults, e.g. A=2h,B=24h,consultation=2d,help=10d,suggestion=10d,complaint=15d,report=15d,officeHoursEnd=17:30 (d: working days)",
                   secret: false) { c, v in
            do { c.routing.rules = try DeadlineRules(parsing: v) } catch let e as RoutingFileError {
                throw ConfigurationError(message: "INTAKE_DEADLINE_RULES: \(e.message)")
            }
        },
    ]

    static func routingFile<T>(_ path: String, _ name: String, _ parse: (JSON) throws(RoutingFileError) -> T) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(message: "\(name): cannot read \(path)")
        }
        do { return try parse(try JSON.parse(Array(data))) } catch let e as RoutingFileError {
            throw ConfigurationError(message: "\(name) \(path): \(e.message)")
        } catch {
            throw ConfigurationError(message: "\(name) \(path): not JSON: \(error)")
        }
    }
}

extension GatewayConfiguration {
    /// The routing engine on the hotline's own clock.
    public var routingEngine: RoutingEngine {
        var r = routing
        r.utcOffsetSeconds = utcOffsetSeconds
        return r
    }
}

extension Gateway {
    /// Years around today the working calendar does not cover (this year and the next): a warning at start and in
    /// /readyz, since deadlines then assume plain weekends.
    func calendarGaps() -> [Int] {
        let year = Day(clock.now(), utcOffsetSeconds: configuration.utcOffsetSeconds).year
        return routing.calendar.missingYears(year...(year + 1))
    }
}
