// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "lynccert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lynccert", targets: ["lynccert"]),
        .library(name: "LyncCertCLI", targets: ["LyncCertCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries: the Debian -dev packages provide headers and pkg-config files.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),
        // libcurl (headers from libcurl4-openssl-dev) is opened with dlopen on first use, not linked.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),

        // Ground: IP addresses, HOST[:PORT] endpoints, concurrent map; Foundation only.
        .target(name: "LyncSupport"),

        // Pure model and planners: values in, values out.
        .target(name: "TopologyModel", dependencies: ["LyncSupport", .product(name: "Yams", package: "Yams")]),
        .target(name: "TopologyImport", dependencies: ["TopologyModel", "LyncSupport"]),
        .target(name: "CertPlanner", dependencies: ["TopologyModel"]),
        .target(name: "DNSPlanner", dependencies: ["TopologyModel", "LyncSupport"]),
        .target(name: "PublishingPlanner", dependencies: ["TopologyModel", "LyncSupport"]),
        .target(
            name: "Exports",
            dependencies: ["TopologyModel", "LyncSupport", "CertPlanner", "DNSPlanner", "PublishingPlanner"]),

        // The only modules that touch C libraries.
        .target(name: "Crypto", dependencies: ["COpenSSL", "LyncSupport"]),
        .target(name: "DNSResolver", dependencies: ["CLDNS", "LyncSupport"]),
        .target(name: "HTTPProbe", dependencies: ["CCurl", "LyncSupport"]),
        // ACME (RFC 8555) over HTTPProbe and Crypto.
        .target(name: "ACME", dependencies: ["Crypto", "HTTPProbe", "LyncSupport"]),

        // Use cases: values in, values out (no printing, no file writing); the adapters from the
        // C-library modules to the planners' value types.
        .target(
            name: "Workflows",
            dependencies: [
                "LyncSupport", "TopologyModel", "CertPlanner", "DNSPlanner", "PublishingPlanner", "Exports", "Crypto",
                "DNSResolver", "HTTPProbe",
            ]
        ),
        // Renderers: text tables, JSON, the HTML cut-over report; they return strings, never write.
        .target(
            name: "Reports",
            dependencies: [
                "LyncSupport", "Workflows", "TopologyModel", "CertPlanner", "DNSPlanner", "PublishingPlanner",
                "Exports",
                "Crypto",
            ]
        ),

        // Command layer: arguments, reading inputs, writing outputs, passphrases, the console.
        .target(
            name: "LyncCertCLI",
            dependencies: [
                "LyncSupport", "TopologyModel", "TopologyImport", "CertPlanner", "DNSPlanner", "PublishingPlanner",
                "Exports", "Crypto", "DNSResolver", "HTTPProbe", "ACME", "Workflows", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "lynccert", dependencies: ["LyncCertCLI"]),

        // libFuzzer harnesses (docs/development.md): scripts/fuzz.sh builds them with -sanitize=fuzzer,address;
        // a plain build makes replayers that run the harness once over each file named.
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Fuzz/FuzzSupport"),
        .executableTarget(
            name: "FuzzTopology", dependencies: ["TopologyModel", "TopologyImport", "FuzzSupport"],
            path: "Fuzz/FuzzTopology"
        ),
        .executableTarget(
            name: "FuzzTopologyXML", dependencies: ["TopologyModel", "TopologyImport", "FuzzSupport"],
            path: "Fuzz/FuzzTopologyXML"),
        .executableTarget(name: "FuzzCrypto", dependencies: ["Crypto", "FuzzSupport"], path: "Fuzz/FuzzCrypto"),
        .executableTarget(
            name: "FuzzDNSAnswer", dependencies: ["DNSResolver", "FuzzSupport"], path: "Fuzz/FuzzDNSAnswer"),

        // Shared test helpers: temporary folders, child processes, loopback servers.
        .target(
            name: "TestSupport", dependencies: ["TopologyModel", "LyncSupport"], path: "Tests/TestSupport",
            exclude: ["LyncWebStandIn.py"]),

        .testTarget(name: "LyncSupportTests", dependencies: ["LyncSupport"]),
        .testTarget(name: "TopologyModelTests", dependencies: ["TopologyModel", "TestSupport"]),
        .testTarget(
            name: "TopologyImportTests",
            dependencies: [
                "TopologyImport", "CertPlanner", "LyncSupport", "TestSupport", .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Samples", "Snapshots"]),
        .testTarget(name: "CertPlannerTests", dependencies: ["CertPlanner", "TopologyModel", "TestSupport"]),
        .testTarget(name: "DNSPlannerTests", dependencies: ["DNSPlanner", "TopologyModel", "TestSupport"]),
        .testTarget(
            name: "PublishingPlannerTests",
            dependencies: ["PublishingPlanner", "TopologyModel", "LyncSupport", "TestSupport"]),
        .testTarget(
            name: "ExportsTests",
            dependencies: [
                "Exports", "TopologyModel", "LyncSupport", "DNSPlanner", "PublishingPlanner", "CertPlanner",
                "TestSupport",
            ],
            exclude: ["Snapshots"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"]),
        .testTarget(name: "HTTPProbeTests", dependencies: ["HTTPProbe", "TestSupport"]),
        .testTarget(name: "ACMETests", dependencies: ["ACME", "Crypto", "HTTPProbe", "TestSupport", "TopologyModel"]),
        .testTarget(name: "DNSResolverTests", dependencies: ["DNSResolver", "TestSupport"]),
        .testTarget(
            name: "LyncCertCLITests",
            dependencies: [
                "LyncCertCLI", "TopologyModel", "CertPlanner", "Crypto", "Exports", "DNSPlanner", "PublishingPlanner",
                "TopologyImport", "TestSupport", "Workflows", "Reports",
            ],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "TopologyModel", "CertPlanner", "DNSPlanner", "PublishingPlanner", "Crypto", "DNSResolver",
                "HTTPProbe", "TestSupport",
            ]),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Workflows", "TopologyModel", "CertPlanner", "DNSPlanner", "PublishingPlanner",
                "DNSResolver",
                "HTTPProbe", "TestSupport",
            ]),
    ]
)
