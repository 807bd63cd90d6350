internal import COpenSSL

/// A PKCS#10 certificate signing request (RFC 2986), built here or read from a file.
public struct CertificateSigningRequest: Sendable {
    /// What to request: the subject parts, the SAN dNSNames and the usages. Plain data.
    public struct Specification: Sendable, Hashable {
        public var commonName: String
        public var organization: String?
        public var organizationalUnit: String?
        public var locality: String?
        public var state: String?
        /// Two-letter ISO 3166 country code.
        public var country: String?
        /// SAN dNSNames in order (RFC 5280 §4.2.1.6); empty means no subjectAltName extension.
        public var dnsNames: [String]
        public var keyUsage: KeyUsage
        public var keyUsageCritical: Bool
        /// extendedKeyUsage purposes (never marked critical: Lync's RP-CERT request says "not critical").
        public var extendedKeyUsages: [ExtendedKeyUsage]

        public init(
            commonName: String, organization: String? = nil, organizationalUnit: String? = nil,
            locality: String? = nil, state: String? = nil, country: String? = nil, dnsNames: [String] = [],
            keyUsage: KeyUsage = [.digitalSignature, .keyEncipherment], keyUsageCritical: Bool = true,
            extendedKeyUsages: [ExtendedKeyUsage] = [.serverAuth]
        ) {
            self.commonName = commonName
            self.organization = organization
            self.organizationalUnit = organizationalUnit
            self.locality = locality
            self.state = state
            self.country = country
            self.dnsNames = dnsNames
            self.keyUsage = keyUsage
            self.keyUsageCritical = keyUsageCritical
            self.extendedKeyUsages = extendedKeyUsages
        }

        /// Subject attributes in encoding order (C first, CN last), the order CAs expect.
        var subjectAttributes: [(String, String)] {
            [("C", country), ("ST", state), ("L", locality), ("O", organization), ("OU", organizationalUnit)]
                .compactMap { key, value in value.flatMap { $0.isEmpty ? nil : (key, $0) } } + [("CN", commonName)]
        }
    }

    /// Owns one `X509_REQ` and frees it in `deinit`.
    final class Storage: @unchecked Sendable {
        let ref: OpaquePointer
        /// Takes ownership of `ref`; the caller must not free it.
        init(takingOwnership ref: OpaquePointer) { self.ref = ref }
        deinit { X509_REQ_free(ref) }
    }

    let storage: Storage

    func withUnsafeRequestPointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.ref) }
    }

    // MARK: Building

    /// Builds a CSR for `specification`, signs it with `key` (SHA-256) and checks the signature.
    ///
    /// - Throws: `.malformedInput` for a value OpenSSL refuses (a 3-letter country, a CN over 64
    ///   characters, a SAN that is not printable ASCII); `.openSSL` when signing fails.
    public static func create(_ specification: Specification, signingKey key: PrivateKey) throws
        -> CertificateSigningRequest
    {
        guard let req = X509_REQ_new() else { throw CryptoError.openSSL("cannot allocate a CSR") }
        let request = CertificateSigningRequest(storage: Storage(takingOwnership: req))
        guard X509_REQ_set_version(req, 0) == 1 else { throw CryptoError.openSSL("cannot set the CSR version") }

        guard let name = X509_NAME_new() else { throw CryptoError.openSSL("cannot allocate a name") }
        defer { X509_NAME_free(name) }
        for (field, value) in specification.subjectAttributes {
            let ok = X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0)
            guard ok == 1 else {
                throw CryptoError.withQueue(.malformedInput, "the subject \(field) value '\(value)' is not acceptable")
            }
        }
        guard X509_REQ_set_subject_name(req, name) == 1 else { throw CryptoError.openSSL("cannot set the subject") }

        var extensions = lync_sk_X509_EXTENSION_new_null()
        defer { lync_sk_X509_EXTENSION_pop_free(extensions) }
        if !specification.dnsNames.isEmpty {
            try addSubjectAlternativeNames(specification.dnsNames, to: &extensions)
        }
        if !specification.keyUsage.isEmpty {
            guard let bits = ASN1_BIT_STRING_new() else { throw CryptoError.openSSL("cannot allocate keyUsage") }
            defer { ASN1_BIT_STRING_free(bits) }
            for bit in 0..<9 where specification.keyUsage.rawValue & (1 << bit) != 0 {
                guard ASN1_BIT_STRING_set_bit(bits, Int32(bit), 1) == 1 else {
                    throw CryptoError.openSSL("cannot set a keyUsage bit")
                }
            }
            guard
                X509V3_add1_i2d(
                    &extensions, NID_key_usage, bits, specification.keyUsageCritical ? 1 : 0, UInt(X509V3_ADD_DEFAULT))
                    == 1
            else { throw CryptoError.openSSL("cannot add keyUsage") }
        }
        if !specification.extendedKeyUsages.isEmpty {
            guard let purposes = lync_sk_ASN1_OBJECT_new_null() else {
                throw CryptoError.openSSL("cannot allocate extendedKeyUsage")
            }
            defer { lync_sk_ASN1_OBJECT_pop_free(purposes) }
            for usage in specification.extendedKeyUsages {
                guard let object = OBJ_txt2obj(usage.oid, 1) else {
                    throw CryptoError.withQueue(.malformedInput, "'\(usage.oid)' is not an OID")
                }
                guard lync_sk_ASN1_OBJECT_push(purposes, object) > 0 else {
                    ASN1_OBJECT_free(object)
                    throw CryptoError.openSSL("cannot add an extendedKeyUsage purpose")
                }
            }
            guard
                X509V3_add1_i2d(
                    &extensions, NID_ext_key_usage, UnsafeMutableRawPointer(purposes), 0, UInt(X509V3_ADD_DEFAULT))
                    == 1
            else { throw CryptoError.openSSL("cannot add extendedKeyUsage") }
        }
        if let extensions, lync_sk_X509_EXTENSION_num(extensions) > 0 {
            guard X509_REQ_add_extensions(req, extensions) == 1 else {
                throw CryptoError.openSSL("cannot add the extension request")
            }
        }

        try key.withUnsafeKeyPointer { pkey in
            guard X509_REQ_set_pubkey(req, pkey) == 1 else { throw CryptoError.openSSL("cannot set the public key") }
            guard X509_REQ_sign(req, pkey, EVP_sha256()) > 0 else { throw CryptoError.openSSL("cannot sign the CSR") }
        }
        guard request.verifySignature() else {
            throw CryptoError.openSSL("the signed CSR does not verify with its own public key")
        }
        return request
    }

    private static func addSubjectAlternativeNames(_ names: [String], to extensions: inout OpaquePointer?) throws {
        guard let stack = lync_GENERAL_NAMES_new() else { throw CryptoError.openSSL("cannot allocate SANs") }
        defer { lync_GENERAL_NAMES_free(stack) }
        for dnsName in names {
            let bytes = Array(dnsName.utf8)
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw CryptoError(
                    code: .malformedInput, reason: "the SAN '\(dnsName)' is not a printable ASCII DNS name")
            }
            guard let text = ASN1_IA5STRING_new() else { throw CryptoError.openSSL("cannot allocate a SAN") }
            guard ASN1_STRING_set(text, bytes, Int32(bytes.count)) == 1, let entry = GENERAL_NAME_new() else {
                ASN1_IA5STRING_free(text)
                throw CryptoError.openSSL("cannot build a SAN")
            }
            GENERAL_NAME_set0_value(entry, GEN_DNS, UnsafeMutableRawPointer(text))
            guard lync_sk_GENERAL_NAME_push(stack, entry) > 0 else {
                GENERAL_NAME_free(entry)
                throw CryptoError.openSSL("cannot add a SAN")
            }
        }
        guard
            X509V3_add1_i2d(
                &extensions, NID_subject_alt_name, UnsafeMutableRawPointer(stack), 0, UInt(X509V3_ADD_DEFAULT)) == 1
        else { throw CryptoError.openSSL("cannot add subjectAltName") }
    }

    // MARK: Reading

    /// Reads a PEM CSR (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`).
    public init(pemEncoded pem: [UInt8]) throws {
        let req = try withMemoryBIO(pem) { bio in
            PassphraseRequest.refusing { PEM_read_bio_X509_REQ(bio, nil, $0, $1) }
        }
        guard let req else { throw CryptoError.withQueue(.malformedInput, "not a PEM certificate request") }
        storage = Storage(takingOwnership: req)
    }

    /// Reads a DER CSR; trailing bytes are refused.
    public init(derEncoded der: [UInt8]) throws {
        let req: OpaquePointer? = decodeWholeDER(der, free: { X509_REQ_free($0) }) { d2i_X509_REQ(nil, $0, $1) }
        guard let req else { throw CryptoError.withQueue(.malformedInput, "not a DER certificate request") }
        storage = Storage(takingOwnership: req)
    }

    init(storage: Storage) { self.storage = storage }

    // MARK: Output

    public var pemEncoded: String {
        withUnsafeRequestPointer { req in (try? pemText("a CSR") { PEM_write_bio_X509_REQ($0, req) }) ?? "" }
    }

    public var derEncoded: [UInt8] {
        withUnsafeRequestPointer { req in (try? derBytes("a CSR") { i2d_X509_REQ_bio($0, req) }) ?? [] }
    }

    // MARK: Contents

    public var subject: DistinguishedName {
        withUnsafeRequestPointer { DistinguishedName(borrowing: X509_REQ_get_subject_name($0)) }
    }

    public var publicKey: PublicKeyInfo? {
        withUnsafeRequestPointer { req in
            guard let pkey = X509_REQ_get0_pubkey(req) else {
                ERR_clear_error()
                return nil
            }
            return PublicKeyInfo(borrowing: pkey)
        }
    }

    /// Whether the request's signature verifies with the public key inside it (proof of possession).
    public func verifySignature() -> Bool {
        withUnsafeRequestPointer { req in
            defer { ERR_clear_error() }
            guard let pkey = X509_REQ_get0_pubkey(req) else { return false }
            return X509_REQ_verify(req, pkey) == 1
        }
    }

    /// Whether `privateKey` belongs to this request's public key.
    public func matches(privateKey: PrivateKey) -> Bool {
        withUnsafeRequestPointer { privateKey.isPair(of: X509_REQ_get0_pubkey($0)) }
    }

    public var signatureAlgorithm: String {
        withUnsafeRequestPointer { longName(nid: X509_REQ_get_signature_nid($0)) ?? "unknown" }
    }

    private func withExtensions<R>(_ body: (ExtensionReader) -> R) -> R {
        withUnsafeRequestPointer { req in
            let stack = X509_REQ_get_extensions(req)
            ERR_clear_error()
            defer { if let stack { lync_sk_X509_EXTENSION_pop_free(stack) } }
            return body(ExtensionReader(stack: stack))
        }
    }

    public var subjectAlternativeNames: SubjectAlternativeNames? { withExtensions(\.subjectAlternativeNames) }
    public var keyUsage: (usage: KeyUsage, critical: Bool)? { withExtensions(\.keyUsage) }
    public var extendedKeyUsages: (usages: [ExtendedKeyUsage], critical: Bool)? {
        withExtensions(\.extendedKeyUsages)
    }
}
