import CertPlanner
import Topology

extension Exports {
    /// A `certreq -new` INF for `certificate` (Lync/SfB need CAPI keys: SChannel provider, type 12).
    public static func certreqINF(for certificate: PlannedCertificate, organization: Organization?) -> String {
        ""
    }

    /// An `openssl req -config` file for `certificate`.
    public static func opensslConfig(for certificate: PlannedCertificate, organization: Organization?) -> String {
        ""
    }
}
