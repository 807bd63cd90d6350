import Foundation
import LyncSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP server for HTTP-01 (RFC 8555 §8.3): answers
/// `GET /.well-known/acme-challenge/<token>` with the key authorization for the tokens it was
/// given, and 404 for anything else. It runs for the time of one order and serves nothing else.
public final class HTTP01Responder: @unchecked Sendable {
    public let address: String
    public let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var answers: [String: String] = [:]
    private var stopped = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)
    /// Paths asked for (for tests and the progress log).
    private var seen: [String] = []

    /// Binds `address:port` (an IPv4 or IPv6 literal) and starts answering.
    public init(address: String, port: UInt16) throws(ACMEError) {
        self.address = address
        guard let ip = IPAddress(address) else {
            throw ACMEError(.local, "--listen-address \(address) is not an IPv4 or IPv6 address")
        }
        let family = ip.socketFamily
        let socketFD = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else {
            throw ACMEError(.local, "cannot open a socket: \(String(cString: strerror(errno)))")
        }
        var one: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = ip.withSocketAddress(port: port) { bind(socketFD, $0, $1) }
        guard bound == 0, listen(socketFD, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socketFD)
            throw ACMEError(.local, "cannot listen on \(Endpoint(host: address, port: port)) for HTTP-01: \(reason)")
        }
        // Port 0 asks the system for one: read back which.
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socketFD, $0, &length) }
        }
        let actual = withUnsafeBytes(of: storage) { raw -> UInt16 in
            family == AF_INET
                ? UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
                : UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
        }
        fd = socketFD
        self.port = actual
        let thread = Thread { [self] in serve() }
        thread.name = "lynccert-http01"
        self.thread = thread
        thread.start()
    }

    deinit { stop() }

    /// Serves `keyAuthorization` at `/.well-known/acme-challenge/<token>` from now on.
    public func add(token: String, keyAuthorization: String) {
        lock.withLock { answers[token] = keyAuthorization }
    }

    public var requestedPaths: [String] { lock.withLock { seen } }

    /// Stops answering and closes the socket; waits for the serving thread to end.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            if stopped { return false }
            stopped = true
            return true
        }
        guard first else { return }
        done.wait()
        close(fd)
    }

    private func serve() {
        defer { done.signal() }
        while !lock.withLock({ stopped }) {
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 100) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
    }

    /// Reads one request head (at most 8 KiB, 5 s for the whole head) and answers it; one request
    /// per connection. The 5 s bound the connection, not each read: a client dripping a byte at a
    /// time cannot hold the (single-threaded) responder while the CA's validation waits.
    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Date().addingTimeInterval(5)
        var head = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.count < 8192 {
            let left = Int32(deadline.timeIntervalSinceNow * 1000)
            var readable = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard left > 0, poll(&readable, 1, left) > 0 else { return }
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { break }
            head += buffer.prefix(n)
            // The blank line that ends the head, looked for where this read could have completed it.
            if head[max(0, head.count - n - 3)...].firstRange(of: [13, 10, 13, 10]) != nil { break }
        }
        let firstLine = String(decoding: head.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        var status = "404 Not Found"
        var body = "not found\n"
        if parts.count >= 2, parts[0] == "GET" || parts[0] == "HEAD" {
            let path = String(parts[1])
            lock.withLock { seen.append(path) }
            let prefix = "/.well-known/acme-challenge/"
            if path.hasPrefix(prefix), let answer = lock.withLock({ answers[String(path.dropFirst(prefix.count))] }) {
                status = "200 OK"
                body = answer
            }
            if parts[0] == "HEAD" { body = "" }
        } else {
            status = "405 Method Not Allowed"
            body = ""
        }
        let response =
            "HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }
}
