#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A DNS server to ask: an IPv4 or IPv6 address and a port.
///
/// Written `ADDR[:PORT]` on the command line: `192.0.2.53`, `127.0.0.1:5353`, `::1`,
/// `[::1]:5353`. Names are refused on purpose: resolving the server's own name would mean asking
/// some other resolver first.
public struct DNSServer: Sendable, Hashable, CustomStringConvertible {
    /// Address families a server can have.
    public enum Family: Sendable, Hashable { case ipv4, ipv6 }

    /// The address in its canonical text form (`inet_ntop`).
    public let address: String
    public let port: UInt16
    public let family: Family

    /// A server at `address` (IPv4 or IPv6 literal, no brackets) and `port`.
    /// - Throws: ``DNSError/Code/invalidServer`` when `address` is not an IP address or `port` is 0.
    public init(address: String, port: UInt16 = 53) throws {
        guard port != 0 else { throw DNSError.invalidServer(address, "port 0 is not a port a server listens on") }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            family = .ipv4
            self.address = Self.text(family: AF_INET, &v4, length: INET_ADDRSTRLEN)
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            family = .ipv6
            self.address = Self.text(family: AF_INET6, &v6, length: INET6_ADDRSTRLEN)
        } else {
            throw DNSError.invalidServer(address, "not an IPv4 or IPv6 address")
        }
        self.port = port
    }

    /// Parses `ADDR[:PORT]`, where an IPv6 address with a port is written in brackets: `[::1]:5353`.
    /// - Throws: ``DNSError/Code/invalidServer`` naming what is wrong.
    public init(parsing text: String, defaultPort: UInt16 = 53) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard !trimmed.isEmpty else { throw DNSError.invalidServer(text, "empty") }
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw DNSError.invalidServer(text, "missing ']' after the IPv6 address")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let after = trimmed[trimmed.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw DNSError.invalidServer(text, "expected ':PORT' after ']'") }
                portText = after.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        var port = defaultPort
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt16(portText),
                value > 0
            else { throw DNSError.invalidServer(text, "the port must be a number from 1 to 65535") }
            port = value
        }
        try self.init(address: host, port: port)
    }

    /// `127.0.0.1:5353`, `[::1]:53`.
    public var description: String { family == .ipv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }

    /// Whether the address is on the loopback network (127.0.0.0/8 or ::1).
    public var isLoopback: Bool { family == .ipv4 ? address.hasPrefix("127.") : address == "::1" }

    /// Calls `body` with this server as a socket address.
    func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .ipv4:
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            _ = inet_pton(AF_INET, address, &sa.sin_addr)
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6:
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            _ = inet_pton(AF_INET6, address, &sa.sin6_addr)
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    var socketFamily: Int32 { family == .ipv4 ? AF_INET : AF_INET6 }

    private static func text(family: Int32, _ address: UnsafeRawPointer, length: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(length))
        _ = inet_ntop(family, address, &buffer, socklen_t(length))
        return cText(buffer)
    }
}

/// The text in a NUL-terminated C character buffer.
func cText(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
