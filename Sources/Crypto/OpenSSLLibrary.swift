internal import COpenSSL

/// Facts about the OpenSSL library lynccert runs with.
public enum OpenSSLLibrary {
    /// The runtime version string, e.g. "OpenSSL 3.0.17 1 Jul 2025".
    public static var version: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    /// Whether OpenSSL's `legacy` provider is loaded (RC2, RC4, DES …).
    ///
    /// PKCS#12 files exported by older Windows (and by `openssl pkcs12 -export -legacy`) encrypt
    /// their certificates with RC2-40, which OpenSSL 3 only offers through the `legacy` provider.
    /// Loading any provider explicitly stops OpenSSL from loading `default` on its own, so both
    /// are loaded here, once per process (a Swift `static let` initialiser runs exactly once, even
    /// with concurrent callers).
    public static var legacyProviderAvailable: Bool { providers.legacy }

    private static let providers: (default: Bool, legacy: Bool) = {
        let base = OSSL_PROVIDER_load(nil, "default") != nil
        let legacy = OSSL_PROVIDER_load(nil, "legacy") != nil
        // A missing legacy module is not an error: only RC2/DES-protected files need it.
        ERR_clear_error()
        return (base, legacy)
    }()

    /// Initialises libcrypto without its exit-time clean-up (`OPENSSL_INIT_NO_ATEXIT`): a
    /// command-line run ends right after its output, and freeing every provider table and cached
    /// object on the way out only delays the exit. Call before any other OpenSSL function.
    public static func initialiseForCommandLine() {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
    }

    /// Loads `default` + `legacy` (once); call before reading PKCS#12 files.
    static func loadLegacyProvider() { _ = providers }
}
