import ArgumentParser
import DNSPlanner
import TopologyModel

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

/// The topology positional argument of every command that plans from a topology.
struct TopologyArgument: ParsableArguments {
    @Argument(help: "The topology: YAML, JSON, Topology Builder .tbxml or published topology XML.")
    var topology: String

    /// Loads and validates the file (`TopologyInput.load`).
    func load() throws -> LoadedTopology { try TopologyInput.load(topology) }
}

/// `--view external|internal`: what the internet sees, or what internal clients see.
extension DNSView: ExpressibleByArgument {}
