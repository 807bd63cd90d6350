internal import COpenSSL

/// Facts about the OpenSSL library lynccert runs with.
public enum OpenSSLLibrary {
    /// The runtime version string, e.g. "OpenSSL 3.0.17 1 Jul 2025".
    public static var version: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
