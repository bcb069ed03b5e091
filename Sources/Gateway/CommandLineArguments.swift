/// One subcommand's command line: options that take a value (`--config FILE` or `--config=FILE`), `--help`, and
/// positional arguments. Anything else is a `UsageError` naming it.
struct CommandLineArguments {
    /// What a subcommand accepts, and the usage `--help` prints.
    struct Spec: Sendable {
        let name: String
        /// `serve [--config FILE]`
        let synopsis: String
        /// What it does, and what its arguments mean.
        let details: String
        var valueOptions: [String] = []
        var positional: ClosedRange<Int> = 0...0

        var usage: String { "Usage: intake-gateway \(synopsis)\n\n\(details)\n" }
    }

    var values: [String: String] = [:]
    var positional: [String] = []
    var help = false

    static func parse(_ args: [String], _ spec: Spec) throws(UsageError) -> CommandLineArguments {
        var result = CommandLineArguments()
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositional || !arg.hasPrefix("-") || arg == "-" {
                result.positional.append(arg)
                continue
            }
            if arg == "--" { onlyPositional = true; continue }
            if arg == "--help" || arg == "-h" { result.help = true; continue }
            let name = arg.split(separator: "=", maxSplits: 1).first.map(String.init) ?? arg
            guard spec.valueOptions.contains(name) else {
                throw UsageError("\(spec.name): unknown option \(name)", spec)
            }
            if let eq = arg.firstIndex(of: "=") {
                result.values[name] = String(arg[arg.index(after: eq)...])
            } else {
                guard i < args.count else { throw UsageError("\(spec.name): \(name) needs a value", spec) }
                result.values[name] = args[i]
                i += 1
            }
        }
        if result.help { return result }
        if result.positional.count > spec.positional.upperBound {
            let extra = result.positional[spec.positional.upperBound]
            throw UsageError("\(spec.name): unexpected argument \(extra)", spec)
        }
        if result.positional.count < spec.positional.lowerBound {
            throw UsageError("\(spec.name): missing argument", spec)
        }
        return result
    }
}

/// A command line the program cannot run: what is wrong, naming the argument (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String, _ spec: CommandLineArguments.Spec) { self.message = message }
    var description: String { message }
}
