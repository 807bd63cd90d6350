import LyncSupport

/// Diagnostics for addresses and subnets written in a topology: why a text is not usable.
///
/// Parsing itself is `IPAddress` / `IPNetwork`; this adds the messages an administrator reads.
public enum IPAddressSyntax {
    /// The bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address, or `nil` when `text` is neither.
    ///
    /// IPv4 is strict dotted-quad: four decimal parts 0–255, no leading zeros (`010` is octal to
    /// some tools and decimal to others). IPv6 follows RFC 4291 §2.2 (`::` once, an embedded IPv4
    /// tail allowed); zone indices (`%eth0`) are refused because DNS records cannot carry them.
    public static func parse(_ text: String) -> [UInt8]? { IPAddress(text)?.bytes }

    /// Whether `text` is an IPv4 or IPv6 address.
    public static func isValid(_ text: String) -> Bool { IPAddress(text) != nil }

    /// Why `text` is not a usable IP address, or `nil` when it is.
    public static func problem(_ text: String) -> String? {
        if IPAddress(text) != nil { return nil }
        if text.contains("/") { return "a subnet (CIDR) is not an address; give a single IPv4 or IPv6 address" }
        if text.contains("%") { return "zone indices (%…) are not allowed; give a plain IPv6 address" }
        if text.contains(":") { return "not a valid IPv6 address" }
        return "not a valid IPv4 address (four numbers 0–255 separated by dots, no leading zeros) or IPv6 address"
    }

    /// Parses CIDR notation (`192.168.10.0/24`, `2001:db8::/32`), or returns why it is not valid.
    ///
    /// Host bits must be zero: Windows `route add` refuses "(Destination & Mask) != Destination".
    public static func parseSubnet(_ text: String) -> Result<IPNetwork, SubnetSyntaxError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(
                SubnetSyntaxError(reason: "a subnet is written address/prefix-length, e.g. 192.168.10.0/24"))
        }
        guard let address = IPAddress(String(parts[0])) else {
            return .failure(SubnetSyntaxError(reason: "'\(parts[0])' is not a valid IPv4 or IPv6 address"))
        }
        let maximum = address.family.bitCount
        guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let prefix = Int(parts[1]), let network = IPNetwork(address: address, prefixLength: prefix)
        else {
            return .failure(SubnetSyntaxError(reason: "the prefix length must be a number from 0 to \(maximum)"))
        }
        if network.address != address {
            return .failure(
                SubnetSyntaxError(reason: "host bits are set after the /\(prefix) prefix; did you mean \(network)?"))
        }
        return .success(network)
    }

    /// Why a subnet is not valid.
    public struct SubnetSyntaxError: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Presentation form of address bytes: dotted quad, or RFC 5952 IPv6 (longest zero run as `::`).
    public static func format(_ bytes: [UInt8]) -> String {
        IPAddress(bytes: bytes)?.description ?? bytes.map(String.init).joined(separator: ".")
    }
}
