// swift-tools-version:6.0
import PackageDescription

/// The 12345 intake gateway. No Swift package dependencies: C libraries come from Debian
/// through system library targets, each imported by exactly one thin Swift wrapper module.
let package = Package(
    name: "intake-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intake-gateway", targets: ["intake-gateway"]),
        // The pure decoders, for the libFuzzer package in Tests/Fuzz (which depends on this one by path).
        .library(name: "IntakeDecoders", targets: ["IntakeCore", "Crypto", "WebForm", "SMS", "Phone", "Email", "MiniProgram", "Police110"]),
    ],
    targets: [
        // C libraries (module.modulemap + shim.h only).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        // Not a library: the git commit `make release` passes as a C macro (-Xcc -DINTAKE_GIT_COMMIT=...).
        .systemLibrary(name: "CBuildInfo", path: "Sources/CBuildInfo"),

        // Thin wrappers: the only importers of the C modules.
        .target(name: "Curl", dependencies: ["CCurl"]),
        .target(name: "Postgres", dependencies: ["CPostgres"]),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
        .target(name: "TextCodec"),
        .target(name: "Systemd"),

        // Domain and services.
        .target(name: "IntakeCore", dependencies: ["Crypto", "TextCodec"]),
        .target(name: "Routing", dependencies: ["IntakeCore"], exclude: ["DefaultCatalogue.json", "DefaultCalendar.json"]),
        .target(name: "Dedup", dependencies: ["IntakeCore", "Routing"]),
        .target(name: "Store", dependencies: ["IntakeCore", "Dedup", "Routing", "SQLite", "Postgres"]),
        .target(name: "Forwarder", dependencies: ["IntakeCore", "Store", "Curl", "Crypto", "Dedup"], exclude: ["Mappings"]),

        // Channels: one target each, depending on the core only.
        .target(name: "WebForm", dependencies: ["IntakeCore"], path: "Channels/WebForm", exclude: ["Examples"]),
        .target(name: "SMS", dependencies: ["IntakeCore"], path: "Channels/SMS", exclude: ["Examples"]),
        .target(name: "Phone", dependencies: ["IntakeCore"], path: "Channels/Phone", exclude: ["Examples"]),
        .target(name: "Email", dependencies: ["IntakeCore"], path: "Channels/Email", exclude: ["Examples"]),
        .target(name: "MiniProgram", dependencies: ["IntakeCore"], path: "Channels/MiniProgram", exclude: ["Examples"]),
        .target(name: "Police110", dependencies: ["IntakeCore"], path: "Channels/Police110", exclude: ["Examples", "Mappings"]),

        .target(
            name: "Gateway",
            dependencies: [
                "IntakeCore", "Dedup", "Routing", "Store", "Forwarder", "HTTPServer", "Crypto", "Curl",
                "WebForm", "SMS", "Phone", "Email", "MiniProgram", "Police110",
                "SQLite", "Postgres", "CBuildInfo", "Systemd",
            ]
        ),
        .executableTarget(name: "intake-gateway", dependencies: ["Gateway"]),

        // Tests.
        .target(name: "ChannelTesting", dependencies: ["IntakeCore", "Postgres"], path: "Tests/ChannelTesting"),
        .systemLibrary(name: "CSpawn", path: "Tests/CSpawn"),
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeCore", "Crypto", "TextCodec"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Dedup", "IntakeCore", "SQLite", "Postgres", "ChannelTesting"]),
        .testTarget(name: "WebFormTests", dependencies: ["ChannelTesting", "WebForm", "IntakeCore"]),
        .testTarget(name: "SMSTests", dependencies: ["ChannelTesting", "SMS", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PhoneTests", dependencies: ["ChannelTesting", "Phone", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EmailTests", dependencies: ["ChannelTesting", "Email", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MiniProgramTests", dependencies: ["ChannelTesting", "MiniProgram", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "Police110Tests", dependencies: ["ChannelTesting", "Police110", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DedupTests", dependencies: ["Dedup", "Store", "IntakeCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "IntakeCore", "ChannelTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "GatewayTests", dependencies: ["ChannelTesting", "CSpawn", "Gateway", "Store", "IntakeCore", "Crypto", "Curl", "HTTPServer", "SQLite", "Postgres"]),
    ]
)
