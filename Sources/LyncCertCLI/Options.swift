import ArgumentParser
import DNSPlanner

/// Output format shared by every reporting command.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}

/// `--format text|json`.
public struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    public var format: OutputFormat = .text

    public init() {}
}

/// `--view external|internal`: what the internet sees, or what internal clients see.
extension DNSView: ExpressibleByArgument {}
