/// A configuration value a channel cannot use (a malformed mapping, an unknown format name); the gateway reports it
/// at start with the option's name.
public struct ChannelConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
