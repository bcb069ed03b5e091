import Foundation
import Gateway

/// `intake-gateway serve | migrate | demo | import | --version | --help`
let arguments = Array(CommandLine.arguments.dropFirst())
let status = CommandLineInterface.run(arguments, environment: ProcessInfo.processInfo.environment)
exit(status)
