internal import COpenSSL
import Foundation

/// The trust anchors a chain is verified against.
public enum TrustAnchors: Sendable, Equatable {
    /// OpenSSL's default certificate locations (the system store).
    case system
    /// The certificates of a PEM file's contents (`--ca-file`): an internal root, say.
    case pem([UInt8])
}

/// The outcome of verifying a chain with OpenSSL's `X509_verify_cert`.
public struct ChainVerificationResult: Sendable, Equatable {
    /// Why a chain failed, sorted into the families the audit reports differently.
    public enum Failure: String, Sendable, Equatable {
        /// The leaf's issuer is not available: an intermediate was not sent or bundled.
        case issuerMissing
        /// The chain reaches a root (or a CA certificate whose issuer is unknown) that is not a
        /// trust anchor, or the leaf is self-signed.
        case untrustedRoot
        /// Anything else: a bad signature, an expired CA, a CA without the CA flag …
        case other
    }

    public var trusted: Bool
    /// OpenSSL's `X509_V_ERR_*` code (0 when trusted).
    public var errorCode: Int
    /// OpenSSL's message for the code (`unable to get local issuer certificate`).
    public var message: String
    /// The depth in the chain of the certificate the error concerns (0 = leaf).
    public var errorDepth: Int
    public var failure: Failure?
}

/// Verifies a certificate chain against trust anchors at a given time.
public enum ChainVerifier {
    /// Verifies `leaf` with `intermediates` as untrusted helpers.
    ///
    /// The leaf's own validity period is the audit's `expired`/`not-yet-valid` concern, so a
    /// verify callback lets exactly that error pass (at depth 0 only): an expired leaf is not
    /// also reported as an untrusted chain, while an expired intermediate still fails.
    ///
    /// The purpose is not checked either (`missing-server-auth-eku` reports that).
    ///
    /// - Parameters:
    ///   - at: the verification time (`X509_VERIFY_PARAM_set_time`); `nil` means now.
    /// - Throws: `CryptoError` `.malformedInput` when a certificate or the anchors do not parse.
    public static func verify(
        leaf: [UInt8], intermediates: [[UInt8]], anchors: TrustAnchors, at: Date? = nil
    ) throws(CryptoError) -> ChainVerificationResult {
        try verify(leaf: leaf, intermediates: intermediates, store: TrustStore(anchors: anchors), at: at)
    }

    /// Verifies with a trust store built once (the system store takes milliseconds to load, so
    /// an audit of many certificates builds it once).
    public static func verify(
        leaf: [UInt8], intermediates: [[UInt8]], store: TrustStore, at: Date? = nil
    ) throws(CryptoError) -> ChainVerificationResult {
        let leafCert = try ChainCertificateRef(der: leaf)
        let helpers = try intermediates.map { der throws(CryptoError) in try ChainCertificateRef(der: der) }
        return try run(leaf: leafCert, helpers: helpers, store: store.store, at: at)
    }

    /// Verifies parsed certificates without re-encoding them (a bundle of a thousand leaves is
    /// verified without parsing each one twice).
    public static func verify(
        leaf: Certificate, intermediates: [Certificate], store: TrustStore, at: Date? = nil
    ) throws(CryptoError) -> ChainVerificationResult {
        let leafRef = leaf.withUnsafeX509Pointer { ChainCertificateRef(borrowing: $0) }
        let helpers = intermediates.map { c in c.withUnsafeX509Pointer { ChainCertificateRef(borrowing: $0) } }
        return try run(leaf: leafRef, helpers: helpers, store: store.store, at: at)
    }

    private static func run(
        leaf: ChainCertificateRef, helpers: [ChainCertificateRef], store: ChainTrustStoreRef, at: Date?
    ) throws(CryptoError) -> ChainVerificationResult {
        guard let ctx = X509_STORE_CTX_new() else { throw CryptoError.openSSL("X509_STORE_CTX_new failed") }
        defer { X509_STORE_CTX_free(ctx) }
        guard let stack = lync_sk_X509_new_null() else { throw CryptoError.openSSL("sk_X509_new_null failed") }
        // The stack borrows the certificates: freed with sk_X509_free, not pop_free.
        defer { lync_sk_X509_free(stack) }
        for helper in helpers { _ = helper.withUnsafePointer { lync_sk_X509_push(stack, $0) } }
        let initialised = store.withUnsafePointer { s in
            leaf.withUnsafePointer { X509_STORE_CTX_init(ctx, s, $0, stack) }
        }
        guard initialised == 1 else { throw CryptoError.openSSL("X509_STORE_CTX_init failed") }
        if let at { X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), time_t(at.timeIntervalSince1970)) }
        X509_STORE_CTX_set_verify_cb(ctx) { ok, ctx in
            guard ok == 0, let ctx else { return ok }
            let error = X509_STORE_CTX_get_error(ctx)
            let leafTime = error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID
            return X509_STORE_CTX_get_error_depth(ctx) == 0 && leafTime ? 1 : 0
        }
        let ok = X509_verify_cert(ctx) == 1
        ERR_clear_error()
        let code = Int(X509_STORE_CTX_get_error(ctx))
        let depth = Int(X509_STORE_CTX_get_error_depth(ctx))
        let message = String(cString: X509_verify_cert_error_string(CLong(code)))
        return ChainVerificationResult(
            trusted: ok, errorCode: ok ? 0 : code, message: ok ? "ok" : message, errorDepth: ok ? 0 : depth,
            failure: ok ? nil : classify(code: code, depth: depth))
    }

    /// Sorts an `X509_V_ERR_*` code. "Unable to get the issuer" at the leaf means an intermediate
    /// was not sent (public CAs never issue from the root itself); at a CA certificate it means
    /// that CA's root is not a trust anchor.
    static func classify(code: Int, depth: Int) -> ChainVerificationResult.Failure {
        switch Int32(code) {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
            return depth == 0 ? .issuerMissing : .untrustedRoot
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            return .untrustedRoot
        default:
            return .other
        }
    }
}

/// Trust anchors loaded into an OpenSSL store, reusable for any number of verifications (also
/// from several threads: a store is only read while verifying).
public final class TrustStore: @unchecked Sendable {
    let store: ChainTrustStoreRef

    /// - Throws: `CryptoError` `.malformedInput` when a PEM holds no certificate; `.openSSL` when
    ///   the system store cannot be loaded.
    public init(anchors: TrustAnchors) throws(CryptoError) { store = try ChainTrustStoreRef(anchors: anchors) }
}

/// An owned `X509`.
final class ChainCertificateRef {
    private let ref: OpaquePointer

    /// Takes ownership of `ref`: freed with `X509_free` when this object goes.
    init(takingOwnership ref: OpaquePointer) { self.ref = ref }

    /// Shares a borrowed `X509`: its reference count is raised here and lowered in `deinit`.
    convenience init(borrowing ref: OpaquePointer) {
        X509_up_ref(ref)
        self.init(takingOwnership: ref)
    }

    convenience init(der: [UInt8]) throws(CryptoError) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let parsed else { throw CryptoError.withQueue(.malformedInput, "not a DER X.509 certificate") }
        self.init(takingOwnership: parsed)
    }

    deinit { X509_free(ref) }

    func withUnsafePointer<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T { try body(ref) }
}

/// An owned `X509_STORE` holding the trust anchors.
final class ChainTrustStoreRef {
    private let ref: OpaquePointer

    init(anchors: TrustAnchors) throws(CryptoError) {
        guard let store = X509_STORE_new() else { throw CryptoError.openSSL("X509_STORE_new failed") }
        ref = store
        switch anchors {
        case .system:
            guard X509_STORE_set_default_paths(store) == 1 else {
                throw CryptoError.openSSL("cannot load the system trust store")
            }
        case .pem(let bytes):
            let count = try Self.addPEM(bytes, to: store)
            guard count > 0 else {
                throw CryptoError(code: .malformedInput, reason: "the CA file holds no PEM certificate")
            }
            // Every certificate of a CA file is an anchor, an intermediate too: an admin who gives
            // the internal issuing CA means "trust what it issued" (X509_V_FLAG_PARTIAL_CHAIN).
            X509_STORE_set_flags(store, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        }
    }

    deinit { X509_STORE_free(ref) }

    private static func addPEM(_ bytes: [UInt8], to store: OpaquePointer) throws(CryptoError) -> Int {
        guard let bio = bytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw CryptoError.openSSL("BIO_new_mem_buf failed")
        }
        defer { BIO_free(bio) }
        var count = 0
        while let cert = PEM_read_bio_X509(bio, nil, nil, nil) {
            defer { X509_free(cert) }
            guard X509_STORE_add_cert(store, cert) == 1 else {
                throw CryptoError.openSSL("cannot add a CA certificate")
            }
            count += 1
        }
        ERR_clear_error()  // the loop ends on "no start line"
        return count
    }

    func withUnsafePointer<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T { try body(ref) }
}
