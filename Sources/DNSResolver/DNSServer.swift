import LyncSupport

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

    /// The address in its canonical text form (RFC 5952 for IPv6).
    public let address: String
    public let port: UInt16
    public let family: Family
    private let ip: IPAddress

    /// A server at `address` (IPv4 or IPv6 literal, no brackets) and `port`.
    /// - Throws: ``DNSError/Code/invalidServer`` when `address` is not an IP address or `port` is 0.
    public init(address: String, port: UInt16 = 53) throws {
        guard port != 0 else { throw DNSError.invalidServer(address, "port 0 is not a port a server listens on") }
        guard let ip = IPAddress(address) else { throw DNSError.invalidServer(address, "not an IPv4 or IPv6 address") }
        self.ip = ip
        self.address = ip.description
        self.family = ip.family == .v4 ? .ipv4 : .ipv6
        self.port = port
    }

    /// Parses `ADDR[:PORT]`, where an IPv6 address with a port is written in brackets: `[::1]:5353`.
    /// - Throws: ``DNSError/Code/invalidServer`` naming what is wrong.
    public init(parsing text: String, defaultPort: UInt16 = 53) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard !trimmed.isEmpty else { throw DNSError.invalidServer(text, "empty") }
        let endpoint: Endpoint
        do { endpoint = try Endpoint(parsing: trimmed, defaultPort: defaultPort) } catch {
            throw DNSError.invalidServer(text, error.reason)
        }
        try self.init(address: endpoint.host, port: endpoint.port ?? defaultPort)
    }

    /// `127.0.0.1:5353`, `[::1]:53`.
    public var description: String { Endpoint.display(host: address, port: port) }

    /// Whether the address is on the loopback network (127.0.0.0/8 or ::1).
    public var isLoopback: Bool { family == .ipv4 ? address.hasPrefix("127.") : address == "::1" }

    /// Calls `body` with this server as a socket address.
    func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        ip.withSocketAddress(port: port, body)
    }

    var socketFamily: Int32 { ip.socketFamily }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
