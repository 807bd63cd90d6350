import LyncSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("IPAddress as a socket address")
struct SocketAddressTests {
    /// Binds a real UDP socket on loopback through `withSocketAddress` and reads back what the
    /// kernel bound: the address bytes and family must arrive as written.
    @Test("binds loopback over IPv4 and IPv6", arguments: ["127.0.0.1", "::1"])
    func bindsLoopback(text: String) throws {
        let ip = try #require(IPAddress(text))
        let fd = socket(ip.socketFamily, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(ip.withSocketAddress(port: 0) { bind(fd, $0, $1) } == 0)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let bound: [UInt8] = withUnsafeBytes(of: storage) { raw in
            ip.family == .v4
                ? withUnsafeBytes(of: raw.load(as: sockaddr_in.self).sin_addr) { Array($0) }
                : withUnsafeBytes(of: raw.load(as: sockaddr_in6.self).sin6_addr) { Array($0) }
        }
        #expect(Int32(storage.ss_family) == ip.socketFamily)
        #expect(bound == ip.bytes)
    }
}
