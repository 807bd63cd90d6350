import Foundation

/// A misbehaving TCP server on 127.0.0.1, for hang and crash regressions of network clients.
///
/// Every accepted connection gets `behaviour`; connections are served on their own threads.
/// The server stops accepting when the value is released (or `stop()` is called); a dripping
/// connection stops by itself after `maxBytes`.
public final class HostileTCPServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Accept, then close at once (FIN), before reading anything.
        case close
        /// Accept, then reset (RST: `SO_LINGER` 0) at once.
        case reset
        /// Read what the client sends first (a ClientHello), then reset: a load balancer that
        /// drops an SNI it does not know.
        case readThenReset
        /// Send a TLS record header announcing a 16 KB handshake record, then one byte of it every
        /// `interval` seconds, up to `maxBytes`: each read gets something, the handshake never
        /// completes.
        case drip(interval: Double, maxBytes: Int)
    }

    public let port: UInt16
    private let state = State()

    /// What the accepting thread shares with the server value (the thread must not keep the
    /// value alive, or releasing it would never stop the thread).
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var stopped = false
        var accepted = 0
        var isStopped: Bool { lock.withLock { stopped } }
    }

    public init(_ behaviour: Behaviour) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HostileTCPServerError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, len) == 0 && getsockname(fd, pointer, &len) == 0
            }
        }
        guard bound, listen(fd, 64) == 0 else {
            close(fd)
            throw HostileTCPServerError("bind/listen on 127.0.0.1 failed")
        }
        port = UInt16(bigEndian: addr.sin_port)
        let state = state
        let thread = Thread { Self.acceptLoop(fd, behaviour, state) }
        thread.start()
    }

    deinit { stop() }

    /// `127.0.0.1:<port>`.
    public var address: String { "127.0.0.1:\(port)" }

    /// How many connections were accepted so far.
    public var acceptedConnections: Int { state.lock.withLock { state.accepted } }

    /// Stops accepting (within 0.1 s) and ends dripping connections.
    public func stop() {
        state.lock.withLock { state.stopped = true }
    }

    private static func acceptLoop(_ listener: Int32, _ behaviour: Behaviour, _ state: State) {
        defer { close(listener) }
        while !state.isStopped {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            state.lock.withLock { state.accepted += 1 }
            let thread = Thread { serve(connection, behaviour) { state.isStopped } }
            thread.start()
        }
    }

    private static func serve(_ fd: Int32, _ behaviour: Behaviour, stopped: () -> Bool) {
        switch behaviour {
        case .close:
            close(fd)
        case .reset:
            reset(fd)
        case .readThenReset:
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 5_000) > 0 {
                var buffer = [UInt8](repeating: 0, count: 16_384)
                _ = read(fd, &buffer, buffer.count)
            }
            reset(fd)
        case .drip(let interval, let maxBytes):
            var header: [UInt8] = [0x16, 0x03, 0x03, 0x3F, 0xFF]
            _ = send(fd, &header, header.count, Int32(MSG_NOSIGNAL))
            var byte: UInt8 = 0x02
            for _ in 0..<maxBytes {
                if stopped() || send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) != 1 { break }
                usleep(useconds_t(interval * 1_000_000))
            }
            close(fd)
        }
    }

    private static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }
}

public struct HostileTCPServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
