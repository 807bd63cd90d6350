import Foundation

/// Everything a check may look at: the plan, what the certificate says, how it was served, and
/// the moment of evaluation.
///
/// The evaluation time is a value, never the clock, so the same facts always give the same
/// findings (`lynccert audit --at` moves it).
public struct AuditContext: Sendable {
    public var planned: PlannedCertificate
    /// The leaf certificate's facts.
    public var facts: CertificateFacts
    public var chain: ChainFacts
    /// When the certificate is evaluated.
    public var at: Date
    /// A certificate expiring within this many days is reported (`expires-soon`).
    public var warnDays: Int
    /// Whether the private key given with `--key` belongs to the certificate; `nil` when none was given.
    public var privateKeyMatches: Bool?
    /// The names this certificate must cover here: the plan's `requiredNames`, or for a live
    /// endpoint the names that were sent as SNI and answered with this certificate.
    public var requiredNames: [String]

    public init(
        planned: PlannedCertificate, facts: CertificateFacts, chain: ChainFacts? = nil, at: Date,
        warnDays: Int = 30, privateKeyMatches: Bool? = nil, requiredNames: [String]? = nil
    ) {
        self.planned = planned
        self.facts = facts
        self.chain = chain ?? .leafOnly(facts)
        self.at = at
        self.warnDays = warnDays
        self.privateKeyMatches = privateKeyMatches
        self.requiredNames = requiredNames ?? planned.requiredNames
    }

    /// Coverage computed once by the auditor for the checks it runs; `nil` otherwise.
    var cachedCoverage: AuditCoverage?

    /// Required-name coverage for this context.
    public var coverage: AuditCoverage {
        cachedCoverage ?? AuditCoverage(required: requiredNames, facts: facts, planned: planned)
    }
}

extension AuditContext {
    /// The chain's verification when the chain checks can judge it: `nil` when it was not checked,
    /// or when the leaf's subjectAltName does not decode (OpenSSL then reports a missing issuer;
    /// san-unreadable says why).
    var judgedChainVerification: ChainVerification? {
        if facts.subjectAlternativeNamesUnreadable || chain.verification == .notChecked { return nil }
        return chain.verification
    }
}
