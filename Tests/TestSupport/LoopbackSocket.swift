import LyncSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sockets on 127.0.0.1 for the test harness: the one place that builds the address.
public enum LoopbackSocket {
    static let loopback = IPAddress("127.0.0.1")!

    /// A new socket of `type` bound to 127.0.0.1:`port` (0: the kernel picks one, without
    /// SO_REUSEADDR) and the port it holds; `nil` when the socket or the bind fails (`errno` says why).
    public static func bound(type: __socket_type, port: UInt16 = 0) -> (fd: Int32, port: UInt16)? {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        guard fd >= 0 else { return nil }
        let bound = loopback.withSocketAddress(port: port) { bind(fd, $0, $1) == 0 }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard bound, named else {
            let saved = errno
            close(fd)
            errno = saved
            return nil
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// Whether a TCP connection to 127.0.0.1:`port` succeeds.
    public static func connects(to port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return loopback.withSocketAddress(port: port) { connect(fd, $0, $1) == 0 }
    }
}
