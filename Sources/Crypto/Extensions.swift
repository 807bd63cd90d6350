internal import COpenSSL

/// The keyUsage bits (RFC 5280 §4.2.1.3).
public struct KeyUsage: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Bit positions follow the ASN.1 BIT STRING: digitalSignature is bit 0.
    public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
    public static let nonRepudiation = KeyUsage(rawValue: 1 << 1)
    public static let keyEncipherment = KeyUsage(rawValue: 1 << 2)
    public static let dataEncipherment = KeyUsage(rawValue: 1 << 3)
    public static let keyAgreement = KeyUsage(rawValue: 1 << 4)
    public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
    public static let cRLSign = KeyUsage(rawValue: 1 << 6)
    public static let encipherOnly = KeyUsage(rawValue: 1 << 7)
    public static let decipherOnly = KeyUsage(rawValue: 1 << 8)

    static let named: [(String, KeyUsage)] = [
        ("digitalSignature", .digitalSignature), ("nonRepudiation", .nonRepudiation),
        ("keyEncipherment", .keyEncipherment), ("dataEncipherment", .dataEncipherment),
        ("keyAgreement", .keyAgreement), ("keyCertSign", .keyCertSign), ("cRLSign", .cRLSign),
        ("encipherOnly", .encipherOnly), ("decipherOnly", .decipherOnly),
    ]

    /// The bit called `name` (RFC 5280 spelling; `contentCommitment` is accepted for bit 1).
    public init?(name: String) {
        if name == "contentCommitment" {
            self = .nonRepudiation
            return
        }
        guard let match = Self.named.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    /// The names of the bits set, in bit order.
    public var names: [String] { Self.named.filter { contains($0.1) }.map(\.0) }

    /// The value certreq's `KeyUsage =` takes: CryptoAPI's first-byte flags (0x80 digitalSignature …).
    public var cryptoAPIFlags: UInt16 {
        var flags: UInt16 = 0
        for bit in 0..<8 where rawValue & (1 << bit) != 0 { flags |= 0x80 >> bit }
        if contains(.decipherOnly) { flags |= 0x8000 }
        return flags
    }
}

/// An extendedKeyUsage purpose (RFC 5280 §4.2.1.12).
public struct ExtendedKeyUsage: Sendable, Hashable, CustomStringConvertible {
    /// The dotted OID.
    public let oid: String
    /// OpenSSL's short name (`serverAuth`), or `nil` for purposes OpenSSL does not know.
    public let name: String?

    public init(oid: String, name: String? = nil) {
        self.oid = oid
        self.name = name
    }

    public static let serverAuth = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.1", name: "serverAuth")
    public static let clientAuth = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.2", name: "clientAuth")
    public static let codeSigning = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.3", name: "codeSigning")
    public static let emailProtection = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.4", name: "emailProtection")

    /// A purpose by short name (`serverAuth`) or dotted OID.
    public init?(nameOrOID: String) {
        guard let object = OBJ_txt2obj(nameOrOID, 0) else {
            ERR_clear_error()
            return nil
        }
        defer { ASN1_OBJECT_free(object) }
        self.init(borrowing: object)
    }

    init(borrowing object: OpaquePointer) {
        oid = oidString(object)
        name = shortName(nid: OBJ_obj2nid(object))
    }

    public var description: String { name ?? oid }
}

/// A basicConstraints extension (RFC 5280 §4.2.1.9).
public struct BasicConstraints: Sendable, Hashable {
    public let isCA: Bool
    public let pathLength: Int?
    public let critical: Bool
}

/// Reads the well-known extensions out of a borrowed `STACK_OF(X509_EXTENSION)`.
///
/// Certificates and CSRs carry the same extensions; one reader serves both.
struct ExtensionReader {
    let stack: OpaquePointer?

    /// Decodes extension `nid`: `(nil, nil)` when absent; `(nil, crit)` when present but undecodable.
    private func decode(_ nid: Int32) -> (value: UnsafeMutableRawPointer?, critical: Bool?) {
        guard let stack else { return (nil, nil) }
        var critical: Int32 = -1
        let value = X509V3_get_d2i(stack, nid, &critical, nil)
        ERR_clear_error()
        if critical == -1 { return (nil, nil) }
        return (value, critical == 1)
    }

    /// Extensions present but not decodable (malformed DER or a repeated extension).
    var undecodable: [String] {
        let known: [(Int32, String)] = [
            (NID_subject_alt_name, "subjectAltName"), (NID_key_usage, "keyUsage"),
            (NID_ext_key_usage, "extendedKeyUsage"), (NID_basic_constraints, "basicConstraints"),
            (NID_crl_distribution_points, "cRLDistributionPoints"), (NID_info_access, "authorityInfoAccess"),
        ]
        return known.compactMap { nid, name in
            let (value, critical) = decode(nid)
            guard critical != nil else { return nil }
            guard let value else { return name }
            free(nid: nid, value)
            return nil
        }
    }

    private func free(nid: Int32, _ value: UnsafeMutableRawPointer) {
        switch nid {
        case NID_subject_alt_name: lync_GENERAL_NAMES_free(OpaquePointer(value))
        case NID_key_usage: ASN1_BIT_STRING_free(value.assumingMemoryBound(to: ASN1_BIT_STRING.self))
        case NID_ext_key_usage: lync_sk_ASN1_OBJECT_pop_free(OpaquePointer(value))
        case NID_basic_constraints: BASIC_CONSTRAINTS_free(value.assumingMemoryBound(to: BASIC_CONSTRAINTS.self))
        case NID_crl_distribution_points: lync_CRL_DIST_POINTS_free(OpaquePointer(value))
        case NID_info_access: AUTHORITY_INFO_ACCESS_free(OpaquePointer(value))
        default: break
        }
    }

    var subjectAlternativeNames: SubjectAlternativeNames? {
        let (value, critical) = decode(NID_subject_alt_name)
        guard let value, let critical else { return nil }
        defer { free(nid: NID_subject_alt_name, value) }
        return SubjectAlternativeNames(entries: GeneralName.list(borrowing: OpaquePointer(value)), critical: critical)
    }

    var keyUsage: (usage: KeyUsage, critical: Bool)? {
        let (value, critical) = decode(NID_key_usage)
        guard let value, let critical else { return nil }
        defer { free(nid: NID_key_usage, value) }
        let bits = value.assumingMemoryBound(to: ASN1_BIT_STRING.self)
        var usage = KeyUsage()
        for bit in 0..<9 where ASN1_BIT_STRING_get_bit(bits, Int32(bit)) == 1 {
            usage.insert(KeyUsage(rawValue: 1 << bit))
        }
        return (usage, critical)
    }

    var extendedKeyUsages: (usages: [ExtendedKeyUsage], critical: Bool)? {
        let (value, critical) = decode(NID_ext_key_usage)
        guard let value, let critical else { return nil }
        defer { free(nid: NID_ext_key_usage, value) }
        let stack = OpaquePointer(value)
        let usages = (0..<lync_sk_ASN1_OBJECT_num(stack)).compactMap { index in
            lync_sk_ASN1_OBJECT_value(stack, index).map(ExtendedKeyUsage.init(borrowing:))
        }
        return (usages, critical)
    }

    var basicConstraints: BasicConstraints? {
        let (value, critical) = decode(NID_basic_constraints)
        guard let value, let critical else { return nil }
        defer { free(nid: NID_basic_constraints, value) }
        let bc = value.assumingMemoryBound(to: BASIC_CONSTRAINTS.self)
        let pathLength = lync_BASIC_CONSTRAINTS_pathlen(bc)
        return BasicConstraints(
            isCA: lync_BASIC_CONSTRAINTS_is_ca(bc) == 1, pathLength: pathLength >= 0 ? pathLength : nil,
            critical: critical)
    }

    /// URIs of the fullName distribution points.
    var crlDistributionPoints: [String] {
        let (value, _) = decode(NID_crl_distribution_points)
        guard let value else { return [] }
        defer { free(nid: NID_crl_distribution_points, value) }
        let stack = OpaquePointer(value)
        var uris: [String] = []
        for index in 0..<lync_sk_DIST_POINT_num(stack) {
            guard let point = lync_sk_DIST_POINT_value(stack, index) else { continue }
            for name in GeneralName.list(borrowing: lync_DIST_POINT_fullname(point)) {
                if case .uri(let text) = name { uris.append(text.string) }
            }
        }
        return uris
    }

    /// authorityInfoAccess: (OCSP URIs, caIssuers URIs).
    var authorityInformationAccess: (ocsp: [String], caIssuers: [String]) {
        let (value, _) = decode(NID_info_access)
        guard let value else { return ([], []) }
        defer { free(nid: NID_info_access, value) }
        let stack = OpaquePointer(value)
        var ocsp: [String] = []
        var issuers: [String] = []
        for index in 0..<lync_sk_ACCESS_DESCRIPTION_num(stack) {
            guard let location = lync_ACCESS_DESCRIPTION_location(stack, index),
                case .uri(let text) = GeneralName(borrowing: location)
            else { continue }
            switch lync_ACCESS_DESCRIPTION_method_nid(stack, index) {
            case NID_ad_OCSP: ocsp.append(text.string)
            case NID_ad_ca_issuers: issuers.append(text.string)
            default: break
            }
        }
        return (ocsp, issuers)
    }
}
