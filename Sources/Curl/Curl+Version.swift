extension Curl {
    /// The libcurl this process runs with, e.g. `8.14.1` (from `curl_version()`: `libcurl/8.14.1 OpenSSL/3.5.1 ...`).
    public static var libraryVersion: String {
        let first = version.split(separator: " ").first.map(String.init) ?? version
        return first.hasPrefix("libcurl/") ? String(first.dropFirst(8)) : first
    }
}
