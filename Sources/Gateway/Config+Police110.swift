import Foundation
import Police110

extension ConfigurationLoader {
    /// The Police110 channel's options (environment variable, config key, meaning); values land in `settings`.
    static let police110Options: [OptionSpec] = [
        setting("INTAKE_POLICE110_MAPPING", "police110.mapping",
                "the 110 partner's field mapping: a mapping name (pinyin, camelcase, or one in the mappings directory) or a "
                    + "mapping file's path (unset: recognized from the fields present)",
                validate: { v in
                    let t = v.trimmingASCIIWhitespace()
                    guard StandardChannels.isMappingPath(t) else { return }
                    _ = try StandardChannels.readMapping(t)
                }),
        setting("INTAKE_POLICE110_MAPPINGS_DIR", "police110.mappingsDir",
                "directory of 110 mapping files (*.json) loaded at start, beside the shipped ones "
                    + "(default Channels/Police110/Mappings when it exists)",
                validate: { v in _ = try StandardChannels.readMappings(directory: v.trimmingASCIIWhitespace(), required: true) }),
        setting("INTAKE_POLICE110_FEEDBACK_URL", "police110.feedbackUrl",
                "where return notices (退回) for transferred items are delivered to 110 (unset: they wait in the outbox)",
                validate: { v in _ = try httpURL("INTAKE_POLICE110_FEEDBACK_URL", v) }),
        setting("INTAKE_POLICE110_FEEDBACK_SECRET", "police110.feedbackSecret",
                "whsec_... secret return notices to 110 are signed with (Standard Webhooks headers)", secret: true,
                validate: { v in _ = try webhookSecret("INTAKE_POLICE110_FEEDBACK_SECRET", v) }),
    ]
}

extension StandardChannels {
    /// The shipped mappings' directory, relative to the working directory (the repository root in make run/demo/test).
    static let shippedMappingsDirectory = "Channels/Police110/Mappings"

    static func isMappingPath(_ value: String) -> Bool { value.hasSuffix(".json") || value.contains("/") }

    static func readMapping(_ path: String) throws -> Police110Mapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(message: "cannot read the 110 mapping file \(path)")
        }
        do { return try Police110Mapping.parse(Array(data)) } catch {
            throw ConfigurationError(message: "\(path): \(error)")
        }
    }

    /// Every `*.json` mapping in `directory`, by file name. A missing directory is an error only when `required`.
    static func readMappings(directory: String, required: Bool) throws -> [Police110Mapping] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            if required { throw ConfigurationError(message: "\(directory) is not a directory of 110 mapping files") }
            return []
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try files.filter { $0.hasSuffix(".json") }.sorted().map { try readMapping(directory + "/" + $0) }
    }

    /// The 110 mappings the gateway knows: the embedded shipped ones, replaced by the files of the shipped
    /// directory when it is there (they are the editable source), then those of INTAKE_POLICE110_MAPPINGS_DIR
    /// (a mapping with a known name replaces it). Read once, at start. The return path looks mappings up here
    /// by the name a ticket carries in `channelData.mapping`.
    public static func police110Mappings(_ config: GatewayConfiguration) throws -> [Police110Mapping] {
        var mappings = Police110ShippedMappings.all
        func add(_ m: Police110Mapping) {
            if let i = mappings.firstIndex(where: { $0.name == m.name }) { mappings[i] = m } else { mappings.append(m) }
        }
        for m in try readMappings(directory: shippedMappingsDirectory, required: false) { add(m) }
        if let dir = config.settings["police110.mappingsDir"]?.trimmingASCIIWhitespace(), !dir.isEmpty {
            for m in try readMappings(directory: dir, required: true) { add(m) }
        }
        if let fixed = config.settings["police110.mapping"]?.trimmingASCIIWhitespace(), isMappingPath(fixed) {
            add(try readMapping(fixed))
        }
        return mappings
    }

    /// How the police110 adapter picks a mapping: the configured one, or detection among all.
    static func police110Selection(_ config: GatewayConfiguration) throws -> Police110Adapter.Selection {
        let mappings = try police110Mappings(config)
        guard let fixed = config.settings["police110.mapping"]?.trimmingASCIIWhitespace(), !fixed.isEmpty else {
            return .detect(mappings)
        }
        let name = isMappingPath(fixed) ? try readMapping(fixed).name : fixed
        guard let mapping = mappings.first(where: { $0.name == name }) else {
            throw ConfigurationError(message: "INTAKE_POLICE110_MAPPING: no mapping named \(name) (known: "
                                     + mappings.map(\.name).joined(separator: ", ") + ")")
        }
        return .fixed(mapping)
    }
}
