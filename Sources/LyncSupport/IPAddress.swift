/// An IPv4 or IPv6 address, parsed from text without touching the network or the C library.
///
/// DNS and host planning need three things of an address: is it well formed, which family
/// (A or AAAA record), and is it private (it must never be published in external DNS). The
/// parser is strict on purpose: IPv4 is exactly four decimal octets without leading zeros
/// (`010.1.1.1` is octal to some tools and decimal to others, so it is refused), IPv6 follows
/// RFC 4291 §2.2 (with `::` compression and an embedded dotted IPv4 tail) and has no zone index
/// (`fe80::1%eth0` means nothing in a DNS record). Text output is canonical: dotted decimal for
/// IPv4, RFC 5952 for IPv6 (lower case, no leading zeros, the longest run of zero groups as `::`).
public struct IPAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address family: decides A versus AAAA.
    public enum Family: String, Sendable, Hashable, Comparable {
        case v4
        case v6

        public static func < (lhs: Family, rhs: Family) -> Bool { lhs == .v4 && rhs == .v6 }

        /// Address length in bits.
        public var bitCount: Int { self == .v4 ? 32 : 128 }
    }

    public let family: Family
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses IPv4 dotted decimal or IPv6 text; `nil` when `text` is neither.
    public init?(_ text: String) {
        // A byte search: Foundation's String `contains` goes through NSString (5,000 instructions).
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let bytes = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self.family = .v6
            self.bytes = bytes
        } else {
            guard let bytes = IPAddress.parseIPv4(Substring(text)) else { return nil }
            self.family = .v4
            self.bytes = bytes
        }
    }

    /// An address from raw bytes: 4 (IPv4) or 16 (IPv6); `nil` for any other length.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: family = .v4
        case 16: family = .v6
        default: return nil
        }
        self.bytes = bytes
    }

    /// Whether `text` is an IPv4 or IPv6 address.
    public static func isValid(_ text: String) -> Bool { IPAddress(text) != nil }

    // MARK: - Classification

    /// 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        switch family {
        case .v4: return bytes[0] == 127
        case .v6: return bytes == [UInt8](repeating: 0, count: 15) + [1] || (embeddedIPv4?.isLoopback ?? false)
        }
    }

    /// 169.254.0.0/16 or fe80::/10.
    public var isLinkLocal: Bool {
        switch family {
        case .v4: return bytes[0] == 169 && bytes[1] == 254
        case .v6: return (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80) || (embeddedIPv4?.isLinkLocal ?? false)
        }
    }

    /// RFC 1918 private IPv4 space: 10/8, 172.16/12, 192.168/16 (also inside an IPv4-mapped IPv6 address).
    public var isRFC1918: Bool {
        switch family {
        case .v4:
            return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] & 0xF0 == 16) || (bytes[0] == 192 && bytes[1] == 168)
        case .v6:
            return embeddedIPv4?.isRFC1918 ?? false
        }
    }

    /// IPv6 unique-local addresses, fc00::/7 (RFC 4193).
    public var isUniqueLocal: Bool { family == .v6 && bytes[0] & 0xFE == 0xFC }

    /// 0.0.0.0 or ::.
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }

    /// Shared address space for carrier-grade NAT, 100.64.0.0/10 (RFC 6598; also IPv4-mapped).
    public var isSharedAddressSpace: Bool {
        switch family {
        case .v4: return bytes[0] == 100 && bytes[1] & 0xC0 == 64
        case .v6: return embeddedIPv4?.isSharedAddressSpace ?? false
        }
    }

    /// Not reachable from the internet: RFC 1918, shared (CGNAT, RFC 6598), unique-local,
    /// loopback, link-local or unspecified.
    ///
    /// The one test for "never publish in external DNS": the plan (`private-address-external`),
    /// `dns check` (a private address seen in the external view) and `import-topology`
    /// (`edge-address-private`) all ask it, so they cannot disagree. Shared address space is
    /// included: RFC 6598 addresses live behind a carrier's NAT, and no client on the internet
    /// reaches a listener published at one.
    public var isPrivate: Bool {
        isRFC1918 || isSharedAddressSpace || isUniqueLocal || isLoopback || isLinkLocal || isUnspecified
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), if this is one.
    public var embeddedIPv4: IPAddress? {
        guard family == .v6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else {
            return nil
        }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    // MARK: - Text

    /// Canonical text: dotted decimal, or RFC 5952 IPv6 (IPv4-mapped addresses as `::ffff:a.b.c.d`).
    public var description: String {
        switch family {
        case .v4:
            return bytes.map(String.init).joined(separator: ".")
        case .v6:
            if let v4 = embeddedIPv4 { return "::ffff:" + v4.description }
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            // The longest run of two or more zero groups (the first one on a tie) becomes "::".
            var best: (start: Int, length: Int) = (-1, 0)
            var index = 0
            while index < 8 {
                if groups[index] == 0 {
                    var end = index
                    while end < 8 && groups[end] == 0 { end += 1 }
                    if end - index > best.length { best = (index, end - index) }
                    index = end
                } else {
                    index += 1
                }
            }
            func hex(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            if best.length < 2 { return hex(0..<8) }
            return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
        }
    }

    /// Orders IPv4 before IPv6, then by numeric value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.family != rhs.family { return lhs.family < rhs.family }
        return lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    // MARK: - Parsing

    /// Four decimal octets, each 1–3 ASCII digits without a leading zero, at most 255.
    ///
    /// Read byte by byte: splitting into Substrings and testing Characters took a third of a
    /// 500-domain DNS plan (tests compare this reading with `inet_pton`).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        var value = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, bytes.count < 3 else { return nil }
                bytes.append(UInt8(value))
                (value, digits, leadingZero) = (0, 0, false)
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3, !leadingZero else { return nil }
            if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            guard value <= 255 else { return nil }
            digits += 1
        }
        guard digits > 0, bytes.count == 3 else { return nil }
        bytes.append(UInt8(value))
        return bytes
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        // At most one "::".
        var halves: [String] = []
        var rest = text
        while let range = rest.firstRange(of: "::") {
            halves.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        halves.append(String(rest))
        guard halves.count <= 2 else { return nil }

        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (i, field) in fields.enumerated() {
                if i == fields.count - 1 && allowIPv4Tail && field.contains(".") {
                    guard let v4 = parseIPv4(field) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit),
                    let value = UInt16(field, radix: 16)
                else { return nil }
                result.append(value)
            }
            return result
        }

        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowIPv4Tail: false),
                let tail = groups(halves[1], allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

/// An IP network in CIDR notation (`192.168.10.0/24`, `2001:db8::/32`).
///
/// Used for persistent routes and subnet checks on the reverse proxy (lync-rules.md §3). The
/// stored address is the network address (host bits cleared); `init(_:strict:)` decides whether
/// text with host bits set (`192.168.10.5/24`) is accepted and masked, or refused.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits zero).
    public let address: IPAddress
    public let prefixLength: Int

    /// A network from an address and prefix length; host bits of `address` are cleared.
    /// `nil` when the prefix length is outside 0…32 (IPv4) or 0…128 (IPv6).
    public init?(address: IPAddress, prefixLength: Int) {
        guard (0...address.family.bitCount).contains(prefixLength) else { return nil }
        self.address = IPAddress(bytes: IPNetwork.mask(address.bytes, prefixLength: prefixLength))!
        self.prefixLength = prefixLength
    }

    /// Parses `ADDRESS/PREFIX`. A bare address is a host network (/32 or /128).
    ///
    /// - Parameter strict: when true, text whose address has host bits set is refused
    ///   (`192.168.10.5/24`); when false it is accepted and masked to `192.168.10.0/24`.
    public init?(_ text: String, strict: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let parsed = IPAddress(String(parts[0])) else { return nil }
        var length = parsed.family.bitCount
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(digits)
            else { return nil }
            length = value
        }
        guard let network = IPNetwork(address: parsed, prefixLength: length) else { return nil }
        if strict && network.address != parsed { return nil }
        self = network
    }

    public var family: IPAddress.Family { address.family }

    /// Whether `other` lies inside this network (always false across families).
    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && IPNetwork.mask(other.bytes, prefixLength: prefixLength) == address.bytes
    }

    /// Whether every address of `other` lies inside this network.
    public func contains(_ other: IPNetwork) -> Bool {
        other.family == family && other.prefixLength >= prefixLength && contains(other.address)
    }

    /// The netmask as an address (`255.255.255.0` for /24): what `route add … MASK …` wants.
    public var netmask: IPAddress {
        let ones = [UInt8](repeating: 0xFF, count: address.bytes.count)
        return IPAddress(bytes: IPNetwork.mask(ones, prefixLength: prefixLength))!
    }

    /// `ADDRESS/PREFIX` in canonical form.
    public var description: String { "\(address)/\(prefixLength)" }

    static func mask(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsBefore = index * 8
            if prefixLength >= bitsBefore + 8 { return byte }
            if prefixLength <= bitsBefore { return 0 }
            let keep = prefixLength - bitsBefore
            return byte & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }
}
