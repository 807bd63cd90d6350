/// The registry: every audit check, listed once, in report order.
///
/// Swift has no self-registering initialisers, so this list is the registry; a unit test
/// asserts the codes are unique and that each check has a passing and a failing fixture.
public enum CertificateChecks {
    public static let all: [any CertificateCheck.Type] = [
        NameNotCoveredCheck.self,
        SANUnreadableCheck.self,
        InvalidNameCheck.self,
        WildcardNotAllowedCheck.self,
        WildcardInSubjectCheck.self,
        SubjectNotInSANCheck.self,
        SubjectMismatchCheck.self,
        ExpiredCheck.self,
        NotYetValidCheck.self,
        ExpiresSoonCheck.self,
        KeyTooSmallCheck.self,
        WeakKeyCheck.self,
        ECDSAKeyCheck.self,
        SHA1SignatureCheck.self,
        MD5SignatureCheck.self,
        UnsupportedSignatureAlgorithmCheck.self,
        MissingServerAuthEKUCheck.self,
        EKUExtensionMissingCheck.self,
        MissingClientAuthEKUCheck.self,
        MissingKeyUsageCheck.self,
        ChainIncompleteCheck.self,
        UntrustedChainCheck.self,
        ChainOrderCheck.self,
        RootSentCheck.self,
        SelfSignedCheck.self,
        SelfSignedInternalCheck.self,
        MissingCRLDistributionPointCheck.self,
        KeyMismatchCheck.self,
    ]

    /// The check with `code`, if registered.
    public static func check(code: String) -> (any CertificateCheck.Type)? {
        all.first { $0.metadata.code == code }
    }
}
