import Foundation

/// Ports on 127.0.0.1 for servers that must be told their port before they start (NSD, BIND,
/// nginx, Pebble, `lynccert issue --http-port`). Servers run in this process bind port 0 and
/// report what they got instead (``DNSTestResponder``, ``HostileTCPServer``, ``SilentListener``).
///
/// A port handed out here lies outside the kernel's ephemeral range
/// (`/proc/sys/net/ipv4/ip_local_port_range`), so no client socket can be given it as its source
/// port before the server binds it; it is never handed out twice in one process; and it was free
/// (TCP, and UDP when asked) when handed out. Another process can still take it first: servers
/// started through ``start(ports:udp:attempts:_:)`` then try again with fresh ports.
public enum LoopbackPorts {
    /// A server could not bind the port it was given (it was taken in the meantime).
    public struct PortTaken: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Why no port could be handed out.
    public struct Exhausted: Error, CustomStringConvertible {
        public var description: String
    }

    /// The kernel's ephemeral (client source) port range; 32768–60999 when it cannot be read.
    public static let ephemeralRange: ClosedRange<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32768...60999 }
        return bounds[0]...bounds[1]
    }()

    /// Unprivileged ports outside the ephemeral range, from 10000 up (below are well-known services).
    static let candidates: [Int] = (10000...65535).filter { !ephemeralRange.contains($0) }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut = Set<Int>()
    /// Where the search starts: random per process, so test processes running side by side
    /// (other packages, other checkouts) rarely try the same ports.
    nonisolated(unsafe) private static var cursor = Int.random(in: 0..<max(candidates.count, 1))

    /// A free port on 127.0.0.1 (TCP; also UDP when `udp`), never handed out before in this process.
    public static func allocate(udp: Bool = false) throws -> UInt16 {
        try lock.withLock {
            for _ in 0..<candidates.count {
                let port = candidates[cursor % candidates.count]
                cursor += 1
                guard !handedOut.contains(port) else { continue }
                handedOut.insert(port)
                if canBind(UInt16(port), type: SOCK_STREAM) && (!udp || canBind(UInt16(port), type: SOCK_DGRAM)) {
                    return UInt16(port)
                }
            }
            throw Exhausted(
                description:
                    "no free loopback port left outside the ephemeral range \(ephemeralRange) (\(handedOut.count) used)"
            )
        }
    }

    /// Starts a server on `ports` fresh ports: `start` gets them and throws ``PortTaken`` when the
    /// server could not bind one, and is then called again with new ports (at most `attempts`
    /// times). Any other error ends the attempt at once.
    public static func start<Server>(
        ports count: Int = 1, udp: Bool = false, attempts: Int = 5, _ start: ([UInt16]) throws -> Server
    ) throws -> Server {
        var taken: [String] = []
        for _ in 0..<attempts {
            let ports = try (0..<count).map { _ in try allocate(udp: udp) }
            do {
                return try start(ports)
            } catch let error as PortTaken {
                taken.append(error.description)
            }
        }
        throw PortTaken("the server could not bind a port in \(attempts) attempts: \(taken.joined(separator: "; "))")
    }

    /// `start(ports:udp:attempts:_:)` for a server whose start awaits (lynccert run in-process).
    public static func start<Server>(
        ports count: Int = 1, udp: Bool = false, attempts: Int = 5, asyncStart start: ([UInt16]) async throws -> Server
    ) async throws -> Server {
        var taken: [String] = []
        for _ in 0..<attempts {
            let ports = try (0..<count).map { _ in try allocate(udp: udp) }
            do {
                return try await start(ports)
            } catch let error as PortTaken {
                taken.append(error.description)
            }
        }
        throw PortTaken("the server could not bind a port in \(attempts) attempts: \(taken.joined(separator: "; "))")
    }

    /// Whether process `pid` holds a TCP socket listening on 127.0.0.1:`port` (from
    /// `/proc/net/tcp` and the process's descriptors): a port that accepts may be another
    /// process's listener.
    public static func listens(pid: Int32, port: UInt16) -> Bool {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let local = "0100007F:" + String(format: "%04X", Int(port))
        // Columns: sl, local_address, rem_address, st (0A is LISTEN), …, inode (the tenth).
        let inodes = table.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[1] == local, fields[3] == "0A" else { return nil }
            return "socket:[\(fields[9])]"
        }
        guard !inodes.isEmpty else { return false }
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.contains { fd in
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")
            return target.map(inodes.contains) ?? false
        }
    }

    /// Whether a socket of `type` can bind 127.0.0.1:`port` right now (no SO_REUSEADDR).
    public static func canBind(_ port: UInt16, type: __socket_type) -> Bool {
        guard let (fd, _) = LoopbackSocket.bound(type: type, port: port) else { return false }
        close(fd)
        return true
    }
}

/// A TCP port on 127.0.0.1 where connections are refused: a socket holds it bound (port 0, so the
/// kernel picks it) but never listens, so no other socket can take it until ``release()``.
/// Call ``release()`` after the last connection attempt (`defer`): that also keeps the value
/// alive until then.
public final class ClosedLoopbackPort: @unchecked Sendable {
    public let port: UInt16
    private var fd: Int32

    public init() throws {
        guard let (fd, port) = LoopbackSocket.bound(type: SOCK_STREAM) else {
            throw LoopbackPorts.PortTaken("cannot bind a TCP socket on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.port = port
    }

    /// `127.0.0.1:<port>`.
    public var address: String { "127.0.0.1:\(port)" }

    /// Gives the port back (also done on release of the value).
    public func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}
