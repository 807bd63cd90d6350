internal import COpenSSL
import Foundation

/// A named elliptic curve lynccert can generate keys on.
public enum ECCurve: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case p256
    case p384

    /// OpenSSL's group name.
    var groupName: String { self == .p256 ? "P-256" : "P-384" }
    /// The field size in bits.
    public var bits: Int { self == .p256 ? 256 : 384 }
    public var description: String { groupName }
}

/// What kind of key to generate.
public enum KeySpecification: Sendable, Hashable, CustomStringConvertible {
    /// RSA with a modulus of `bits` (1024, 2048, 3072 or 4096).
    case rsa(bits: Int)
    /// ECDSA on a NIST curve.
    case ecdsa(ECCurve)

    /// The RSA sizes lynccert generates: 2048 is Lync's recommendation, larger sizes for policy;
    /// 1024 only because a topology may ask for Lync's documented minimum (with `weak-key`).
    public static let rsaSizes = [1024, 2048, 3072, 4096]
    /// The sizes `--key-size` offers.
    public static let offeredRSASizes = [2048, 3072, 4096]

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA \(bits)"
        case .ecdsa(let curve): "ECDSA \(curve)"
        }
    }
}

/// A public key algorithm.
public enum KeyAlgorithm: Sendable, Hashable, CustomStringConvertible {
    case rsa
    case rsaPSS
    case ecdsa
    case dsa
    case ed25519
    case ed448
    /// Another algorithm, by OpenSSL's short name.
    case other(String)

    init(pkey: OpaquePointer) {
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_RSA: self = .rsa
        case EVP_PKEY_RSA_PSS: self = .rsaPSS
        case EVP_PKEY_EC: self = .ecdsa
        case EVP_PKEY_DSA: self = .dsa
        case EVP_PKEY_ED25519: self = .ed25519
        case EVP_PKEY_ED448: self = .ed448
        case let id: self = .other(shortName(nid: id) ?? "unknown")
        }
    }

    /// "RSA", "ECDSA" …: the spelling the certificate plan uses.
    public var description: String {
        switch self {
        case .rsa: "RSA"
        case .rsaPSS: "RSASSA-PSS"
        case .ecdsa: "ECDSA"
        case .dsa: "DSA"
        case .ed25519: "Ed25519"
        case .ed448: "Ed448"
        case .other(let name): name
        }
    }
}

/// The public half of a key as it appears in a certificate, CSR or key file.
///
/// Algorithm, size and curve are read when the value is made; the DER SubjectPublicKeyInfo is
/// encoded only when asked for (OpenSSL 3.0 encodes through its encoder framework, which costs
/// more than everything else a certificate audit reads), from a reference to the key kept here.
public struct PublicKeyInfo: Sendable, Hashable {
    /// Holds one reference to an `EVP_PKEY` and frees it in `deinit`; the key is only read.
    final class KeyReference: @unchecked Sendable {
        let ref: OpaquePointer

        /// Takes a new reference to a borrowed key.
        init(borrowing ref: OpaquePointer) {
            EVP_PKEY_up_ref(ref)
            self.ref = ref
        }

        deinit { EVP_PKEY_free(ref) }
    }

    public let algorithm: KeyAlgorithm
    /// The key size in bits (RSA modulus, EC field size).
    public let bits: Int
    /// The NIST name of an EC key's curve ("P-256"), or OpenSSL's name for other curves.
    public let curve: String?
    /// The key, `nil` for an unreadable one (whose SubjectPublicKeyInfo is empty).
    let key: KeyReference?

    /// The DER SubjectPublicKeyInfo (encoded on each access).
    public var subjectPublicKeyInfo: [UInt8] {
        guard let key else { return [] }
        return withExtendedLifetime(key) {
            let der = (try? derBytes("a public key") { i2d_PUBKEY_bio($0, key.ref) }) ?? []
            ERR_clear_error()
            return der
        }
    }

    /// SHA-256 of the SubjectPublicKeyInfo (the value DANE/TLSA `1 0 1` and HPKP pin).
    public var spkiSHA256: [UInt8] { Digest.sha256(subjectPublicKeyInfo) }

    /// Equal when algorithm, size, curve and the SubjectPublicKeyInfo are equal.
    public static func == (lhs: PublicKeyInfo, rhs: PublicKeyInfo) -> Bool {
        guard lhs.algorithm == rhs.algorithm, lhs.bits == rhs.bits, lhs.curve == rhs.curve else { return false }
        if lhs.key === rhs.key { return true }
        return lhs.subjectPublicKeyInfo == rhs.subjectPublicKeyInfo
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(bits)
        hasher.combine(curve)
    }

    /// An unreadable key: no key reference, an empty SubjectPublicKeyInfo.
    init(unreadable reason: String) {
        algorithm = .other(reason)
        bits = 0
        curve = nil
        key = nil
    }

    /// Reads a borrowed EVP_PKEY; the caller keeps ownership (a new reference is kept here).
    init(borrowing pkey: OpaquePointer) {
        algorithm = KeyAlgorithm(pkey: pkey)
        bits = Int(EVP_PKEY_get_bits(pkey))
        if algorithm == .ecdsa {
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            if EVP_PKEY_get_group_name(pkey, &buffer, buffer.count, &length) == 1 {
                let name = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let nid = OBJ_sn2nid(name)
                if nid != NID_undef, let nist = EC_curve_nid2nist(nid) {
                    curve = String(cString: nist)
                } else {
                    curve = name
                }
            } else {
                curve = nil
            }
        } else {
            curve = nil
        }
        key = KeyReference(borrowing: pkey)
        ERR_clear_error()
    }

    /// "RSA 2048", "ECDSA P-256".
    public var summary: String {
        if let curve { return "\(algorithm) \(curve)" }
        return "\(algorithm) \(bits)"
    }
}

/// Message digests over byte strings.
public enum Digest {
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, sha1MD.ref ?? EVP_sha1()) }
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, sha256MD.ref ?? EVP_sha256()) }

    /// Fetched once: `EVP_sha256()` would look the implementation up again on every digest, under
    /// a lock that a thousand concurrent fingerprints contend for.
    private static let sha1MD = FetchedDigest("SHA1")
    private static let sha256MD = FetchedDigest("SHA256")

    /// An `EVP_MD` fetched from the default library context, kept for the process.
    private final class FetchedDigest: @unchecked Sendable {
        let ref: OpaquePointer?
        init(_ name: String) { ref = EVP_MD_fetch(nil, name, nil) }
    }

    private static func digest(_ bytes: [UInt8], _ md: OpaquePointer?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &out, &length, md, nil) }
        precondition(ok == 1, "EVP_Digest cannot fail for SHA-1/SHA-256 on memory input")
        return Array(out.prefix(Int(length)))
    }

    /// `AB:CD:…`, the way `openssl x509 -fingerprint` and Windows' certificate dialog show digests.
    public static func colonHex(_ bytes: [UInt8]) -> String {
        // Written into one buffer: a String per byte and `joined` cost 44,000 instructions per
        // fingerprint, a thousand of them in a bundle audit.
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A private key (RSA or ECDSA), generated here or read from a file.
///
/// A value type over an owned `EVP_PKEY`: copies share the same immutable key, which is freed when
/// the last copy goes away.
public struct PrivateKey: Sendable {
    /// Owns one `EVP_PKEY` and frees it in `deinit`.
    final class Storage: @unchecked Sendable {
        let ref: OpaquePointer

        /// Takes ownership of `ref` (the caller must not free it); `ref` must hold a private key.
        init(takingOwnership ref: OpaquePointer) { self.ref = ref }

        deinit { EVP_PKEY_free(ref) }
    }

    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    func withUnsafeKeyPointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.ref) }
    }

    /// Whether `publicKey` (borrowed from a certificate or CSR) is this key's public half; a
    /// missing or unreadable one is not.
    func isPair(of publicKey: OpaquePointer?) -> Bool {
        guard let publicKey else {
            ERR_clear_error()
            return false
        }
        return withUnsafeKeyPointer { EVP_PKEY_eq(publicKey, $0) == 1 }
    }

    /// Generates a new key.
    ///
    /// - Throws: `CryptoError` `.unsupported` for an RSA size outside `KeySpecification.rsaSizes`,
    ///   `.openSSL` if generation fails.
    public static func generate(_ specification: KeySpecification) throws -> PrivateKey {
        let pkey: OpaquePointer?
        switch specification {
        case .rsa(let bits):
            guard KeySpecification.rsaSizes.contains(bits) else {
                throw CryptoError(
                    code: .unsupported,
                    reason: "RSA keys of \(bits) bits are not offered; use one of "
                        + KeySpecification.rsaSizes.map(String.init).joined(separator: ", "))
            }
            pkey = lync_keygen_rsa(bits)
        case .ecdsa(let curve):
            pkey = lync_keygen_ec(curve.groupName)
        }
        guard let pkey else { throw CryptoError.openSSL("cannot generate a \(specification) key") }
        return PrivateKey(storage: Storage(takingOwnership: pkey))
    }

    /// Reads a key from PEM: PKCS#8 (`PRIVATE KEY`), encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`) or
    /// a traditional `RSA PRIVATE KEY` / `EC PRIVATE KEY`, encrypted (`Proc-Type: 4,ENCRYPTED`) or not.
    ///
    /// - Parameter passphrase: needed only for encrypted keys.
    /// - Throws: `.wrongPassphrase` when the key is encrypted and the passphrase is missing or
    ///   wrong; `.malformedInput` when the text holds no readable key.
    public init(pemEncoded pem: [UInt8], passphrase: [UInt8]? = nil) throws {
        // An encrypted PKCS#8 key's iteration count is checked before OpenSSL derives with it.
        if passphrase != nil, let block = try? PEMDocument(pem).blocks.first,
            block.label == "ENCRYPTED PRIVATE KEY"
        {
            try block.checkEncryptedKey()
        }
        let request = PassphraseRequest(passphrase)
        let pkey = try withMemoryBIO(pem) { bio in
            request.withCallback { callback, context in PEM_read_bio_PrivateKey(bio, nil, callback, context) }
        }
        guard let pkey else { throw Self.readError(request: request, format: "PEM") }
        ERR_clear_error()
        storage = Storage(takingOwnership: pkey)
    }

    /// Reads a DER key: PKCS#8, encrypted PKCS#8, or traditional RSA/EC.
    ///
    /// - Throws: as `init(pemEncoded:passphrase:)`.
    public init(derEncoded der: [UInt8], passphrase: [UInt8]? = nil) throws {
        // Encrypted PKCS#8 is an X509_SIG; check for it first so the passphrase is used.
        let isEncrypted = EncryptedKeyCheck.isEncryptedPKCS8(der)
        let request = PassphraseRequest(passphrase)
        let pkey: OpaquePointer?
        if isEncrypted {
            try EncryptedKeyCheck.checkPKCS8(der)
            pkey = try withMemoryBIO(der) { bio in
                request.withCallback { callback, context in d2i_PKCS8PrivateKey_bio(bio, nil, callback, context) }
            }
        } else {
            pkey = der.withUnsafeBufferPointer { buffer in
                var pointer = buffer.baseAddress
                let key = d2i_AutoPrivateKey(nil, &pointer, buffer.count)
                if let key, pointer != buffer.baseAddress.map({ $0 + buffer.count }) {
                    EVP_PKEY_free(key)
                    return nil
                }
                return key
            }
        }
        guard let pkey else { throw Self.readError(request: request, format: "DER") }
        ERR_clear_error()
        storage = Storage(takingOwnership: pkey)
    }

    /// Reads a key in PEM or DER, whichever `bytes` holds.
    public init(bytes: [UInt8], passphrase: [UInt8]? = nil) throws {
        if PEMDocument.looksLikePEM(bytes) {
            try self.init(pemEncoded: bytes, passphrase: passphrase)
        } else {
            try self.init(derEncoded: bytes, passphrase: passphrase)
        }
    }

    private static func readError(request: PassphraseRequest, format: String) -> CryptoError {
        if request.asked {
            return request.passphrase == nil
                ? CryptoError.withQueue(.wrongPassphrase, "the private key is encrypted and no passphrase was given")
                : CryptoError.withQueue(.wrongPassphrase, "the passphrase does not open the private key")
        }
        return CryptoError.withQueue(.malformedInput, "not a readable \(format) private key")
    }

    /// The key as PEM PKCS#8 (`PRIVATE KEY`), or encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`,
    /// PBES2 with PBKDF2 and AES-256-CBC) when a passphrase is given.
    ///
    /// - Throws: `.malformedInput` for an empty passphrase (it would protect nothing).
    public func pemPKCS8(passphrase: [UInt8]? = nil) throws -> String {
        try withUnsafeKeyPointer { pkey in
            guard let passphrase else {
                return try pemText("a private key") { PEM_write_bio_PKCS8PrivateKey($0, pkey, nil, nil, 0, nil, nil) }
            }
            guard !passphrase.isEmpty else {
                throw CryptoError(code: .malformedInput, reason: "an empty passphrase cannot protect a private key")
            }
            let pass = passphrase.map { CChar(bitPattern: $0) }
            return try pemText("an encrypted private key") { bio in
                pass.withUnsafeBufferPointer {
                    PEM_write_bio_PKCS8PrivateKey(
                        bio, pkey, EVP_aes_256_cbc(), $0.baseAddress, Int32($0.count), nil, nil)
                }
            }
        }
    }

    /// The key as unencrypted DER PKCS#8.
    public func derPKCS8() throws -> [UInt8] {
        try withUnsafeKeyPointer { pkey in
            try derBytes("a private key") { i2d_PKCS8PrivateKey_bio($0, pkey, nil, nil, 0, nil, nil) }
        }
    }

    /// The public half: algorithm, size, curve, SubjectPublicKeyInfo.
    public var publicKey: PublicKeyInfo { withUnsafeKeyPointer { PublicKeyInfo(borrowing: $0) } }

    /// The algorithm ("RSA", "ECDSA").
    public var algorithm: KeyAlgorithm { withUnsafeKeyPointer { KeyAlgorithm(pkey: $0) } }

    /// The key size in bits.
    public var bitSize: Int { withUnsafeKeyPointer { Int(EVP_PKEY_get_bits($0)) } }

    /// Whether both keys have the same public key (and so are the same key pair).
    public func hasSamePublicKey(as other: PrivateKey) -> Bool {
        withUnsafeKeyPointer { a in other.withUnsafeKeyPointer { b in EVP_PKEY_eq(a, b) == 1 } }
    }

    /// Whether `certificate` certifies this key's public half.
    public func matches(_ certificate: Certificate) -> Bool { certificate.matches(privateKey: self) }
}
