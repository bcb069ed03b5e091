import IntakeCore

/// Placeholder until the Phone channel lands.
enum PhonePlaceholder {}
