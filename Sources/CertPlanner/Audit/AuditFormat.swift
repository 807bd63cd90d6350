import Foundation

/// Formatting shared by the audit's messages and reports.
public enum AuditFormat {
    /// `2026-11-26T15:23:20Z`.
    public static func date(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
        )
        .replacingOccurrences(of: "+0000", with: "Z")
    }

    /// Readable names for well-known EKU OIDs, others as dotted OIDs.
    public static func ekuNames(_ oids: [String]) -> String {
        if oids.isEmpty { return "empty" }
        return oids.map { ekuName($0) }.joined(separator: ", ")
    }

    public static func ekuName(_ oid: String) -> String {
        switch oid {
        case AuditOID.serverAuth: "serverAuth"
        case AuditOID.clientAuth: "clientAuth"
        case "1.3.6.1.5.5.7.3.3": "codeSigning"
        case "1.3.6.1.5.5.7.3.4": "emailProtection"
        case "1.3.6.1.5.5.7.3.8": "timeStamping"
        case "1.3.6.1.5.5.7.3.9": "OCSPSigning"
        case AuditOID.anyExtendedKeyUsage: "anyExtendedKeyUsage"
        default: oid
        }
    }
}
