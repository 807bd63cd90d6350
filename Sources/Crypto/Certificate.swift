internal import COpenSSL
import Foundation

/// The algorithm a certificate (or CSR) is signed with.
public struct SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// The hash inside the signature.
    public enum DigestKind: String, Sendable, Hashable {
        case md5, sha1, sha224, sha256, sha384, sha512, other
    }

    /// OpenSSL's long name: `sha256WithRSAEncryption`, `sha1WithRSAEncryption`, `rsassaPss`,
    /// `ecdsa-with-SHA256`; the dotted OID when OpenSSL has no name.
    public let name: String
    /// The dotted OID of the signature algorithm.
    public let oid: String
    /// The hash (for RSASSA-PSS: the one named in its parameters), `nil` when unknown.
    public let digest: DigestKind?
    /// Whether this is RSASSA-PSS (RFC 4055).
    public let isRSASSAPSS: Bool

    init(signatureNID nid: Int32, digestNID: Int32?, oid: String) {
        name = longName(nid: nid) ?? oid
        self.oid = oid
        isRSASSAPSS = nid == NID_rsassaPss
        switch digestNID {
        case .none: digest = nil
        case NID_md5: digest = .md5
        case NID_sha1: digest = .sha1
        case NID_sha224: digest = .sha224
        case NID_sha256: digest = .sha256
        case NID_sha384: digest = .sha384
        case NID_sha512: digest = .sha512
        default: digest = .other
        }
    }

    public var description: String {
        isRSASSAPSS ? "RSASSA-PSS\(digest.map { " (\($0.rawValue))" } ?? "")" : name
    }
}

/// An X.509 certificate read from a file or a TLS handshake.
///
/// The accessors are what `lynccert inspect` shows and what an audit compares against the plan:
/// names (with raw bytes, so NUL tricks show), validity, key, signature, usages, CA flag, CRL and
/// AIA locations, fingerprints. A value type over an owned `X509`.
public struct Certificate: Sendable, Hashable {
    /// Owns one `X509` and frees it in `deinit`.
    final class Storage: @unchecked Sendable {
        let ref: OpaquePointer
        /// The library context the `X509` was decoded in, when it is not OpenSSL's default one:
        /// the `X509` points at it, so it is kept until the `X509` is freed.
        let context: BulkCertificateDecoder.Context?
        /// The DER encoding, when the reader already holds exactly it.
        let der: [UInt8]?

        /// Takes ownership of `ref`: the caller hands over one reference and must not free it.
        /// For a borrowed (`get0`) pointer, call `X509_up_ref` first.
        init(takingOwnership ref: OpaquePointer, context: BulkCertificateDecoder.Context? = nil, der: [UInt8]? = nil) {
            self.ref = ref
            self.context = context
            self.der = der
        }

        deinit { X509_free(ref) }
    }

    let storage: Storage

    /// Wraps an owned `X509`.
    init(takingOwnership ref: OpaquePointer) { storage = Storage(takingOwnership: ref) }

    /// Wraps a borrowed `X509` by taking a new reference to it.
    init(borrowing ref: OpaquePointer) {
        X509_up_ref(ref)
        storage = Storage(takingOwnership: ref)
    }

    func withUnsafeX509Pointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.ref) }
    }

    /// Equal when the DER encodings are equal.
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        lhs.withUnsafeX509Pointer { a in rhs.withUnsafeX509Pointer { b in X509_cmp(a, b) == 0 } }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(sha256Fingerprint) }

    // MARK: Reading

    /// Reads one DER certificate; trailing bytes are refused.
    ///
    /// - Throws: `.malformedInput` when `der` is not exactly one certificate.
    public init(derEncoded der: [UInt8]) throws {
        let x509: OpaquePointer? = decodeWholeDER(der, free: { X509_free($0) }) { d2i_X509(nil, $0, $1) }
        guard let x509 else { throw CryptoError.withQueue(.malformedInput, "not a DER certificate") }
        storage = Storage(takingOwnership: x509)
    }

    /// Reads the certificate at the start of `der`, ignoring what follows (as OpenSSL's PEM
    /// reader does with a block's decoded body); `nil` when it is not one. Clears OpenSSL's
    /// error queue on failure.
    init?(leadingDER der: [UInt8]) {
        let x509 = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var pointer = buffer.baseAddress
            return d2i_X509(nil, &pointer, buffer.count)
        }
        guard let x509 else {
            ERR_clear_error()
            return nil
        }
        storage = Storage(takingOwnership: x509)
    }

    /// Wraps an `X509` decoded by `BulkCertificateDecoder` in its own library context.
    /// `der` is the certificate's exact encoding (the decoder checked it).
    init(decoded ref: OpaquePointer, context: BulkCertificateDecoder.Context, der: [UInt8]) {
        storage = Storage(takingOwnership: ref, context: context, der: der)
    }

    /// Every certificate in PEM text, in file order (`CERTIFICATE`, `X509 CERTIFICATE` and
    /// `TRUSTED CERTIFICATE` blocks; other blocks are skipped).
    ///
    /// - Throws: `.malformedInput` when a certificate block is damaged or there is none.
    public static func fromPEM(_ pem: [UInt8]) throws -> [Certificate] {
        let document = try PEMDocument(pem)
        var certificates: [Certificate] = []
        for block in document.blocks where PEMDocument.certificateLabels.contains(block.label) {
            certificates.append(try block.certificate())
        }
        guard !certificates.isEmpty else {
            throw CryptoError(code: .malformedInput, reason: "no CERTIFICATE block in the PEM text")
        }
        return certificates
    }

    /// The certificates of a PKCS#7 `.p7b` (PEM or DER), in the order they are stored.
    public static func fromPKCS7(_ bytes: [UInt8]) throws -> [Certificate] {
        if PEMDocument.looksLikePEM(bytes) {
            let document = try PEMDocument(bytes)
            guard let block = document.blocks.first(where: { PEMDocument.pkcs7Labels.contains($0.label) }) else {
                throw CryptoError(code: .malformedInput, reason: "no PKCS7 block in the PEM text")
            }
            return try block.pkcs7Certificates()
        }
        return try PKCS7Reader.certificates(der: bytes)
    }

    // MARK: Writing

    /// The DER encoding.
    public var derEncoded: [UInt8] {
        if let der = storage.der { return der }
        return withUnsafeX509Pointer { x509 in (try? derBytes("a certificate") { i2d_X509_bio($0, x509) }) ?? [] }
    }

    /// The PEM encoding (one `CERTIFICATE` block).
    public var pemEncoded: String {
        withUnsafeX509Pointer { x509 in (try? pemText("a certificate") { PEM_write_bio_X509($0, x509) }) ?? "" }
    }

    // MARK: Names

    public var subject: DistinguishedName {
        withUnsafeX509Pointer { DistinguishedName(borrowing: X509_get_subject_name($0)) }
    }

    public var issuer: DistinguishedName {
        withUnsafeX509Pointer { DistinguishedName(borrowing: X509_get_issuer_name($0)) }
    }

    /// The subject's common name.
    public var commonName: String? { subject.commonName }

    /// The serial number in hex (upper case, as Windows and `openssl x509 -serial` show it).
    public var serialNumber: String {
        withUnsafeX509Pointer { x509 in
            guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil) else { return "" }
            defer { BN_free(bn) }
            guard let text = BN_bn2hex(bn) else { return "" }
            defer { lync_OPENSSL_free(text) }
            return String(cString: text)
        }
    }

    /// The X.509 version (3 for v3).
    public var version: Int { withUnsafeX509Pointer { Int(X509_get_version($0)) + 1 } }

    // MARK: Validity

    public var notBefore: Date { withUnsafeX509Pointer { Self.date(X509_get0_notBefore($0)) } }
    public var notAfter: Date { withUnsafeX509Pointer { Self.date(X509_get0_notAfter($0)) } }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    // MARK: Key and signature

    public var publicKey: PublicKeyInfo {
        withUnsafeX509Pointer { x509 in
            guard let pkey = X509_get0_pubkey(x509) else {
                ERR_clear_error()
                return PublicKeyInfo(unreadable: "unreadable")
            }
            return PublicKeyInfo(borrowing: pkey)
        }
    }

    public var signatureAlgorithm: SignatureAlgorithm {
        withUnsafeX509Pointer { x509 in
            var mdNID: Int32 = NID_undef
            let known = X509_get_signature_info(x509, &mdNID, nil, nil, nil) == 1
            ERR_clear_error()
            let nid = X509_get_signature_nid(x509)
            var algorithm: UnsafePointer<X509_ALGOR>?
            X509_get0_signature(nil, &algorithm, x509)
            let oid =
                algorithm.map { alg -> String in
                    var object: OpaquePointer?
                    X509_ALGOR_get0(&object, nil, nil, alg)
                    return oidString(object)
                } ?? ""
            return SignatureAlgorithm(
                signatureNID: nid, digestNID: known && mdNID != NID_undef ? mdNID : nil, oid: oid)
        }
    }

    /// Whether `privateKey` is the key this certificate certifies.
    public func matches(privateKey: PrivateKey) -> Bool {
        withUnsafeX509Pointer { privateKey.isPair(of: X509_get0_pubkey($0)) }
    }

    // MARK: Extensions

    private func withExtensions<R>(_ body: (ExtensionReader) -> R) -> R {
        withUnsafeX509Pointer { body(ExtensionReader(stack: X509_get0_extensions($0))) }
    }

    /// The subjectAltName extension, or `nil` when there is none (or it cannot be decoded: see
    /// `undecodableExtensions`).
    public var subjectAlternativeNames: SubjectAlternativeNames? { withExtensions(\.subjectAlternativeNames) }

    /// The keyUsage bits and criticality, or `nil` without the extension.
    public var keyUsage: (usage: KeyUsage, critical: Bool)? { withExtensions(\.keyUsage) }

    /// The extendedKeyUsage purposes and criticality, or `nil` without the extension.
    public var extendedKeyUsages: (usages: [ExtendedKeyUsage], critical: Bool)? {
        withExtensions(\.extendedKeyUsages)
    }

    public var basicConstraints: BasicConstraints? { withExtensions(\.basicConstraints) }

    /// Whether basicConstraints says CA:TRUE.
    public var isCA: Bool { basicConstraints?.isCA ?? false }

    /// The URIs of the CRL distribution points.
    public var crlDistributionPoints: [String] { withExtensions(\.crlDistributionPoints) }

    /// authorityInfoAccess OCSP responder URIs.
    public var ocspURIs: [String] { withExtensions(\.authorityInformationAccess).ocsp }

    /// authorityInfoAccess caIssuers URIs (where to fetch a missing intermediate).
    public var caIssuersURIs: [String] { withExtensions(\.authorityInformationAccess).caIssuers }

    /// Names of well-known extensions that are present but cannot be decoded.
    public var undecodableExtensions: [String] { withExtensions(\.undecodable) }

    /// The subjectKeyIdentifier bytes, when present.
    public var subjectKeyIdentifier: [UInt8]? {
        withUnsafeX509Pointer { x509 in
            X509_get0_subject_key_id(x509).map { asn1StringBytes($0) }
        }
    }

    /// The authorityKeyIdentifier keyIdentifier bytes, when present.
    public var authorityKeyIdentifier: [UInt8]? {
        withUnsafeX509Pointer { x509 in
            X509_get0_authority_key_id(x509).map { asn1StringBytes($0) }
        }
    }

    // MARK: Issuer relations

    /// Whether the certificate is self-signed: issuer equals subject and its own key verifies the signature.
    public var isSelfSigned: Bool {
        withUnsafeX509Pointer { x509 in
            let result = X509_self_signed(x509, 1) == 1
            ERR_clear_error()
            return result
        }
    }

    /// Whether `issuer` issued this certificate: names (and key identifiers) chain, and the
    /// issuer's key verifies this certificate's signature.
    public func isIssued(by issuer: Certificate) -> Bool {
        withUnsafeX509Pointer { subject in
            issuer.withUnsafeX509Pointer { issuerRef in
                defer { ERR_clear_error() }
                guard X509_check_issued(issuerRef, subject) == X509_V_OK,
                    let key = X509_get0_pubkey(issuerRef)
                else { return false }
                return X509_verify(subject, key) == 1
            }
        }
    }

    /// OpenSSL's hash of the subject name's canonical form (`X509_NAME_hash_ex`, what
    /// `openssl x509 -subject_hash` prints); `nil` if it cannot be computed. A certificate can only
    /// be issued by one whose subject hash equals its `issuerNameHash`: OpenSSL's chain builder
    /// matches the canonical names too.
    public var subjectNameHash: UInt? { withUnsafeX509Pointer { Self.nameHash(X509_get_subject_name($0)) } }

    /// The hash of the issuer name's canonical form; see `subjectNameHash`.
    public var issuerNameHash: UInt? { withUnsafeX509Pointer { Self.nameHash(X509_get_issuer_name($0)) } }

    private static func nameHash(_ name: OpaquePointer?) -> UInt? {
        guard let name else { return nil }
        var ok: Int32 = 0
        let hash = X509_NAME_hash_ex(name, nil, nil, &ok)
        guard ok == 1 else {
            ERR_clear_error()
            return nil
        }
        return UInt(hash)
    }

    // MARK: Fingerprints

    /// SHA-1 of the DER: the "thumbprint" Windows, IIS and Lync's Set-CsCertificate use.
    public var sha1Fingerprint: [UInt8] { Digest.sha1(derEncoded) }

    public var sha256Fingerprint: [UInt8] { Digest.sha256(derEncoded) }

    /// The Windows thumbprint spelling: 40 upper-case hex digits, no separators.
    public var thumbprint: String { hex(sha1Fingerprint).uppercased() }
}

/// Reads the certificates out of a PKCS#7 structure.
enum PKCS7Reader {
    static func certificates(der: [UInt8]) throws -> [Certificate] {
        let p7: UnsafeMutablePointer<PKCS7>? = decodeWholeDER(der, free: { PKCS7_free($0) }) { d2i_PKCS7(nil, $0, $1) }
        guard let p7 else { throw CryptoError.withQueue(.malformedInput, "not a DER PKCS#7 structure") }
        defer { PKCS7_free(p7) }
        return try certificates(borrowing: p7)
    }

    static func certificates(borrowing p7: UnsafeMutablePointer<PKCS7>) throws -> [Certificate] {
        guard let stack = lync_PKCS7_signed_certs(p7) else {
            throw CryptoError(code: .unsupported, reason: "the PKCS#7 structure is not a signedData certificate bag")
        }
        return (0..<lync_sk_X509_num(stack)).compactMap { index in
            lync_sk_X509_value(stack, index).map(Certificate.init(borrowing:))
        }
    }
}
