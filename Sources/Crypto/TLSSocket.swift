import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A connected TCP socket with send/receive time-outs; closed when released.
///
/// The connect is nonblocking with `poll` so a silent address gives up after the time-out; the
/// handshake then runs blocking with `SO_RCVTIMEO`/`SO_SNDTIMEO` set, so no read waits longer.
final class TLSSocket {
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Connects to `host:port` (an IP literal, or a name resolved by the system resolver).
    ///
    /// - Throws: `CryptoError` with code `.io` when the name does not resolve, or no address
    ///   accepts within `timeout` seconds.
    static func connect(host: String, port: UInt16, timeout: Double) throws(CryptoError) -> TLSSocket {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw CryptoError(code: .io, reason: "\(host): cannot resolve: \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { continue }
            let sock = TLSSocket(fd: fd)
            if let error = sock.connect(to: info.pointee.ai_addr, length: info.pointee.ai_addrlen, timeout: timeout) {
                lastError = error
                continue
            }
            sock.setTimeouts(timeout)
            return sock
        }
        throw CryptoError(code: .io, reason: "\(TLSProbe.endpoint(host, port)): cannot connect: \(lastError)")
    }

    /// Nonblocking connect bounded by `timeout`; the error text, or `nil` once connected.
    private func connect(to address: UnsafePointer<sockaddr>, length: socklen_t, timeout: Double) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(1, timeout * 1000)))
        if ready == 0 { return "timed out after \(TLSProbe.seconds(timeout))" }
        if ready < 0 { return String(cString: strerror(errno)) }
        var soError: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
        return soError == 0 ? nil : String(cString: strerror(soError))
    }

    private func setTimeouts(_ timeout: Double) {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }
}
