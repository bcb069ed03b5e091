import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for the tests, started with posix_spawn, every descriptor from 3 up closed in the child.
/// Foundation's `Process.run` on Linux over-reads while it lists /proc/self/fd to close them (a memcpy in
/// swift-corelibs-foundation, reported upstream) and crashed `make test` twice. The names follow `Process`.
final class Subprocess: @unchecked Sendable {
    enum Output {
        /// Standard output and standard error into one pipe, read through `output`.
        case combined
        /// Standard error into the pipe, standard output to /dev/null.
        case standardError
        /// Both to /dev/null.
        case discarded
    }

    let processIdentifier: pid_t
    /// The read end of the captured output (nil when discarded).
    let output: FileHandle?
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments`; `environment` nil inherits this process's; `stdin` is written to the
    /// child's standard input, which then ends (nil: /dev/null).
    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
         stdin: [UInt8]? = nil, output: Output = .combined) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var outPipe: [Int32] = [-1, -1], inPipe: [Int32] = [-1, -1]
        if output != .discarded {
            guard pipe2(&outPipe, O_CLOEXEC) == 0 else { throw Self.error("pipe2") }
        }
        if stdin != nil {
            guard pipe2(&inPipe, O_CLOEXEC) == 0 else { throw Self.error("pipe2") }
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        switch output {
        case .combined:
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        case .standardError:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = envp == nil ? posix_spawn(&pid, executable, &actions, nil, argv, environ)
            : envp!.withUnsafeMutableBufferPointer { posix_spawn(&pid, executable, &actions, nil, argv, $0.baseAddress) }
        if outPipe[1] >= 0 { close(outPipe[1]) }
        if inPipe[0] >= 0 { close(inPipe[0]) }
        guard rc == 0 else {
            if outPipe[0] >= 0 { close(outPipe[0]) }
            if inPipe[1] >= 0 { close(inPipe[1]) }
            errno = rc
            throw Self.error("posix_spawn \(executable)")
        }
        processIdentifier = pid
        self.output = outPipe[0] >= 0 ? FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true) : nil
        if let stdin {
            var written = 0
            stdin.withUnsafeBytes { bytes in
                while written < bytes.count {
                    let n = write(inPipe[1], bytes.baseAddress! + written, bytes.count - written)
                    if n <= 0 { break }
                    written += n
                }
            }
            close(inPipe[1])
        }
    }

    /// Everything the child writes to the captured output, until it closes it.
    func readOutputToEnd() -> Data { output?.readDataToEndOfFile() ?? Data() }

    var isRunning: Bool {
        lock.withLock {
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return true }
            status = Self.decode(raw)
            return false
        }
    }

    func waitUntilExit() {
        lock.withLock {
            guard status == nil else { return }
            var raw: Int32 = 0
            while waitpid(processIdentifier, &raw, 0) < 0 && errno == EINTR {}
            status = Self.decode(raw)
        }
    }

    /// The exit status, or 128 + the signal that ended it. Call after `waitUntilExit`.
    var terminationStatus: Int32 { lock.withLock { status ?? -1 } }

    func terminate() { kill(processIdentifier, SIGTERM) }

    static func decode(_ raw: Int32) -> Int32 { raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f) }

    static func error(_ what: String) -> NSError {
        NSError(domain: NSPOSIXErrorDomain, code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
    }
}
