import Foundation

/// The syntax a topology file is written in.
public enum TopologyFormat: String, Sendable, CaseIterable {
    case yaml
    case json
}

/// One thing wrong with a topology file: where (field path, line), what (value) and which rule.
public struct TopologyProblem: Sendable, Equatable, CustomStringConvertible {
    /// Field path such as `pools[1].externalWebFqdn`; empty for the whole document.
    public var path: String
    /// 1-based line in the source, when the parser knows it.
    public var line: Int?
    /// The offending value as written, when there is one.
    public var value: String?
    /// The rule broken, in words an administrator reads.
    public var message: String

    public init(path: String, line: Int? = nil, value: String? = nil, message: String) {
        self.path = path
        self.line = line
        self.value = value
        self.message = message
    }

    /// The problem for a terminal: path, value and message have their control characters
    /// escaped (`\x1b`), since all three may carry what the file says.
    public var description: String {
        var s = ""
        if let line { s += "line \(line): " }
        if !path.isEmpty { s += "\(UntrustedText.terminalEscaped(path)): " }
        if let value { s += "'\(UntrustedText.terminalEscaped(value))': " }
        return s + UntrustedText.terminalEscaped(message)
    }
}

/// A topology file that cannot be used: every problem found, not only the first.
public struct TopologyLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name or other label of the source, used as a prefix in messages.
    public var source: String
    public var problems: [TopologyProblem]

    public init(source: String, problems: [TopologyProblem]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        problems.map { "\(source): \($0)" }.joined(separator: "\n")
    }
}

/// A loaded, validated topology and the non-fatal findings about it.
public struct LoadedTopology: Sendable, Equatable {
    public var topology: Topology
    public var findings: [Finding]

    public init(topology: Topology, findings: [Finding] = []) {
        self.topology = topology
        self.findings = findings
    }
}
