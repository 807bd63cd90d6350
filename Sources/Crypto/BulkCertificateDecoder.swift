internal import COpenSSL
import Foundation
import LyncSupport

/// Decodes many DER certificates at once, at a tenth of what `d2i_X509` costs each on its own.
///
/// OpenSSL 3.0's `d2i_X509` decodes the public key as it reads a certificate, and for that builds
/// a provider decoder chain from scratch — enumerating every key manager and decoder under a
/// shared lock, about 0.1 ms per certificate that concurrent threads cannot share out. A bundle of
/// a thousand certificates spent most of its audit there. This decoder reads the certificates in
/// a library context of its own that has only the `null` provider loaded, so OpenSSL finds no key
/// decoder and leaves the key for later; then it loads the `default` provider into that context
/// and gives each RSA certificate its key through the RSAPublicKey reader (`d2i_PublicKey`), which
/// needs no decoder chain.
///
/// The key goes into a new SubjectPublicKeyInfo object of the certificate; a certificate keeps
/// this path only when that object encodes to exactly the original SubjectPublicKeyInfo bytes and
/// the whole certificate still encodes to exactly its input (OpenSSL 3.0 keeps the decoded
/// to-be-signed bytes, so signatures are checked over the bytes the CA signed). Any other
/// certificate (not RSA, RSA key parameters other than NULL, an error) is decoded again by plain
/// `d2i_X509` in the default context.
enum BulkCertificateDecoder {
    /// An `OSSL_LIB_CTX` that starts with only the `null` provider; `activate()` adds `default`.
    final class Context: @unchecked Sendable {
        let ref: OpaquePointer
        private let nullProvider: OpaquePointer
        private var defaultProvider: OpaquePointer?

        init?() {
            guard let ref = OSSL_LIB_CTX_new() else { return nil }
            // Loading any provider explicitly stops OpenSSL from loading `default` on first use.
            guard let null = OSSL_PROVIDER_load(ref, "null") else {
                OSSL_LIB_CTX_free(ref)
                ERR_clear_error()
                return nil
            }
            self.ref = ref
            nullProvider = null
        }

        /// Loads the `default` provider: signatures and digests work from here on.
        func activate() -> Bool {
            if defaultProvider == nil { defaultProvider = OSSL_PROVIDER_load(ref, "default") }
            return defaultProvider != nil
        }

        deinit {
            if let defaultProvider { OSSL_PROVIDER_unload(defaultProvider) }
            OSSL_PROVIDER_unload(nullProvider)
            OSSL_LIB_CTX_free(ref)
        }
    }

    /// Decodes the certificate at the start of each input (trailing bytes ignored, as
    /// `Certificate(leadingDER:)` does); `nil` where an input is not a certificate. Inputs are
    /// independent, so large batches are decoded on every core.
    static func decode(_ inputs: [[UInt8]]) -> [Certificate?] {
        decode(count: inputs.count) { inputs[$0] }
    }

    /// `decode(_:)` for inputs made on demand (`nil`: not a certificate), on the decoding
    /// threads: a PEM bundle's Base64 bodies are decoded in parallel too.
    static func decode(count: Int, input: @Sendable (Int) -> [UInt8]?) -> [Certificate?] {
        guard count > 0 else { return [] }
        guard let context = Context() else {
            return (0..<count).map { input($0).flatMap(Certificate.init(leadingDER:)) }
        }
        // Pass 1: parse without keys, while the context has no provider that could decode one.
        let parsed = ConcurrentMap.map(Array(0..<count)) { index -> Parsed? in
            guard let der = input(index) else { return nil }
            return Parsed(der: der, decoded: decodeWithoutKey(der, context: context))
        }
        let activated = context.activate()
        // Pass 2: give each its key, or fall back to the plain reader.
        let certificates = ConcurrentMap.map(parsed) { parsed -> Certificate? in
            guard let parsed else { return nil }
            if let (x509, length) = parsed.decoded {
                if activated && attachRSAKey(x509, original: parsed.der, length: length) {
                    return Certificate(decoded: x509, context: context, der: Array(parsed.der.prefix(length)))
                }
                X509_free(x509)
            }
            return Certificate(leadingDER: parsed.der)
        }
        ERR_clear_error()
        return certificates
    }

    /// An input and, when pass 1 read it, its keyless `X509` and the bytes it used; the `X509` is
    /// owned by whoever takes it in pass 2.
    private struct Parsed: @unchecked Sendable {
        let der: [UInt8]
        let decoded: (OpaquePointer, Int)?
    }

    /// `d2i_X509` into an `X509` of `context`; returns it and the number of bytes it used.
    private static func decodeWithoutKey(_ der: [UInt8], context: Context) -> (OpaquePointer, Int)? {
        der.withUnsafeBufferPointer { buffer -> (OpaquePointer, Int)? in
            guard let base = buffer.baseAddress, let fresh = X509_new_ex(context.ref, nil) else { return nil }
            var x509: OpaquePointer? = fresh
            var cursor: UnsafePointer<UInt8>? = base
            guard d2i_X509(&x509, &cursor, buffer.count) != nil, let x509, let end = cursor else {
                X509_free(x509)
                return nil
            }
            return (x509, end - base)
        }
    }

    /// Sets an RSA certificate's key from its SubjectPublicKeyInfo and checks that neither the
    /// SubjectPublicKeyInfo nor the certificate (`original[..<length]`) encodes differently.
    private static func attachRSAKey(_ x509: OpaquePointer, original: [UInt8], length: Int) -> Bool {
        guard let publicKey = X509_get_X509_PUBKEY(x509), let before = encode(publicKey) else { return false }
        var algorithm: OpaquePointer?
        var keyBytes: UnsafePointer<UInt8>?
        var keyLength: Int32 = 0
        guard X509_PUBKEY_get0_param(&algorithm, &keyBytes, &keyLength, nil, publicKey) == 1,
            OBJ_obj2nid(algorithm) == NID_rsaEncryption, keyBytes != nil
        else { return false }
        // d2i_PublicKey takes a `const unsigned char **` it may advance.
        var cursor: UnsafePointer<UInt8>? = keyBytes
        guard let key = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, Int(keyLength)) else { return false }
        defer { EVP_PKEY_free(key) }
        guard X509_set_pubkey(x509, key) == 1, let replaced = X509_get_X509_PUBKEY(x509), encode(replaced) == before
        else { return false }
        var encoded: UnsafeMutablePointer<UInt8>?
        let count = Int(i2d_X509(x509, &encoded))
        defer { lync_OPENSSL_free(encoded) }
        guard let encoded, count == length else { return false }
        let same = original.withUnsafeBufferPointer { memcmp($0.baseAddress!, encoded, length) == 0 }
        // The SHA-1 hash OpenSSL caches for comparisons must have been computed (it is, lazily,
        // now that the context has digests): without it X509_cmp would call different
        // certificates equal.
        return same && X509_get_extension_flags(x509) & UInt32(EXFLAG_NO_FINGERPRINT) == 0
    }

    /// The DER of a SubjectPublicKeyInfo object.
    private static func encode(_ publicKey: OpaquePointer) -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>?
        let count = Int(i2d_X509_PUBKEY(publicKey, &out))
        defer { lync_OPENSSL_free(out) }
        guard count > 0, let out else { return nil }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }
}
