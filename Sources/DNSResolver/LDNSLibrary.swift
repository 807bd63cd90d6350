internal import CLDNS

/// Facts about the ldns library lynccert runs with.
public enum LDNSLibrary {
    /// The runtime version string, e.g. "1.8.3".
    public static var version: String { String(cString: ldns_version()) }
}
