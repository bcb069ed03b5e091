import IntakeCore

/// Placeholder until the MiniProgram channel lands.
enum MiniProgramPlaceholder {}
