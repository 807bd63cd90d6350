import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A connected, nonblocking TCP socket with a deadline; closed when released.
///
/// The connect and everything after it (`waitUntilReady`) wait with `poll` for no longer than
/// what is left until `deadline`: a server dripping one byte at a time cannot stretch a
/// handshake past it, as it could with a per-read time-out (`SO_RCVTIMEO`).
final class TLSSocket {
    let fd: Int32
    /// When the whole exchange must be over (`DispatchTime`'s monotonic nanoseconds).
    let deadline: UInt64

    private init(fd: Int32, deadline: UInt64) {
        self.fd = fd
        self.deadline = deadline
    }

    deinit { close(fd) }

    /// Connects to `host:port` (an IP literal, or a name resolved by the system resolver).
    ///
    /// - Parameter deadline: the end of the whole exchange, from `TLSSocket.deadline(after:)`.
    /// - Throws: `CryptoError` with code `.io` when the name does not resolve, or no address
    ///   accepts before `deadline`.
    static func connect(host: String, port: UInt16, deadline: UInt64, timeout: Double) throws(CryptoError)
        -> TLSSocket
    {
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
            let sock = TLSSocket(fd: fd, deadline: deadline)
            if let error = sock.connect(to: info.pointee.ai_addr, length: info.pointee.ai_addrlen, timeout: timeout) {
                lastError = error
                continue
            }
            return sock
        }
        throw CryptoError(code: .io, reason: "\(TLSProbe.endpoint(host, port)): cannot connect: \(lastError)")
    }

    /// The monotonic time `seconds` from now, for `deadline`.
    static func deadline(after seconds: Double) -> UInt64 {
        DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1_000_000_000)
    }

    /// Milliseconds left until `deadline`, 0 once it has passed.
    var millisecondsLeft: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline > now else { return 0 }
        return Int32(min(UInt64(Int32.max), (deadline - now + 999_999) / 1_000_000))
    }

    /// Waits until the socket is readable (or writable) or the deadline passes; whether it is ready.
    func waitUntilReady(forWriting: Bool) -> Bool {
        while true {
            let left = millisecondsLeft
            if left == 0 { return false }
            var pfd = pollfd(fd: fd, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
            let ready = poll(&pfd, 1, left)
            if ready > 0 { return true }
            if ready == 0 { return false }
            // A failed poll: let the operation itself run into the error and report it.
            if errno != EINTR { return true }
        }
    }

    /// Nonblocking connect bounded by the deadline; the error text, or `nil` once connected.
    /// The socket stays nonblocking: every later wait goes through `waitUntilReady`.
    private func connect(to address: UnsafePointer<sockaddr>, length: socklen_t, timeout: Double) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        if !waitUntilReady(forWriting: true) { return "timed out after \(TLSProbe.seconds(timeout))" }
        var soError: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
        return soError == 0 ? nil : String(cString: strerror(soError))
    }
}
