// swift-tools-version:5.4
import PackageDescription

/// libFuzzer targets for the gateway's pure decoders: a separate package, so the main package needs no
/// dependency and its `swift build` is untouched. Built and run by `make fuzz` (scripts/fuzz.sh):
///     swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --scratch-path .build-fuzz
/// Each executable defines LLVMFuzzerTestOneInput; libFuzzer supplies main. Seeds: Corpus/<target>/.

// A path dependency's identity is its folder's name (main, wt-..., intake-gateway), so name it from the path.
let root = String(#filePath).split(separator: "/").dropLast(3).last.map(String.init) ?? "intake-gateway"
let decoders = Target.Dependency.product(name: "IntakeDecoders", package: root.lowercased())

let targets = [
    "FuzzJSON", "FuzzFormData", "FuzzWebForm", "FuzzSMS", "FuzzCMPPUserData", "FuzzPhone", "FuzzEmail",
    "FuzzMIMEHeaders", "FuzzWeChat", "FuzzWeChatCrypto", "FuzzMiniProgram", "FuzzPolice110", "FuzzNormalizer",
]

let package = Package(
    name: "intake-fuzz",
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [decoders]),
    ] + targets.map { .executableTarget(name: $0, dependencies: ["FuzzSupport", decoders]) }
)
