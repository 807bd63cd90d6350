#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension IPAddress {
    /// `AF_INET` or `AF_INET6`, for `socket(2)`.
    public var socketFamily: Int32 { family == .v4 ? AF_INET : AF_INET6 }

    /// Calls `body` with this address and `port` as a `sockaddr_in` or `sockaddr_in6`, for
    /// `bind(2)`, `connect(2)` and `sendto(2)`.
    public func withSocketAddress<R>(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .v4:
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin.sin_addr) { $0.copyBytes(from: bytes) }
            return Self.withGeneric(&sin, body)
        case .v6:
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: bytes) }
            return Self.withGeneric(&sin6, body)
        }
    }

    /// A `sockaddr_in` or `sockaddr_in6` seen as the `sockaddr` the socket calls take.
    private static func withGeneric<S, R>(_ address: inout S, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<S>.size)) }
        }
    }
}
