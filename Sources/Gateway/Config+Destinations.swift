import Foundation
import Forwarder
import IntakeCore
import Store

/// One destination as INTAKE_DESTINATIONS_FILE gives it; what it leaves out comes from the INTAKE_FORWARDER_* options.
public struct DestinationEntry: Sendable {
    public var name: String
    public var url: String
    public var format: WireFormat
    public var secret: String?
    public var match: DestinationMatch?
    public var isDefault = false
    public var open311: Open311Settings?
    /// For format mapped-json: the mapping, read and checked at start.
    public var mapping: CaseMapping?
    public var workers: Int?
    public var maxAttempts: Int?
    public var initialBackoffSeconds: Double?
    public var maxBackoffSeconds: Double?
    public var timeoutSeconds: Double?
    public var connectTimeoutSeconds: Double?

    public init(name: String, url: String, format: WireFormat = .standardWebhooks, secret: String? = nil, match: DestinationMatch? = nil) {
        self.name = name
        self.url = url
        self.format = format
        self.secret = secret
        self.match = match
    }
}

extension ConfigurationLoader {
    static let destinationOptions: [OptionSpec] = [
        OptionSpec(env: "INTAKE_DESTINATIONS_FILE", key: "destinationsFile",
                   help: "JSON array of destinations, each with name, url, format (standard-webhooks, open311 or mapped-json), secret or secretFile, "
                       + "Open311 apiKey, jurisdictionId, serviceCodes, defaultServiceCode, attributes, mapped-json mapping, default, match "
                       + "(replaces INTAKE_CASE_SYSTEM_URL; README: Destinations by rule)",
                   secret: false) { c, v in
            c.destinations = try destinationsFile(v)
        },
    ] + mediaOptions

    static func destinationsFile(_ path: String) throws -> [DestinationEntry] {
        let option = "INTAKE_DESTINATIONS_FILE"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(message: "\(option): cannot read \(path)")
        }
        let json: JSON
        do { json = try JSON.parse(Array(data)) } catch { throw ConfigurationError(message: "\(option) \(path): not JSON: \(error)") }
        guard let items = json.arrayValue, !items.isEmpty else {
            throw ConfigurationError(message: "\(option) \(path): must be a non-empty JSON array of destinations")
        }
        var out: [DestinationEntry] = []
        for (i, item) in items.enumerated() {
            let label = item["name"]?.stringValue.map { "destination \"\($0)\"" } ?? "destination #\(i + 1)"
            do {
                let entry = try destination(item, directory: (path as NSString).deletingLastPathComponent)
                if out.contains(where: { $0.name == entry.name }) { throw ConfigurationError(message: "the name is used twice") }
                out.append(entry)
            } catch let e as ConfigurationError {
                throw ConfigurationError(message: "\(option) \(path): \(label): \(e.message)")
            } catch let e as ChannelConfigurationError {
                throw ConfigurationError(message: "\(option) \(path): \(label): \(e.message)")
            }
        }
        if out.filter(\.isDefault).count > 1 {
            throw ConfigurationError(message: "\(option) \(path): only one destination may be \"default\": true")
        }
        return out
    }

    static let destinationKeys: Set<String> = [
        "name", "url", "format", "secret", "secretFile", "apiKey", "apiKeyFile", "jurisdictionId", "serviceCodes", "defaultServiceCode",
        "tokenPollSeconds", "attributes", "mapping", "match", "default", "workers", "maxAttempts", "initialBackoffSeconds", "maxBackoffSeconds",
        "timeoutSeconds", "connectTimeoutSeconds",
    ]

    static func destination(_ j: JSON, directory: String) throws -> DestinationEntry {
        guard let members = j.objectValue else { throw ConfigurationError(message: "must be an object") }
        if let unknown = members.first(where: { !destinationKeys.contains($0.0) }) {
            throw ConfigurationError(message: "\(unknown.0) is not a known key")
        }
        guard let name = j["name"]?.stringValue, !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) })
        else { throw ConfigurationError(message: "name must be 1 to 64 letters, digits, - _ or .") }
        guard name != Gateway.police110Feedback else {
            throw ConfigurationError(message: "name \(name) is reserved for INTAKE_POLICE110_FEEDBACK_URL")
        }
        guard let urlText = j["url"]?.stringValue else { throw ConfigurationError(message: "url is missing") }
        let url = try httpURL("url", urlText)
        let formatName = j["format"]?.stringValue ?? "standard-webhooks"
        guard let format = WireFormat(name: formatName), format != .payload else {
            throw ConfigurationError(message: "format \(formatName) is not standard-webhooks, open311 or mapped-json")
        }
        func text(_ key: String, file fileKey: String) throws -> String? {
            if let v = j[key] {
                guard let s = v.stringValue, !s.isEmpty else { throw ConfigurationError(message: "\(key) must be a non-empty string") }
                return s
            }
            guard let f = j[fileKey] else { return nil }
            guard let p = f.stringValue else { throw ConfigurationError(message: "\(fileKey) must be a path") }
            let full = p.hasPrefix("/") || directory.isEmpty ? p : directory + "/" + p
            guard let data = FileManager.default.contents(atPath: full) else { throw ConfigurationError(message: "\(fileKey): cannot read \(full)") }
            let s = String(decoding: data, as: UTF8.self).trimmingASCIIWhitespace()
            guard !s.isEmpty else { throw ConfigurationError(message: "\(fileKey): \(full) is empty") }
            return s
        }
        var entry = DestinationEntry(name: name, url: url, format: format)
        let secret = try text("secret", file: "secretFile")
        if format == .mappedJSON {
            guard let m = j["mapping"] else { throw ConfigurationError(message: "mapping is missing (a shipped mapping's name or a mapping file)") }
            guard let ref = m.stringValue, !ref.isEmpty else { throw ConfigurationError(message: "mapping must be a shipped mapping's name or a file's path") }
            let mapping = try caseMapping(ref, directory: directory)
            entry.mapping = mapping
            switch mapping.signing {
            case .none:
                if secret != nil { throw ConfigurationError(message: "secret is given but mapping \(mapping.name) signs nothing (signing.scheme none)") }
            case .standardWebhooks:
                guard let secret else { throw ConfigurationError(message: "mapping \(mapping.name) signs the standard-webhooks way: secret or secretFile (whsec_...) is required") }
                entry.secret = try webhookSecret("secret", secret)
            case .hmacFields:
                guard let secret else { throw ConfigurationError(message: "mapping \(mapping.name) signs fields with an HMAC: secret or secretFile (the shared key) is required") }
                entry.secret = secret
            }
        } else {
            if j["mapping"] != nil { throw ConfigurationError(message: "mapping is for format mapped-json only") }
            entry.secret = try secret.map { try webhookSecret("secret", $0) }
        }
        if let m = j["match"] { entry.match = try DestinationMatch(json: m) }
        if let d = j["default"] {
            guard let b = d.boolValue else { throw ConfigurationError(message: "default must be true or false") }
            entry.isDefault = b
        }
        if format == .open311 {
            var o = Open311Settings(apiKey: try text("apiKey", file: "apiKeyFile"), jurisdictionId: j["jurisdictionId"]?.scalarText)
            if let codes = j["serviceCodes"] {
                guard let members = codes.objectValue else { throw ConfigurationError(message: "serviceCodes must be an object {category: service_code}") }
                for (category, code) in members {
                    guard let c = code.scalarText, !c.isEmpty else { throw ConfigurationError(message: "serviceCodes.\(category) must be a string") }
                    o.serviceCodes[category] = c
                }
            }
            o.defaultServiceCode = j["defaultServiceCode"]?.scalarText
            if let p = j["tokenPollSeconds"] {
                guard let s = p.doubleValue, s > 0 else { throw ConfigurationError(message: "tokenPollSeconds must be a positive number") }
                o.tokenPollSeconds = s
            }
            if let a = j["attributes"] {
                guard let members = a.objectValue, members.count <= 100 else {
                    throw ConfigurationError(message: "attributes must be an object {attribute code: JSON pointer into the event} of at most 100")
                }
                for (code, pointer) in members {
                    guard !code.isEmpty, code.count <= 100 else { throw ConfigurationError(message: "attributes: a code must be 1 to 100 characters") }
                    guard let text = pointer.stringValue else {
                        throw ConfigurationError(message: "attributes.\(code) must be a JSON pointer such as /data/ticket/receiptNo")
                    }
                    do { o.attributes.append((code, try CaseMapping.pointer(text))) } catch {
                        throw ConfigurationError(message: "attributes.\(code): \(error.message)")
                    }
                }
            }
            entry.open311 = o
        } else {
            for key in ["apiKey", "apiKeyFile", "jurisdictionId", "serviceCodes", "defaultServiceCode", "tokenPollSeconds", "attributes"]
            where j[key] != nil {
                throw ConfigurationError(message: "\(key) is for format open311 only")
            }
        }
        func number(_ key: String) throws -> Double? {
            guard let v = j[key] else { return nil }
            guard let d = v.doubleValue, d > 0 else { throw ConfigurationError(message: "\(key) must be a positive number") }
            return d
        }
        entry.workers = try number("workers").map { Int($0) }
        entry.maxAttempts = try number("maxAttempts").map { Int($0) }
        entry.initialBackoffSeconds = try number("initialBackoffSeconds")
        entry.maxBackoffSeconds = try number("maxBackoffSeconds")
        entry.timeoutSeconds = try number("timeoutSeconds")
        entry.connectTimeoutSeconds = try number("connectTimeoutSeconds")
        return entry
    }
}

extension ConfigurationLoader {
    /// A mapped-json destination's mapping: a shipped mapping's name (`tbpushwork`), or a file's path (ending in
    /// `.json` or holding a `/`; relative paths from the destinations file's directory).
    static func caseMapping(_ ref: String, directory: String) throws -> CaseMapping {
        guard ref.hasSuffix(".json") || ref.contains("/") else {
            guard let shipped = ShippedCaseMappings.all.first(where: { $0.name == ref }) else {
                throw ConfigurationError(message: "mapping \(ref) is not a shipped mapping (\(ShippedCaseMappings.all.map(\.name).joined(separator: ", "))) "
                                             + "nor a file path (ending in .json)")
            }
            return shipped
        }
        let full = ref.hasPrefix("/") || directory.isEmpty ? ref : directory + "/" + ref
        guard let data = FileManager.default.contents(atPath: full) else { throw ConfigurationError(message: "mapping: cannot read \(full)") }
        do { return try CaseMapping.parse(Array(data)) } catch {
            throw ConfigurationError(message: "mapping \(full): \(error)")
        }
    }
}

extension GatewayConfiguration {
    /// The destinations of ticket events: INTAKE_DESTINATIONS_FILE, else INTAKE_CASE_SYSTEM_URL as the one
    /// destination `case-system` (no URL: its events wait in the outbox).
    public var ticketDestinationEntries: [DestinationEntry] {
        if let destinations { return destinations }
        return caseSystemURL.map { [DestinationEntry(name: "case-system", url: $0, secret: caseSystemSecret)] } ?? []
    }

    /// The names the store plans ticket events for, and which tickets each takes.
    public var ticketDestinationNames: [String] { destinations?.map(\.name) ?? ["case-system"] }

    public var destinationRules: DestinationRules {
        var rules = DestinationRules(defaultDestination: destinations?.first(where: \.isDefault)?.name)
        for d in destinations ?? [] { rules.matches[d.name] = d.match }
        rules.withoutClusterEvents = Set((destinations ?? []).filter { $0.format != .standardWebhooks }.map(\.name))
        return rules
    }

    /// A forwarder's settings for an entry, the INTAKE_FORWARDER_* options filling what the entry leaves out.
    func forwarderConfiguration(_ e: DestinationEntry) -> DestinationConfiguration {
        var d = DestinationConfiguration(
            name: e.name, url: e.url, secret: e.secret, workers: e.workers ?? forwarderWorkers, maxAttempts: e.maxAttempts ?? forwarderMaxAttempts,
            initialBackoffSeconds: e.initialBackoffSeconds ?? forwarderInitialBackoffSeconds,
            maxBackoffSeconds: e.maxBackoffSeconds ?? forwarderMaxBackoffSeconds, timeoutSeconds: e.timeoutSeconds ?? forwarderTimeoutSeconds,
            connectTimeoutSeconds: e.connectTimeoutSeconds ?? 3, format: e.format)
        d.match = e.match
        d.isDefault = e.isDefault
        d.open311 = e.open311
        d.mapping = e.mapping
        return d
    }
}
