import Foundation

/// Where a ticket goes and by when, settled once at intake (see the Routing module): category, department hint,
/// urgency, emergency service, deadline, and the reasons for each, in the order they were decided.
public struct RoutingDecision: Sendable, Equatable {
    public static let schema = "routing/v1"

    /// The catalogue category id (`water`, `noise`, ...), or `other` when no category matched.
    public var category: String
    public var categoryLabel: String
    /// The unit the catalogue suggests (per district where it says so); a hint for the dispatcher, not a decision.
    public var department: String?
    public var urgency: Urgency
    /// The emergency service the matter belongs to (110, 119, 120, 122): the citizen is told to call it now.
    public var emergency: String?
    /// When the reply is due, on the hotline's working calendar; nil when no rule applies.
    public var deadline: Date?
    public var reasons: [String]

    public init(category: String, categoryLabel: String, department: String? = nil, urgency: Urgency, emergency: String? = nil,
                deadline: Date? = nil, reasons: [String] = []) {
        self.category = category
        self.categoryLabel = categoryLabel
        self.department = department
        self.urgency = urgency
        self.emergency = emergency
        self.deadline = deadline
        self.reasons = reasons
    }

    public func json() -> JSON {
        .object([
            ("schema", .string(Self.schema)), ("category", .string(category)), ("categoryLabel", .string(categoryLabel)),
            ("department", JSON(department)), ("urgency", .string(urgency.rawValue)), ("emergency", JSON(emergency)),
            ("deadline", JSON(deadline.map(Timestamp.format))), ("reasons", .array(reasons.map { .string($0) })),
        ])
    }

    public init?(json: JSON) {
        guard let category = json["category"]?.stringValue, let urgency = Urgency(rawValue: json["urgency"]?.stringValue ?? "")
        else { return nil }
        self.init(category: category, categoryLabel: json["categoryLabel"]?.stringValue ?? category,
                  department: json["department"]?.stringValue, urgency: urgency, emergency: json["emergency"]?.stringValue,
                  deadline: json["deadline"]?.stringValue.flatMap { Timestamp.parse($0) },
                  reasons: (json["reasons"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// What the citizen is told when the matter belongs to an emergency service.
    public static func advice(_ service: String) -> String {
        "这属于紧急情况，请立即拨打\(service)。您的诉求已登记，也会转交处理。"
    }
}
