internal import COpenSSL

/// What can be checked of an encrypted private key without its passphrase: that its structure is
/// whole, that it names a cipher OpenSSL knows, that the encrypted data is a whole number of
/// cipher blocks, and that its key derivation asks for no more than `PKCS12.maximumIterations`.
///
/// `inspect` without a passphrase lists an encrypted key as locked only once it passes these;
/// a damaged one is an error. With a passphrase the checks run before any key is derived.
enum EncryptedKeyCheck {
    /// Whether `der` is, as a whole, an `EncryptedPrivateKeyInfo` (an `X509_SIG` to OpenSSL).
    static func isEncryptedPKCS8(_ der: [UInt8]) -> Bool {
        let sig: OpaquePointer? = decodeWholeDER(der, free: { X509_SIG_free($0) }) { d2i_X509_SIG(nil, $0, $1) }
        X509_SIG_free(sig)
        ERR_clear_error()
        return sig != nil
    }

    /// Checks a DER `EncryptedPrivateKeyInfo` (PKCS#8, the `ENCRYPTED PRIVATE KEY` block).
    ///
    /// - Throws: `.malformedInput` naming the damage; `.unsupported` for an iteration count over the cap.
    static func checkPKCS8(_ der: [UInt8]) throws(CryptoError) {
        let sig: OpaquePointer? = decodeWholeDER(der, free: { X509_SIG_free($0) }) { d2i_X509_SIG(nil, $0, $1) }
        guard let sig else {
            throw CryptoError.withQueue(
                .malformedInput, "the encrypted private key is damaged: not a complete PKCS#8 EncryptedPrivateKeyInfo")
        }
        defer { X509_SIG_free(sig) }
        var algorithm: UnsafePointer<X509_ALGOR>?
        var data: UnsafePointer<ASN1_OCTET_STRING>?
        X509_SIG_get0(sig, &algorithm, &data)
        guard let algorithm else {
            throw CryptoError(code: .malformedInput, reason: "the encrypted private key names no algorithm")
        }
        let blockSize = Int(lync_pbe_cipher_block_size(algorithm))
        guard blockSize > 0 else {
            throw CryptoError(
                code: .malformedInput,
                reason: "the encrypted private key is damaged or uses an unknown encryption algorithm")
        }
        let iterations = lync_pbe_iterations(algorithm)
        if iterations < 0 {
            throw CryptoError(
                code: .malformedInput, reason: "the encrypted private key's iteration count cannot be read")
        }
        if iterations > PKCS12.maximumIterations {
            throw CryptoError(
                code: .unsupported,
                reason:
                    "the encrypted private key asks for \(iterations) key-derivation iterations; lynccert refuses "
                    + "more than \(PKCS12.maximumIterations)")
        }
        try checkLength(data.map { Int(ASN1_STRING_length($0)) } ?? 0, blockSize: blockSize)
    }

    /// Checks a traditional PEM key block with `Proc-Type: 4,ENCRYPTED` and `DEK-Info` headers.
    static func checkTraditionalPEM(_ text: [UInt8]) throws(CryptoError) {
        var name: UnsafeMutablePointer<CChar>?
        var header: UnsafeMutablePointer<CChar>?
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        let read: Int32
        do {
            read = try withMemoryBIO(text) { bio in PEM_read_bio(bio, &name, &header, &data, &length) }
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError(code: .openSSL, reason: "\(error)")
        }
        defer {
            lync_OPENSSL_free(name)
            lync_OPENSSL_free(header)
            lync_OPENSSL_free(data)
        }
        guard read == 1, let header else {
            throw CryptoError.withQueue(.malformedInput, "the encrypted private key's PEM text is damaged")
        }
        var info = EVP_CIPHER_INFO()
        guard PEM_get_EVP_CIPHER_INFO(header, &info) == 1, let cipher = info.cipher else {
            throw CryptoError.withQueue(
                .malformedInput,
                "the encrypted private key's Proc-Type/DEK-Info header is damaged or names no known cipher")
        }
        try checkLength(length, blockSize: Int(EVP_CIPHER_get_block_size(cipher)))
    }

    private static func checkLength(_ length: Int, blockSize: Int) throws(CryptoError) {
        if length == 0 || (blockSize > 1 && length % blockSize != 0) {
            throw CryptoError(
                code: .malformedInput,
                reason:
                    "the encrypted private key is damaged: \(length) bytes of encrypted data, not a whole number of "
                    + "\(blockSize)-byte cipher blocks")
        }
    }
}
