internal import COpenSSL

/// What a PKCS#12 (`.pfx`/`.p12`) file holds, in file order.
public struct PKCS12Contents: Sendable {
    /// One bag: a certificate or a private key, with its friendly name.
    public enum Entry: Sendable {
        case certificate(Certificate, friendlyName: String?)
        case privateKey(PrivateKey, friendlyName: String?)
    }

    public let entries: [Entry]
    /// The MAC digest (`sha1`, `sha256`), or `nil` for a file without a MAC.
    public let macDigest: String?
    public let macIterations: Int?
    /// Encryption of the certificate bags and key bags, as OpenSSL names them
    /// (`pbeWithSHA1And3-KeyTripleDES-CBC`, `pbeWithSHA1And40BitRC2-CBC`, `PBES2 aes-256-cbc`).
    public let encryptionAlgorithms: [String]

    /// The certificates in file order.
    public var certificates: [Certificate] {
        entries.compactMap { if case .certificate(let c, _) = $0 { c } else { nil } }
    }

    /// The (first) private key.
    public var privateKey: PrivateKey? {
        entries.lazy.compactMap { if case .privateKey(let k, _) = $0 { k } else { nil } }.first
    }
}

/// Reads PKCS#12 files.
public enum PKCS12 {
    /// The most key-derivation iterations lynccert runs for one MAC or one encrypted bag.
    ///
    /// RFC 7292 sets no upper bound, so a 3 KB file asking for 2^31 - 1 iterations would keep
    /// `inspect` or `audit` busy for many minutes. Windows writes 2,000, OpenSSL 2,048, and the
    /// highest any common tool uses is far below this (NIST SP 800-132 suggests at least 1,000).
    public static let maximumIterations: Int64 = 10_000_000

    /// Refuses an iteration count above `maximumIterations` (or one that cannot be read) before
    /// any key is derived with it.
    static func checkIterations(_ count: Int64, of what: String) throws(CryptoError) {
        if count < 0 {
            throw CryptoError(code: .malformedInput, reason: "the PKCS#12 \(what) has an unreadable iteration count")
        }
        if count > maximumIterations {
            throw CryptoError(
                code: .unsupported,
                reason:
                    "the PKCS#12 \(what) asks for \(count) key-derivation iterations; lynccert refuses more than "
                    + "\(maximumIterations) (Windows writes 2000)")
        }
    }

    /// The iteration counts a PKCS#12 names before anything is decrypted: the MAC's, and each
    /// encrypted safe's; every key bag's is checked before that bag is decrypted.
    private static func checkIterations(_ p12: OpaquePointer, safes: OpaquePointer) throws(CryptoError) {
        try checkIterations(lync_PKCS12_mac_iterations(p12), of: "MAC")
        for index in 0..<lync_sk_PKCS7_num(safes) {
            guard let p7 = lync_sk_PKCS7_value(safes, index),
                let algorithm = lync_PKCS7_encrypted_algorithm(p7)
            else { continue }
            try checkIterations(lync_pbe_iterations(algorithm), of: "encrypted safe (\(describe(algorithm)))")
        }
    }

    /// Parses a DER PKCS#12 file with `passphrase`.
    ///
    /// Loads OpenSSL's `legacy` provider first, so files protected with RC2-40 or single DES (older
    /// Windows exports, `openssl pkcs12 -export -legacy`) open too. The bags are walked in order,
    /// so certificates come back in the order the file stores them.
    ///
    /// - Throws: `.malformedInput` for a file that is not PKCS#12; `.wrongPassphrase` when the MAC
    ///   does not verify with `passphrase`; `.unsupported` for public-key-protected bags.
    public static func parse(_ der: [UInt8], passphrase: [UInt8]) throws -> PKCS12Contents {
        OpenSSLLibrary.loadLegacyProvider()
        let p12: OpaquePointer? = decodeWholeDER(der, free: { PKCS12_free($0) }) { d2i_PKCS12(nil, $0, $1) }
        guard let p12 else { throw CryptoError.withQueue(.malformedInput, "not a DER PKCS#12 file") }
        defer { PKCS12_free(p12) }

        // The structure is read (no key derivation) and its iteration counts checked first.
        guard let safes = PKCS12_unpack_authsafes(p12) else {
            throw CryptoError.withQueue(.malformedInput, "the PKCS#12 file has no readable contents")
        }
        defer { lync_sk_PKCS7_pop_free(safes) }
        try checkIterations(p12, safes: safes)

        let pass = try cPassphrase(passphrase)
        var macDigest: String?
        var macIterations: Int?
        if PKCS12_mac_present(p12) == 1 {
            let verified = pass.withUnsafeBufferPointer {
                PKCS12_verify_mac(p12, $0.baseAddress, Int32(passphrase.count))
            }
            if verified != 1 {
                // An empty password may be encoded as no password at all (RFC 7292 leaves it open).
                let verifiedNull = passphrase.isEmpty && PKCS12_verify_mac(p12, nil, 0) == 1
                if !verifiedNull {
                    throw CryptoError.withQueue(.wrongPassphrase, "the passphrase does not open the PKCS#12 file")
                }
            }
            var algorithm: UnsafePointer<X509_ALGOR>?
            var iterations: UnsafePointer<ASN1_INTEGER>?
            PKCS12_get0_mac(nil, &algorithm, nil, &iterations, p12)
            if let algorithm {
                macDigest = shortName(nid: lync_X509_ALGOR_nid(algorithm))?.lowercased()
            }
            macIterations = iterations.map { Int(ASN1_INTEGER_get($0)) } ?? 1
        }
        ERR_clear_error()

        var entries: [PKCS12Contents.Entry] = []
        var algorithms: [String] = []
        for index in 0..<lync_sk_PKCS7_num(safes) {
            guard let p7 = lync_sk_PKCS7_value(safes, index) else { continue }
            let bags: OpaquePointer?
            switch lync_PKCS7_type_nid(p7) {
            case NID_pkcs7_data:
                bags = PKCS12_unpack_p7data(p7)
            case NID_pkcs7_encrypted:
                if let algorithm = lync_PKCS7_encrypted_algorithm(p7) { algorithms.append(describe(algorithm)) }
                bags = pass.withUnsafeBufferPointer {
                    PKCS12_unpack_p7encdata(p7, $0.baseAddress, Int32(passphrase.count))
                }
            default:
                throw CryptoError(code: .unsupported, reason: "the PKCS#12 file uses public-key (enveloped) protection")
            }
            guard let bags else {
                throw CryptoError.withQueue(.malformedInput, "a PKCS#12 safe cannot be decrypted or decoded")
            }
            defer { lync_sk_PKCS12_SAFEBAG_pop_free(bags) }
            try readBags(bags, pass: pass, length: Int32(passphrase.count), into: &entries, algorithms: &algorithms)
        }
        ERR_clear_error()
        return PKCS12Contents(
            entries: entries, macDigest: macDigest, macIterations: macIterations, encryptionAlgorithms: algorithms)
    }

    private static func readBags(
        _ bags: OpaquePointer, pass: [CChar], length: Int32, into entries: inout [PKCS12Contents.Entry],
        algorithms: inout [String]
    ) throws {
        for index in 0..<lync_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = lync_sk_PKCS12_SAFEBAG_value(bags, index) else { continue }
            let friendlyName: String? = PKCS12_get_friendlyname(bag).map { name in
                defer { lync_OPENSSL_free(name) }
                return String(cString: name)
            }
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_certBag:
                guard PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate else { continue }
                guard let x509 = PKCS12_SAFEBAG_get1_cert(bag) else {
                    throw CryptoError.withQueue(.malformedInput, "a PKCS#12 certificate bag is damaged")
                }
                entries.append(.certificate(Certificate(takingOwnership: x509), friendlyName: friendlyName))
            case NID_keyBag:
                guard let info = PKCS12_SAFEBAG_get0_p8inf(bag), let pkey = EVP_PKCS82PKEY(info) else {
                    throw CryptoError.withQueue(.malformedInput, "a PKCS#12 key bag is damaged")
                }
                entries.append(
                    .privateKey(PrivateKey(storage: .init(takingOwnership: pkey)), friendlyName: friendlyName))
            case NID_pkcs8ShroudedKeyBag:
                if let sig = PKCS12_SAFEBAG_get0_pkcs8(bag) {
                    var algorithm: UnsafePointer<X509_ALGOR>?
                    X509_SIG_get0(sig, &algorithm, nil)
                    if let algorithm {
                        algorithms.append(describe(algorithm))
                        try checkIterations(lync_pbe_iterations(algorithm), of: "key bag (\(describe(algorithm)))")
                    }
                }
                let info = pass.withUnsafeBufferPointer { PKCS12_decrypt_skey(bag, $0.baseAddress, length) }
                guard let info else {
                    throw CryptoError.withQueue(.wrongPassphrase, "the PKCS#12 key bag cannot be decrypted")
                }
                defer { PKCS8_PRIV_KEY_INFO_free(info) }
                guard let pkey = EVP_PKCS82PKEY(info) else {
                    throw CryptoError.withQueue(.malformedInput, "the PKCS#12 private key is damaged")
                }
                entries.append(
                    .privateKey(PrivateKey(storage: .init(takingOwnership: pkey)), friendlyName: friendlyName))
            case NID_safeContentsBag:
                if let nested = PKCS12_SAFEBAG_get0_safes(bag) {
                    try readBags(nested, pass: pass, length: length, into: &entries, algorithms: &algorithms)
                }
            default:
                continue
            }
        }
    }

    /// "pbeWithSHA1And3-KeyTripleDES-CBC", or "PBES2 aes-256-cbc".
    private static func describe(_ algorithm: UnsafePointer<X509_ALGOR>) -> String {
        let nid = lync_X509_ALGOR_nid(algorithm)
        if nid == NID_pbes2 {
            let cipher = lync_PBES2_cipher_nid(algorithm)
            return "PBES2 " + (shortName(nid: cipher)?.lowercased() ?? "unknown cipher")
        }
        return shortName(nid: nid) ?? "unknown"
    }
}

/// Builds a PKCS#12 (`.pfx`) from a key, its certificate and the chain, for Windows import.
public struct PKCS12Builder: Sendable {
    /// How the bundle is protected.
    public enum Profile: String, Sendable, CaseIterable {
        /// PBE-SHA1-3DES for key and certificates, SHA-1 MAC, 2048 iterations: what Windows Server
        /// 2008 R2 / 2012 R2 (where Lync 2013 runs) import. Windows before Server 2019 (1809) cannot
        /// open AES-protected PFX files.
        case windowsCompatible
        /// PBES2 (PBKDF2-HMAC-SHA256) with AES-256-CBC, SHA-256 MAC: OpenSSL 3's default,
        /// Windows Server 2019 and later.
        case modern
    }

    public var privateKey: PrivateKey
    public var certificate: Certificate
    /// Intermediate (and optionally root) certificates, issuer order.
    public var chain: [Certificate]
    /// The name Windows shows in the certificate store ("Friendly Name").
    public var friendlyName: String?
    public var profile: Profile

    /// Iterations for key derivation and MAC (OpenSSL's and Windows' default is 2048/2000).
    public static let iterations: Int32 = 2048

    /// The Microsoft CSP the key is imported into on Windows for RSA keys: the legacy (CAPI)
    /// SChannel provider. Lync Server 2013 cannot use CNG (KSP) keys for its certificates.
    public static let microsoftCSP = "Microsoft RSA SChannel Cryptographic Provider"

    public init(
        privateKey: PrivateKey, certificate: Certificate, chain: [Certificate] = [], friendlyName: String? = nil,
        profile: Profile = .windowsCompatible
    ) {
        self.privateKey = privateKey
        self.certificate = certificate
        self.chain = chain
        self.friendlyName = friendlyName
        self.profile = profile
    }

    /// The DER PKCS#12 file.
    ///
    /// - Throws: `.keyMismatch` when the key does not belong to the certificate; `.malformedInput`
    ///   for an empty passphrase or one with a NUL byte; `.openSSL` when encoding fails.
    public func build(passphrase: [UInt8]) throws -> [UInt8] {
        guard certificate.matches(privateKey: privateKey) else {
            throw CryptoError(
                code: .keyMismatch,
                reason: "the private key does not belong to the certificate '\(certificate.subject)'")
        }
        guard !passphrase.isEmpty else {
            throw CryptoError(code: .malformedInput, reason: "an empty passphrase cannot protect a PKCS#12 file")
        }
        let pass = try cPassphrase(passphrase)
        // Work on a copy of the key: the CSP attribute must not change the caller's key.
        guard let key = privateKey.withUnsafeKeyPointer({ EVP_PKEY_dup($0) }) else {
            throw CryptoError.openSSL("cannot copy the private key")
        }
        defer { EVP_PKEY_free(key) }
        if privateKey.algorithm == .rsa {
            guard EVP_PKEY_add1_attr_by_NID(key, NID_ms_csp_name, MBSTRING_ASC, Self.microsoftCSP, -1) == 1 else {
                throw CryptoError.openSSL("cannot set the Microsoft CSP name")
            }
        }
        guard let stack = lync_sk_X509_new_null() else { throw CryptoError.openSSL("cannot allocate the chain") }
        defer { lync_sk_X509_free(stack) }  // borrowed entries: PKCS12_create takes its own references
        for member in chain {
            guard member.withUnsafeX509Pointer({ lync_sk_X509_push(stack, $0) }) > 0 else {
                throw CryptoError.openSSL("cannot add a chain certificate")
            }
        }
        // OpenSSL 3 would pick a SHA-256 MAC by itself; the MAC is set explicitly below instead.
        let (cipherNID, macDigest): (Int32, OpaquePointer?) =
            switch profile {
            case .windowsCompatible: (NID_pbe_WithSHA1And3_Key_TripleDES_CBC, EVP_sha1())
            case .modern: (NID_aes_256_cbc, EVP_sha256())
            }
        let p12 = withExtendedLifetime(chain) {
            certificate.withUnsafeX509Pointer { x509 in
                pass.withUnsafeBufferPointer { passPointer in
                    PKCS12_create(
                        passPointer.baseAddress, friendlyName, key, x509, stack, cipherNID, cipherNID, Self.iterations,
                        -1, KEY_EX)
                }
            }
        }
        guard let p12 else { throw CryptoError.openSSL("cannot build the PKCS#12 file") }
        defer { PKCS12_free(p12) }
        let macSet = pass.withUnsafeBufferPointer {
            PKCS12_set_mac(p12, $0.baseAddress, -1, nil, 0, Self.iterations, macDigest)
        }
        guard macSet == 1 else { throw CryptoError.openSSL("cannot add the MAC") }
        return try derBytes("a PKCS#12 file") { i2d_PKCS12_bio($0, p12) }
    }
}
