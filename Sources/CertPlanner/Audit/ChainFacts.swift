/// How a chain's verification to a trust anchor ended.
public enum ChainVerification: Sendable, Equatable {
    /// Not attempted (for example, no anchors were available).
    case notChecked
    /// The chain was built to a trusted anchor.
    case trusted
    /// Verification failed; `kind` sorts the failure, `reason` is OpenSSL's message.
    case failed(kind: ChainFailureKind, reason: String)
}

/// The families of chain failures the audit reports differently.
public enum ChainFailureKind: String, Sendable, Equatable {
    /// An issuer certificate could not be found: an intermediate was not sent (or not bundled).
    case issuerMissing
    /// The chain ends in a root that is not among the trust anchors (or the leaf is self-signed).
    case untrustedRoot
    /// Any other failure: bad signature, expired CA, wrong CA flags, path length …
    case other
}

/// What a served (or bundled) chain looks like, in order, and whether it verified.
public struct ChainFacts: Sendable, Equatable {
    /// Certificates in the order they were served or bundled; the first is the leaf.
    public var certificates: [CertificateFacts]
    public var verification: ChainVerification
    /// Whether the chain includes a self-signed CA certificate after the leaf.
    public var rootSent: Bool
    /// Order problems, one sentence each (`certificate 2 does not issue certificate 1`).
    public var orderProblems: [String]
    /// Whether verification failed because an intermediate was missing.
    public var missingIntermediates: Bool

    /// Chain facts for `certificates` (leaf first) and a verification outcome; the order
    /// problems, root and missing-intermediate flags are derived here.
    public init(certificates: [CertificateFacts], verification: ChainVerification) {
        self.certificates = certificates
        self.verification = verification
        rootSent = certificates.dropFirst().contains { $0.isSelfSigned && $0.isCA }
        if case .failed(.issuerMissing, _) = verification {
            missingIntermediates = true
        } else {
            missingIntermediates = false
        }
        var problems: [String] = []
        // RFC 8446 §4.4.2 / RFC 5246 §7.4.2: each certificate certifies the one before it.
        for index in certificates.indices.dropFirst() {
            let previous = certificates[index - 1]
            if previous.isSelfSigned { break }
            if certificates[index].subjectDN != previous.issuerDN {
                problems.append(
                    "certificate \(index + 1) (\(certificates[index].displayName)) does not issue certificate "
                        + "\(index) (\(previous.displayName)), whose issuer is \(previous.issuerDN)")
            }
        }
        orderProblems = problems
    }

    /// No chain information: only the leaf, not verified.
    public static func leafOnly(_ leaf: CertificateFacts) -> ChainFacts {
        ChainFacts(certificates: [leaf], verification: .notChecked)
    }
}
