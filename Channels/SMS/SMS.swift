import IntakeCore

/// Placeholder until the SMS channel lands.
enum SMSPlaceholder {}
