import Foundation
import TopologyModel

/// The outcome of one check, ordered like zlint's `LintStatus`.
public enum CheckStatus: Int, Sendable, Comparable, CaseIterable {
    /// The check does not apply to this certificate.
    case notApplicable
    /// The check applies, but the fact it needs is unknown (for example, no chain was verified).
    case notEffective
    case pass
    case notice
    case warning
    case error
    case fatal

    public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The finding severity of a failing status; `nil` for the statuses that are not findings.
    public var findingSeverity: Severity? {
        switch self {
        case .notApplicable, .notEffective, .pass: nil
        case .notice: .info
        case .warning: .warning
        case .error, .fatal: .error
        }
    }

    /// The failing status that reports a finding of `severity`.
    public init(failing severity: Severity) {
        switch severity {
        case .info: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}

/// A check's status and, for a failure, one message per problem found.
public struct CheckResult: Sendable, Equatable {
    public var status: CheckStatus
    public var details: [String] = []

    public static let pass = CheckResult(status: .pass)
    public static let notApplicable = CheckResult(status: .notApplicable)
    public static let notEffective = CheckResult(status: .notEffective)

    /// A failure at `severity` with one message per problem; `pass` when `details` is empty.
    public static func failing(_ severity: Severity, _ details: [String]) -> CheckResult {
        details.isEmpty ? .pass : CheckResult(status: CheckStatus(failing: severity), details: details)
    }

    /// Whether the status is a finding (notice or worse).
    public var isFinding: Bool { status.findingSeverity != nil }
}

/// One rule an issued certificate is audited against, zlint-style.
///
/// Each check lives in its own file under `Audit/Checks/` and is listed once in
/// `CertificateChecks.all`; `applies(to:)` says whether the rule concerns this certificate
/// (`run` is only called when it does).
public protocol CertificateCheck: Sendable {
    /// The check's code, severity and rule, from `FindingCatalogue`.
    static var metadata: FindingCode { get }
    init()
    func applies(to context: AuditContext) -> Bool
    func run(on context: AuditContext) -> CheckResult
}

extension CertificateCheck {
    public func applies(to context: AuditContext) -> Bool { true }

    /// A failure at this check's own severity.
    func fail(_ details: [String]) -> CheckResult { .failing(Self.metadata.severity, details) }
    func fail(_ detail: String) -> CheckResult { .failing(Self.metadata.severity, [detail]) }
}
