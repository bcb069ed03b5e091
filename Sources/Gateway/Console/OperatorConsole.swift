import Foundation
import IntakeCore
import Store
import Crypto

/// What an operator may do. Each role has everything of the one before it.
enum OperatorRole: String, Sendable, CaseIterable, Comparable {
    /// Sees tickets with names, phone numbers, e-mail addresses and openids masked.
    case viewer
    /// Sees personal data in full, except on confidential tickets, which open only after a stated reason; sets states.
    case supervisor
    /// Also replays dead letters, resumes destinations, reads the audit trail and manages operators.
    case admin

    static func < (a: OperatorRole, b: OperatorRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    var label: String {
        switch self {
        case .viewer: return "查看员"
        case .supervisor: return "主管"
        case .admin: return "管理员"
        }
    }
}

/// Who is acting: an operator (by session or API token) or the break-glass machine token.
struct Actor: Sendable {
    let name: String
    let role: OperatorRole
    /// INTAKE_ADMIN_TOKEN: the machine credential, sees everything, audited as `admin-token`.
    let breakGlass: Bool
    let source: String
    /// The console session, when acting through the pages (for its CSRF token).
    let session: OperatorSession?
}

/// Passwords as `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`.
enum PasswordHash {
    static let defaultIterations = 600_000

    static func make(_ password: String, iterations: Int = defaultIterations) throws -> String {
        let salt = SecureRandom.bytes(16)
        let hash = try PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0, iterations <= 10_000_000,
              let salt = Data(base64Encoded: parts[2]), let expected = Data(base64Encoded: parts[3]),
              let actual = try? PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt), iterations: iterations, length: expected.count)
        else { return false }
        return HMAC.equal(actual, Array(expected))
    }

    /// Checked against when the name is unknown, so an unknown name takes as long as a wrong password.
    static let decoy: String = (try? make("decoy-\(UUID().uuidString)")) ?? "pbkdf2-sha256$1$AA==$AA=="
}

/// The console's settings and storage for the process's lifetime.
final class ConsoleContext: Sendable {
    let store: (any ConsoleStore)?
    /// Why there is no store (the database cannot be opened), for the login page and logs.
    let unavailable: String?
    let lockoutAttempts: Int
    let lockoutSeconds: Double
    let sessionSeconds: Double
    let secureCookie: Bool

    init(configuration: GatewayConfiguration, tickets: any TicketStore, logger: Logger) {
        let s = configuration.settings
        lockoutAttempts = max(1, s["ops.lockoutAttempts"].flatMap(Int.init) ?? 5)
        lockoutSeconds = Double(max(1, s["ops.lockoutMinutes"].flatMap(Int.init) ?? 15)) * 60
        sessionSeconds = Double(max(1, s["ops.sessionMinutes"].flatMap(Int.init) ?? 480)) * 60
        secureCookie = ["1", "true", "yes", "on"].contains((s["ops.secureCookie"] ?? "").lowercased())
        do {
            store = try ConsoleStores.open(configuration, tickets: tickets)
            unavailable = nil
        } catch {
            logger.warning("the operators' console is closed", [("reason", .string("\(error)"))])
            store = nil
            unavailable = "\(error)"
        }
    }
}

/// Chooses the console's storage from INTAKE_DATABASE, in one place: the same database as the tickets.
enum ConsoleStores {
    static func open(_ config: GatewayConfiguration, tickets: (any TicketStore)?) throws -> any ConsoleStore {
        if config.database == "memory:" {
            guard let tickets else { return MemoryConsoleStore() }
            let recent: @Sendable (Date) throws -> [StoredTicket] = { since in try tickets.tickets(TicketQuery(since: since, limit: 1000)) }
            return MemoryConsoleStore(tickets: recent)
        }
        if PostgresStoreConfiguration.names(config.database) { return try PostgresConsoleStore(url: config.database) }
        try CommandLineInterface.ensureParentDirectory(config.database)
        return try SQLiteConsoleStore(path: config.database)
    }
}

/// Personal data as a viewer (or anyone before stating a reason for a confidential ticket) sees it.
enum PersonalDataMask {
    static func ticket(_ t: Ticket) -> Ticket {
        var m = t
        m.caller = t.caller.masked()
        m.channelData = t.channelData.map { ChannelDataMask.mask($0, for: .viewer) }
        // The citizen's own words often carry a number or an address ("请打 138 1234 5678 联系我").
        m.text = PersonalData.maskFreeText(t.text)
        m.subject = t.subject.map(PersonalData.maskFreeText)
        return m
    }
}
