internal import CBuildInfo
import Crypto
import Curl
import HTTPServer
import Postgres
import SQLite

/// What `--version` reports: this build and the C libraries the process actually loaded (which a distribution
/// upgrade can change under an unchanged binary).
public enum BuildInfo {
    /// The git commit `make release` built from, or nil when the build was not told (a plain `swift build`).
    public static var commit: String? {
        let c = String(cString: intake_git_commit())
        return c.isEmpty ? nil : c
    }

    /// Library name and runtime version.
    public static var libraries: [(name: String, version: String)] {
        [("SQLite", SQLiteConnection.libraryVersion), ("libpq", PostgresConnection.libraryVersion),
         ("libcurl", Curl.libraryVersion), ("libmicrohttpd", HTTPServer.libraryVersion), ("OpenSSL", OpenSSLVersion.text)]
    }

    /// The `--version` text.
    public static func versionText(version: String) -> String {
        var out = "intake-gateway \(version)\n"
        out += "commit \(commit ?? "unknown (built without `make release`)")\n"
        for l in libraries { out += "\(l.name) \(l.version)\n" }
        return out
    }
}
