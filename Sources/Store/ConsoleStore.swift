import Foundation
import IntakeCore

/// An operator of the console. `passwordHash` is a self-describing PBKDF2 string (see the Gateway's `PasswordHash`).
public struct OperatorAccount: Sendable, Equatable {
    public var name: String
    public var role: String
    public var passwordHash: String
    public var disabled: Bool
    /// Failed logins in a row since the last success.
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(name: String, role: String, passwordHash: String, disabled: Bool = false, failedLogins: Int = 0,
                lockedUntil: Date? = nil, createdAt: Date) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

/// A console session: the cookie's token is kept only as its SHA-256.
public struct OperatorSession: Sendable, Equatable {
    public var tokenHash: String
    public var operatorName: String
    /// The session's CSRF token, put in every form and checked on every POST.
    public var csrf: String
    public var expiresAt: Date
    public init(tokenHash: String, operatorName: String, csrf: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.operatorName = operatorName
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}

/// One line of the audit trail: who did what, when, to which ticket, from where, and why when a reason was asked.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var ticketId: String?
    public var source: String?
    public var reason: String?
    public var detail: String?

    public init(id: Int64 = 0, at: Date, actor: String, action: String, ticketId: String? = nil, source: String? = nil,
                reason: String? = nil, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.ticketId = ticketId
        self.source = source
        self.reason = reason
        self.detail = detail
    }

    public func json() -> JSON {
        JSON.compactObject([
            ("id", .int(id)), ("at", .string(Timestamp.format(at))), ("operator", .string(actor)), ("action", .string(action)),
            ("ticketId", JSON(ticketId)), ("source", JSON(source)), ("reason", JSON(reason)), ("detail", JSON(detail)),
        ])
    }
}

/// Tickets per channel in time buckets, for the dashboard.
public struct ChannelCounts: Sendable, Equatable {
    public var channel: String
    public var lastHour: Int
    public var lastDay: Int
    public init(channel: String, lastHour: Int, lastDay: Int) {
        self.channel = channel
        self.lastHour = lastHour
        self.lastDay = lastDay
    }
}

/// The gateway's own keys (the tracking-code key), kept in the database so a backup carries them, a restore brings
/// them back, and every instance on one PostgreSQL derives the same codes and media-link signatures.
public protocol GatewayKeys: AnyObject, Sendable {
    /// The key called `name`; when there is none yet, `candidate` is stored and returned. Two processes asking at
    /// once get the same key (insert-if-absent in the database).
    func key(named name: String, orCreate candidate: [UInt8]) throws -> [UInt8]
}

/// The operators' console's storage, in the same database as the tickets (so it is backed up with them and
/// survives restarts). An optional capability of a `TicketStore`: the audit trail is append-only.
public protocol ConsoleStore: GatewayKeys {
    func operatorAccount(named name: String) throws -> OperatorAccount?
    func operatorAccounts() throws -> [OperatorAccount]
    /// Inserts or replaces the account (by name).
    func saveOperator(_ account: OperatorAccount) throws
    /// Counts a failed login in one atomic statement in the database (several gateways share the counter): an
    /// expired lock starts the count over, the `attempts`-th failure in a row locks the account for `seconds`, and a
    /// lock that is running (another instance set it meanwhile) is kept. Returns the account as it is now, nil when
    /// there is no such name.
    func recordFailedLogin(name: String, now: Date, lockAfter attempts: Int, lockFor seconds: Double) throws -> OperatorAccount?
    /// Clears the failure count and an expired lock after a successful login (only these two columns: a password
    /// or role changed meanwhile by an admin is kept).
    func recordSuccessfulLogin(name: String, now: Date) throws
    func createSession(_ session: OperatorSession) throws
    func session(tokenHash: String) throws -> OperatorSession?
    func deleteSession(tokenHash: String) throws
    /// Ends every session of an operator (disabled, password reset).
    func deleteSessions(operatorName: String) throws
    func addAPIToken(hash: String, operatorName: String, at: Date) throws
    func operatorName(forTokenHash hash: String) throws -> String?
    /// Appends to the audit trail; never updates or deletes.
    func appendAudit(_ entry: AuditEntry) throws
    /// Newest first; `ticketId` narrows to one ticket, `action` to one kind.
    func audit(limit: Int, ticketId: String?, action: String?) throws -> [AuditEntry]
    func ticketCounts(since hour: Date, day: Date) throws -> [ChannelCounts]
}
