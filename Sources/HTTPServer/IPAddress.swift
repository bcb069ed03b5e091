import Glibc

/// Numeric IP addresses as bytes, so modules above the socket layer never call `inet_pton` themselves.
public enum IPAddress {
    /// The 4 bytes of an IPv4 address or the 16 of an IPv6 address (a zone id, `%eth0`, is ignored); nil for
    /// anything else.
    public static func bytes(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            let plain = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
            var addr = in6_addr()
            guard inet_pton(AF_INET6, plain, &addr) == 1 else { return nil }
            return withUnsafeBytes(of: &addr) { Array($0) }
        }
        var addr = in_addr()
        guard inet_pton(AF_INET, text, &addr) == 1 else { return nil }
        return withUnsafeBytes(of: &addr) { Array($0) }
    }
}
