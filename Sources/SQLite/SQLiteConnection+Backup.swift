extension SQLiteConnection {
    /// Writes a consistent copy of this database to `path`, which must not exist (or be empty). `VACUUM INTO` reads
    /// the database in one read transaction: in WAL mode writers go on meanwhile, and the copy is the snapshot the
    /// transaction began with, compacted, with no WAL of its own. Works on a read-only connection.
    public func copy(into path: String) throws {
        _ = try run("VACUUM INTO ?", [.text(path)])
    }
}
