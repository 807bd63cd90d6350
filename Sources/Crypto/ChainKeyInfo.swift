internal import COpenSSL

extension Certificate {
    /// The public key's algorithm and size, read without encoding the key.
    ///
    /// `publicKey` also encodes the SubjectPublicKeyInfo, which OpenSSL 3.0 does through its
    /// encoder framework; auditing a thousand chains only needs the algorithm and the size.
    public var keyAlgorithmAndBits: (algorithm: KeyAlgorithm, bits: Int) {
        withUnsafeX509Pointer { x509 in
            guard let pkey = X509_get0_pubkey(x509) else {
                ERR_clear_error()
                return (.other("unreadable"), 0)
            }
            return (KeyAlgorithm(pkey: pkey), Int(EVP_PKEY_get_bits(pkey)))
        }
    }
}
