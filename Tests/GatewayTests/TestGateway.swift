import Foundation
import Testing
import IntakeCore
import Curl
import ChannelTesting
import Store
import Synchronization
@testable import Gateway

/// The stores the pipeline tests run on.
enum TestStore: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, memory, postgres
    var testDescription: String { rawValue }
}

/// A gateway on a temporary store (a SQLite file by default) and a free loopback port, with a local case-system receiver.
final class TestGateway: @unchecked Sendable {
    let directory: String
    let receiver: LocalReceiver
    let gateway: Gateway
    final class Lines: Sendable { let value = Mutex<[String]>([]) }
    let logLines = Lines()
    private var dropDatabase: @Sendable () -> Void = {}
    static let adminToken = "test-admin-token-5f2c"
    static let caseSecret = "whsec_dGVzdC1jYXNlLXN5c3RlbS1zZWNyZXQtMTIzNDU2Nzg="

    init(store kind: TestStore = .sqlite, _ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws {
        directory = NSTemporaryDirectory() + "intake-gw-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        receiver = LocalReceiver()
        try receiver.start()
        var config = GatewayConfiguration()
        config.port = 0
        switch kind {
        case .sqlite: config.database = directory + "/gw.sqlite"
        case .memory: config.database = "memory:"
        case .postgres:
            let (url, drop) = try TestDatabase.create()
            config.database = url
            dropDatabase = drop
        }
        config.adminToken = Self.adminToken
        config.caseSystemURL = receiver.url
        config.caseSystemSecret = Self.caseSecret
        config.areaCode = "755"
        config.forwarderInitialBackoffSeconds = 0.05
        config.forwarderMaxBackoffSeconds = 0.2
        config.shutdownGraceSeconds = 10
        config.webRateLimitPerMinute = 0  // tests post many forms from one address; the limit's own tests set it
        for (k, v) in Demo.secrets { config.channelSecrets[k] = [v] }
        adjust(&config)
        let store = try CommandLineInterface.openStore(config)
        let lines = logLines
        let logger = Logger(minimum: .debug) { line in lines.value.withLock { $0.append(line) } }
        let clock = SystemClock()
        gateway = Gateway(configuration: config, store: store, channels: StandardChannels.routes(config, clock: clock),
                          services: StandardChannels.services(config, clock: clock), clock: clock, logger: logger)
        try gateway.start()
    }

    var base: String { "http://127.0.0.1:\(gateway.port)" }
    var store: any TicketStore { gateway.store }

    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPResult {
        try CurlEasy().perform(method: method, url: base + path, headers: headers, body: body)
    }

    /// A web form submission (multipart) with one PNG photo.
    static func photoForm(_ png: [UInt8], text: String = "井盖缺失，很危险", phone: String = "13812345678") -> [UInt8] {
        var body = Array("--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\(text)\r\n--B\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n\(phone)\r\n--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"manhole.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += png + Array("\r\n--B--\r\n".utf8)
        return body
    }

    func postJSON(_ path: String, _ json: String, headers: [(String, String)] = []) throws -> HTTPResult {
        try request("POST", path, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }

    func admin(_ path: String) throws -> HTTPResult {
        try request("GET", path, headers: [("Authorization", "Bearer \(Self.adminToken)")])
    }

    /// Waits until `condition` holds or `seconds` pass.
    func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    /// Waits until every forwarder has looked at the outbox after this call and found nothing due and nothing in
    /// flight: what the receivers have not got by then was not sent (no sleeping to prove an absence).
    func settled() -> Bool {
        gateway.forwarders.allSatisfy { $0.waitUntilIdle() }
    }

    func stop() {
        gateway.shutdown()
        receiver.stop()
        dropDatabase()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

extension HTTPResult {
    var json: JSON? { try? JSON.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}()

/// Runs a program and returns its exit status and output.
@discardableResult
func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String]? = nil) throws -> (Int32, String) {
    let p = try Subprocess(executable, arguments, environment: environment, stdin: stdin ?? [])
    let data = p.readOutputToEnd()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
