/// How serious a finding is.
public enum Severity: String, Sendable, Equatable, Codable, Comparable, CaseIterable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A policy problem found by a planner or a check: a value, never an exception.
///
/// `code` is kebab-case and stable (docs/findings.md lists every code); `path` names the topology field
/// (`pools[1].externalWebFqdn`) when the finding is about one.
public struct Finding: Sendable, Equatable, Codable, Hashable {
    public var severity: Severity
    public var code: String
    public var message: String
    public var path: String?

    /// Only through the catalogue (`Finding(_:message:path:)`): one code, one severity.
    init(severity: Severity, code: String, message: String, path: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.path = path
    }
}

extension Array where Element == Finding {
    /// Whether any finding is error-level (exit code 1).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
