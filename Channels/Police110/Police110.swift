import IntakeCore

/// Placeholder until the Police110 channel lands.
enum Police110Placeholder {}
