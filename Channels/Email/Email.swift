import IntakeCore

/// Placeholder until the Email channel lands.
enum EmailPlaceholder {}
