import Foundation
import Testing
import IntakeCore
import Curl
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway

/// The binary as an operator deploys it: copied somewhere else, started from there, with the build folder and the
/// checkout out of reach.
@Suite(.serialized) struct DeploymentTests {
    static var binary: String { repositoryRoot + "/.build/debug/intake-gateway" }

    @Test func theEmbeddedContractEqualsTheRepositoryFile() throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/openapi.yaml"))
        #expect(Array(EmbeddedOpenAPI.text.utf8) == Array(file),
                "openapi.yaml changed: run python3 scripts/generate-embedded.py")
    }

    @Test func theTargetHasNoResourceBundle() throws {
        let manifest = try String(contentsOfFile: repositoryRoot + "/Package.swift", encoding: .utf8)
        let gateway = try #require(manifest.range(of: "name: \"Gateway\""))
        let rest = manifest[gateway.upperBound...]
        let end = rest.range(of: ".executableTarget")?.lowerBound ?? rest.endIndex
        #expect(!rest[..<end].contains("resources:"))
    }

    /// Copies the built binary into an empty directory, hides the checkout (and with it `.build`) behind an empty tmpfs
    /// in a private mount namespace, starts `serve` from that directory and compares `/openapi.yaml` with the file.
    @Test func aRelocatedBinaryServesTheRepositoryContract() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the executable first (swift build)")
        let dir = NSTemporaryDirectory() + "intake-relocated-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Self.binary, toPath: dir + "/intake-gateway")
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/openapi.yaml")))

        // Inside the namespace: the checkout is an empty tmpfs, so neither `.build` nor any repository file is there.
        let script = """
            set -e
            mount -t tmpfs -o size=1m intake-hidden "$REPO"
            test ! -e "$REPO/.build"
            test ! -e "$REPO/openapi.yaml"
            cd "$DIR"
            exec ./intake-gateway serve
            """
        let p = try Subprocess("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script], environment: [
            "REPO": repositoryRoot, "DIR": dir, "PATH": "/usr/bin:/bin", "INTAKE_LISTEN": "127.0.0.1:0",
            "INTAKE_DATABASE": "var/intake.sqlite", "INTAKE_ADMIN_TOKEN": "relocated",
            "INTAKE_CHANNEL_SECRET_POLICE110": Demo.secrets["police110"] ?? "",
        ], directory: "/", output: .standardError)
        defer {
            if p.isRunning { kill(p.processIdentifier, SIGTERM) }
            p.waitUntilExit()
        }
        let stderr = try #require(p.output)
        let port = try #require(Self.servingPort(stderr), "the relocated gateway did not start")
        let base = "http://127.0.0.1:\(port)"
        let contract = try CurlEasy().perform(method: "GET", url: base + "/openapi.yaml", headers: [], body: [])
        #expect(contract.status == 200)
        #expect(contract.body.count == expected.count)
        #expect(contract.body == expected, "the relocated binary served another contract")
        // The shipped 110 mappings are inside the binary too: a 110 transfer becomes a ticket.
        let example = try #require(try Demo.examples(in: repositoryRoot + "/Channels").first { $0.path == "/v1/intake/police110" })
        let sent = try Demo.send(example, baseURL: base, easy: CurlEasy())
        #expect(sent.status == 200, "\(String(decoding: sent.body, as: UTF8.self))")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        // It kept its data where it was started, beside the copied binary.
        #expect(FileManager.default.fileExists(atPath: dir + "/var/intake.sqlite"))
    }

    /// Under systemd (`Type=notify`) the gateway says READY=1 once it serves, and STOPPING=1 on SIGTERM.
    @Test func itTellsSystemdWhenItIsReadyAndWhenItStops() throws {
        let dir = NSTemporaryDirectory() + "intake-notify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socketPath = dir + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in socketPath.utf8.enumerated() { buffer[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
        }

        let p = try Subprocess(Self.binary, ["serve"], environment: [
            "NOTIFY_SOCKET": socketPath, "INTAKE_LISTEN": "127.0.0.1:0", "INTAKE_DATABASE": dir + "/intake.sqlite"],
            output: .standardError)
        defer {
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        let ready = try #require(receive(), "no READY=1 within 20 s")
        #expect(ready.split(separator: "\n").contains("READY=1"), "\(ready)")
        #expect(ready.contains("MAINPID=\(p.processIdentifier)"), "\(ready)")
        // Ready means serving: the port is already answering.
        let stderr = try #require(p.output)
        let port = try #require(Self.servingPort(stderr))
        #expect(try CurlEasy().perform(method: "GET", url: "http://127.0.0.1:\(port)/healthz", headers: [], body: []).status == 200)
        kill(p.processIdentifier, SIGTERM)
        let stopping = try #require(receive(), "no STOPPING=1 after SIGTERM")
        #expect(stopping == "STOPPING=1")
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// Reads the gateway's log lines until the `serving` line and returns the port it names.
    static func servingPort(_ handle: FileHandle, seconds: Double = 20) -> UInt16? {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = ""
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer += String(decoding: chunk, as: UTF8.self)
            for line in buffer.split(separator: "\n") where line.contains("\"serving\"") {
                guard let json = try? JSON.parse(Array(line.utf8)), let listen = json["listen"]?.stringValue,
                      let colon = listen.lastIndex(of: ":") else { continue }
                return UInt16(listen[listen.index(after: colon)...])
            }
        }
        return nil
    }
}
