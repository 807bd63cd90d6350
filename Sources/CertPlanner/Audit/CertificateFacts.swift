import Foundation

/// One entry of a certificate's subjectAltName extension (RFC 5280 §4.2.1.6), as the bytes say.
///
/// A dNSName keeps its raw octets: an IA5String may hold a NUL byte or bytes no host name has, and
/// an audit must see exactly what a client would compare, not a cleaned-up copy.
public enum SANEntry: Sendable, Hashable {
    /// A dNSName, its IA5String octets unchanged.
    case dnsName([UInt8])
    /// An iPAddress: 4 octets (IPv4) or 16 (IPv6).
    case ipAddress([UInt8])
    /// Any other kind (rfc822Name, uniformResourceIdentifier, directoryName, otherName …): its
    /// kind and a printable value.
    case other(kind: String, value: String)

    /// A dNSName from text (tests and fixtures).
    public static func dns(_ name: String) -> SANEntry { .dnsName(Array(name.utf8)) }

    /// The dNSName's octets as a string when this is a dNSName (a NUL stays a NUL), else `nil`.
    public var dnsNameString: String? {
        guard case .dnsName(let bytes) = self else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A printable form: bytes outside printable ASCII shown as `\xNN`; IPs in their usual notation.
    public var displayString: String {
        switch self {
        case .dnsName(let bytes): return SANEntry.printable(bytes)
        case .ipAddress(let bytes): return SANEntry.ipText(bytes)
        case .other(let kind, let value): return "\(kind):\(value)"
        }
    }

    static func printable(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var s = ""
        for b in bytes {
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\\") {
                s.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                s += "\\x" + String(b, radix: 16).leftPadded(to: 2)
            }
        }
        return s
    }

    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            var groups: [String] = []
            for i in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16))
            }
            return groups.joined(separator: ":")
        }
        return bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// The key usage bits of a certificate (RFC 5280 §4.2.1.3) and whether the extension is critical.
public struct KeyUsageFacts: Sendable, Equatable {
    /// Bit names as RFC 5280 spells them: `digitalSignature`, `keyEncipherment`, `keyCertSign` …
    public var usages: Set<String>
    public var critical: Bool

    public init(usages: Set<String>, critical: Bool) {
        self.usages = usages
        self.critical = critical
    }
}

/// Object identifiers the audit checks compare against.
public enum AuditOID {
    /// id-kp-serverAuth (RFC 5280 §4.2.1.12).
    public static let serverAuth = "1.3.6.1.5.5.7.3.1"
    /// id-kp-clientAuth.
    public static let clientAuth = "1.3.6.1.5.5.7.3.2"
    /// anyExtendedKeyUsage.
    public static let anyExtendedKeyUsage = "2.5.29.37.0"
    /// Signature algorithms that hash with MD2 or MD5.
    public static let md5Signatures: Set<String> = ["1.2.840.113549.1.1.2", "1.2.840.113549.1.1.4"]
    /// Signature algorithms that hash with SHA-1 (RSA, the old OIW RSA OID, ECDSA, DSA).
    public static let sha1Signatures: Set<String> = [
        "1.2.840.113549.1.1.5", "1.3.14.3.2.29", "1.2.840.10045.4.1", "1.2.840.10040.4.3",
    ]
    /// RSASSA-PSS (RFC 4055).
    public static let rsassaPSS = "1.2.840.113549.1.1.10"
}

/// What one certificate says about itself: the facts an audit compares with the plan.
///
/// This is a plain value the command layer fills from a parsed certificate, so the checks stay
/// pure and can be tested with hand-written facts.
public struct CertificateFacts: Sendable, Equatable {
    /// The subject's (first) commonName, if it has one.
    public var subjectCommonName: String?
    /// The subject DN in one line (`CN=webext.contoso.com, O=Contoso`).
    public var subjectDN: String
    /// The issuer DN in the same form as `subjectDN`.
    public var issuerDN: String
    /// subjectAltName entries in certificate order; empty when the extension is absent.
    public var subjectAlternativeNames: [SANEntry]
    public var notBefore: Date
    public var notAfter: Date
    /// `RSA`, `ECDSA`, `Ed25519`, `DSA` or OpenSSL's name for another algorithm.
    public var keyAlgorithm: String
    /// Key size in bits (the modulus for RSA, the curve order for ECDSA).
    public var keyBits: Int
    /// The signature algorithm's name as OpenSSL prints it (`sha256WithRSAEncryption`).
    public var signatureAlgorithm: String
    /// The signature algorithm's dotted OID (`1.2.840.113549.1.1.11`).
    public var signatureAlgorithmOID: String
    /// Key usage, or `nil` when the extension is absent (then any usage is allowed).
    public var keyUsage: KeyUsageFacts?
    /// Extended key usage OIDs, or `nil` when the extension is absent.
    public var extendedKeyUsageOIDs: [String]?
    /// URIs from the CRL distribution points extension.
    public var crlDistributionPoints: [String]
    /// basicConstraints cA.
    public var isCA: Bool
    /// Whether the issuer equals the subject and the certificate's own key verifies its signature.
    public var isSelfSigned: Bool
    /// SHA-256 over the DER, upper-case hex pairs joined with colons.
    public var sha256Fingerprint: String
    /// SHA-1 over the DER as Windows shows it (certificate dialog, `Get-ChildItem Cert:`,
    /// `Set-CsCertificate -Thumbprint`): 40 upper-case hex digits, no separators.
    public var thumbprint: String
    /// A subjectAltName extension is present but its DER does not decode: the names cannot be
    /// read, and the CN must not stand in for them (a client rejects such a certificate).
    public var subjectAlternativeNamesUnreadable: Bool

    public init(
        subjectCommonName: String?, subjectDN: String, issuerDN: String, subjectAlternativeNames: [SANEntry],
        notBefore: Date, notAfter: Date, keyAlgorithm: String, keyBits: Int, signatureAlgorithm: String,
        signatureAlgorithmOID: String, keyUsage: KeyUsageFacts?, extendedKeyUsageOIDs: [String]?,
        crlDistributionPoints: [String], isCA: Bool, isSelfSigned: Bool, sha256Fingerprint: String,
        thumbprint: String = "",
        subjectAlternativeNamesUnreadable: Bool = false
    ) {
        self.subjectAlternativeNamesUnreadable = subjectAlternativeNamesUnreadable
        self.subjectCommonName = subjectCommonName
        self.subjectDN = subjectDN
        self.issuerDN = issuerDN
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyAlgorithm = keyAlgorithm
        self.keyBits = keyBits
        self.signatureAlgorithm = signatureAlgorithm
        self.signatureAlgorithmOID = signatureAlgorithmOID
        self.keyUsage = keyUsage
        self.extendedKeyUsageOIDs = extendedKeyUsageOIDs
        self.crlDistributionPoints = crlDistributionPoints
        self.isCA = isCA
        self.isSelfSigned = isSelfSigned
        self.sha256Fingerprint = sha256Fingerprint
        self.thumbprint = thumbprint
    }

    /// The dNSName entries, raw.
    public var dnsNames: [[UInt8]] {
        subjectAlternativeNames.compactMap { if case .dnsName(let b) = $0 { b } else { nil } }
    }

    /// The names a client compares a host name with (RFC 6125 §6.4.4): the dNSNames, or the
    /// subject CN only when the certificate has no dNSName at all — and none when the
    /// subjectAltName is there but unreadable (no CN fallback for a malformed extension).
    public var presentedDNSIdentifiers: [String] {
        if subjectAlternativeNamesUnreadable { return [] }
        let sans = subjectAlternativeNames.compactMap(\.dnsNameString)
        if !sans.isEmpty { return sans }
        return subjectCommonName.map { [$0] } ?? []
    }

    /// The subject CN, else the subject DN: how a report names the certificate.
    public var displayName: String { subjectCommonName ?? subjectDN }
}
