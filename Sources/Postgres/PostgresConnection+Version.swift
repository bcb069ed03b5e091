internal import CPostgres

extension PostgresConnection {
    /// The libpq this process runs with, e.g. `17.2` (`PQlibVersion`: major * 10000 + minor since PostgreSQL 10).
    public static var libraryVersion: String {
        let v = Int(PQlibVersion())
        return v >= 100_000 ? "\(v / 10_000).\(v % 10_000)" : "\(v / 10_000).\(v / 100 % 100).\(v % 100)"
    }
}
