internal import CMicroHTTPD

extension HTTPServer {
    /// The libmicrohttpd this process runs with, e.g. `1.0.1`.
    public static var libraryVersion: String { MHD_get_version().map { String(cString: $0) } ?? "unknown" }
}
