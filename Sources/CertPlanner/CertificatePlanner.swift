import Topology

/// Derives the certificate plan from a topology (lync-rules.md §4–§6). Pure.
public enum CertificatePlanner {
    public static func plan(_ topology: Topology) -> CertificatePlan {
        CertificatePlan(certificates: [], findings: [])
    }
}
