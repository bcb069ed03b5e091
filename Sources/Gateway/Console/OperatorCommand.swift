import Foundation
import IntakeCore
import Store
import Crypto

/// `intake-gateway operator ...`: the console's accounts, in the database INTAKE_DATABASE names. Works while a
/// gateway serves the same file. Every change is written to the audit trail as done by `cli`.
enum OperatorCommand {
    static let usage = """
    Usage:
      intake-gateway operator add NAME --role viewer|supervisor|admin   (password from stdin, at least 10 characters)
      intake-gateway operator list
      intake-gateway operator disable NAME                               (ends its sessions; its API tokens stop working)
      intake-gateway operator reset NAME                                 (new password from stdin; unlocks, re-enables)
      intake-gateway operator token NAME                                 (prints a new API token for scripts, once)

    """

    static func run(_ args: [String], environment: [String: String], stdin: () -> String?) -> Int32 {
        var rest = args
        func option(_ name: String) -> String? {
            guard let i = rest.firstIndex(of: name), i + 1 < rest.count else { return nil }
            let v = rest[i + 1]
            rest.removeSubrange(i...(i + 1))
            return v
        }
        let configFile = option("--config") ?? environment["INTAKE_CONFIG"]
        let role = option("--role")
        guard let sub = rest.first else { print(usage, terminator: ""); return 2 }
        let name = rest.count > 1 ? rest[1] : nil
        func fail(_ message: String, _ code: Int32 = 1) -> Int32 {
            FileHandle.standardError.write(Data("operator \(sub): \(message)\n".utf8))
            return code
        }
        let store: any ConsoleStore
        do {
            let config = try ConfigurationLoader.load(file: configFile, environment: environment)
            store = try ConsoleStores.open(config, tickets: nil)
        } catch {
            return fail("\(error)", 2)
        }
        let cli = AuditEntry(at: Date(), actor: "cli", action: "", source: "local")
        func audit(_ action: String, _ who: String, _ detail: String? = nil) throws {
            var e = cli
            e.action = action
            e.detail = [who, detail].compactMap { $0 }.joined(separator: " ")
            try store.appendAudit(e)
        }
        func password() -> String? {
            guard let line = stdin()?.trimmingCharacters(in: .newlines), line.count >= 10 else { return nil }
            return line
        }
        do {
            switch sub {
            case "list":
                for a in try store.operatorAccounts() {
                    let state = a.disabled ? "disabled" : (a.lockedUntil.map { $0 > Date() ? "locked until \(Timestamp.format($0))" : "active" } ?? "active")
                    print("\(a.name)\t\(a.role)\t\(state)")
                }
                return 0
            case "add":
                guard let name, isValidName(name) else { return fail("give a name of letters, digits, . _ - (at most 64)", 2) }
                guard let role, OperatorRole(rawValue: role) != nil else { return fail("--role must be viewer, supervisor or admin", 2) }
                guard try store.operatorAccount(named: name) == nil else { return fail("\(name) exists; use reset") }
                guard let pw = password() else { return fail("the password (stdin) must be at least 10 characters", 2) }
                try store.saveOperator(OperatorAccount(name: name, role: role, passwordHash: try PasswordHash.make(pw), createdAt: Date()))
                try audit("operator.add", name, "role=\(role)")
                print("added \(name) (\(role))")
                return 0
            case "disable", "reset", "token":
                guard let name, var account = try store.operatorAccount(named: name) else { return fail("no operator is named \(name ?? "")") }
                switch sub {
                case "disable":
                    account.disabled = true
                    try store.saveOperator(account)
                    try store.deleteSessions(operatorName: name)
                    try audit("operator.disable", name)
                    print("disabled \(name)")
                case "reset":
                    guard let pw = password() else { return fail("the password (stdin) must be at least 10 characters", 2) }
                    account.passwordHash = try PasswordHash.make(pw)
                    account.disabled = false
                    account.failedLogins = 0
                    account.lockedUntil = nil
                    if let role { guard OperatorRole(rawValue: role) != nil else { return fail("--role must be viewer, supervisor or admin", 2) }; account.role = role }
                    try store.saveOperator(account)
                    try store.deleteSessions(operatorName: name)
                    try audit("operator.reset", name)
                    print("reset \(name)")
                default:
                    let token = "ops_" + hexString(SecureRandom.bytes(24))
                    try store.addAPIToken(hash: Gateway.tokenHash(token), operatorName: name, at: Date())
                    try audit("operator.token", name)
                    print(token)
                }
                return 0
            default:
                print(usage, terminator: "")
                return 2
            }
        } catch {
            return fail("\(error)")
        }
    }

    static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
    }
}
