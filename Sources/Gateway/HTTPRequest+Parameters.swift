import HTTPServer
import IntakeCore

extension HTTPRequest {
    /// A query parameter the contract gives one value: nil when absent, 422 naming it when given more than once
    /// (`limit=1&limit=2` is not a number). An empty value is returned as it is: typed parameters refuse it when parsed.
    func parameter(_ name: String) throws(IntakeError) -> String? {
        let values = query.filter { $0.name == name }
        guard values.count <= 1 else { throw IntakeError.invalid(name, "\(name) is given \(values.count) times; give it once.") }
        return values.first?.value
    }
}
