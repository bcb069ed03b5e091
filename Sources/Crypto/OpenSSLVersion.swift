internal import CCrypto

/// The OpenSSL library this process runs with.
public enum OpenSSLVersion {
    /// `OpenSSL_version(OPENSSL_VERSION)`, e.g. `OpenSSL 3.5.1 1 Jul 2025`.
    public static var text: String { OpenSSL_version(Int32(OPENSSL_VERSION)).map { String(cString: $0) } ?? "unknown" }
}
