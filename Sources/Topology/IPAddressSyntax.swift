/// IP address and CIDR syntax, in pure Swift (the model module does no I/O and links no C).
public enum IPAddressSyntax {
    /// The bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address, or `nil` when `text` is neither.
    ///
    /// IPv4 is strict dotted-quad: four decimal parts 0–255, no leading zeros (`010` is octal to
    /// some tools and decimal to others). IPv6 follows RFC 4291 §2.2 (`::` once, an embedded IPv4
    /// tail allowed); zone indices (`%eth0`) are refused because DNS records cannot carry them.
    public static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(Substring(text)) }
        return parseIPv4(Substring(text))
    }

    /// Whether `text` is an IPv4 or IPv6 address.
    public static func isValid(_ text: String) -> Bool { parse(text) != nil }

    /// Why `text` is not a usable IP address, or `nil` when it is.
    public static func problem(_ text: String) -> String? {
        if parse(text) != nil { return nil }
        if text.contains("/") { return "a subnet (CIDR) is not an address; give a single IPv4 or IPv6 address" }
        if text.contains("%") { return "zone indices (%…) are not allowed; give a plain IPv6 address" }
        if text.contains(":") { return "not a valid IPv6 address" }
        return "not a valid IPv4 address (four numbers 0–255 separated by dots, no leading zeros) or IPv6 address"
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if part.count > 1 && part.hasPrefix("0") { return nil }
            guard let value = Int(part), value <= 255 else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        if text.contains("%") { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt8]? {
            if part.isEmpty { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail && index == pieces.count - 1 && piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    bytes += v4
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy({ $0.isHexDigit && $0.isASCII }),
                    let value = UInt16(piece, radix: 16)
                else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        if halves.count == 1 {
            guard let bytes = groups(halves[0], allowIPv4Tail: true), bytes.count == 16 else { return nil }
            return bytes
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
            head.count + tail.count <= 14
        else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// A parsed `address/prefix` subnet.
    public struct Subnet: Sendable, Equatable {
        public var address: [UInt8]
        public var prefixLength: Int
        /// The address with every bit past the prefix cleared.
        public var network: [UInt8] {
            address.enumerated().map { index, byte in
                let bitsHere = max(0, min(8, prefixLength - index * 8))
                let mask: UInt8 = bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
                return byte & mask
            }
        }
    }

    /// Parses CIDR notation (`192.168.10.0/24`, `2001:db8::/32`), or returns why it is not valid.
    ///
    /// Host bits must be zero: Windows `route add` refuses "(Destination & Mask) != Destination".
    public static func parseSubnet(_ text: String) -> Result<Subnet, SubnetSyntaxError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(
                SubnetSyntaxError(reason: "a subnet is written address/prefix-length, e.g. 192.168.10.0/24"))
        }
        guard let address = parse(String(parts[0])) else {
            return .failure(SubnetSyntaxError(reason: "'\(parts[0])' is not a valid IPv4 or IPv6 address"))
        }
        let maximum = address.count * 8
        guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let prefix = Int(parts[1]), prefix <= maximum
        else {
            return .failure(SubnetSyntaxError(reason: "the prefix length must be a number from 0 to \(maximum)"))
        }
        let subnet = Subnet(address: address, prefixLength: prefix)
        if subnet.network != address {
            return .failure(
                SubnetSyntaxError(
                    reason:
                        "host bits are set after the /\(prefix) prefix; did you mean \(format(subnet.network))/\(prefix)?"
                ))
        }
        return .success(subnet)
    }

    /// Why a subnet is not valid.
    public struct SubnetSyntaxError: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Presentation form of address bytes: dotted quad, or RFC 5952 IPv6 (longest zero run as `::`).
    public static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var groups: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            groups.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for i in 0...groups.count {
            let g: UInt16 = i < groups.count ? groups[i] : 1
            if g == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength && i - runStart > 1 {
                    bestStart = runStart
                    bestLength = i - runStart
                }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
