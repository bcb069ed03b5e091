import Foundation
import IntakeCore

/// Classification and deadline together: what the normalize step runs once for every submission.
public struct RoutingEngine: Sendable {
    public var classifier: Classifier
    public var rules: DeadlineRules
    public var calendar: WorkingCalendar
    /// The hotline's UTC offset: local days, months and the end of a working day.
    public var utcOffsetSeconds: Int

    public init(catalogue: Catalogue = .default, rules: DeadlineRules = DeadlineRules(), calendar: WorkingCalendar = .default,
                utcOffsetSeconds: Int = 8 * 3600) {
        self.classifier = Classifier(catalogue: catalogue)
        self.rules = rules
        self.calendar = calendar
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The request type to put on the ticket and its routing. The channel's own type and urgency win.
    public func route(_ s: Submission, receivedAt: Date) -> (RequestType, RoutingDecision) {
        let day = Day(receivedAt, utcOffsetSeconds: utcOffsetSeconds)
        let c = classifier.classify(ClassificationInput(
            text: s.text, subject: s.subject, district: s.location?.district, address: s.location?.address,
            channelType: s.requestType, channelUrgency: s.urgency, channelCategory: s.category, month: day.month))
        var reasons = c.reasons
        let deadline = rules.deadline(receivedAt: receivedAt, type: c.requestType, urgency: c.urgency, calendar: calendar,
                                      utcOffsetSeconds: utcOffsetSeconds)
        if let deadline {
            reasons.append(deadline.1)
            if calendar.missingYears(day.year...Day(deadline.0, utcOffsetSeconds: utcOffsetSeconds).year).first != nil {
                reasons.append("the working calendar does not cover \(day.year): plain weekends assumed")
            }
        }
        return (c.requestType, RoutingDecision(
            category: c.category, categoryLabel: c.categoryLabel, department: c.department, urgency: c.urgency,
            emergency: c.emergency, deadline: deadline?.0, reasons: reasons))
    }
}
