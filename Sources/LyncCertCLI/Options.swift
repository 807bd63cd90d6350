import ArgumentParser
import DNSPlanner
import Foundation
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

/// `--at`: judge certificates (expiry, days left) at another time than now.
struct TimeOption: ParsableArguments {
    @Option(help: "Evaluate at this time instead of now (2027-01-31 or 2027-01-31T12:00:00Z).")
    var at: String?

    func validate() throws {
        if let at, Self.parseDate(at) == nil {
            throw ValidationError("--at '\(at)' is not a date (use 2027-01-31 or 2027-01-31T12:00:00Z)")
        }
    }

    /// The `--at` time, or now.
    var now: Date { at.flatMap(Self.parseDate) ?? Date() }

    /// `2027-01-31` (midnight UTC) or a full ISO 8601 date-time.
    static func parseDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}

/// `--view external|internal`: what the internet sees, or what internal clients see.
extension DNSView: ExpressibleByArgument {}
