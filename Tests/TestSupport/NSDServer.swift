import Foundation

/// A real NSD authoritative server on 127.0.0.1, started for one test and stopped with it.
///
/// Writes `nsd.conf` and the zone files into a temporary folder (DESIGN.md's network rule:
/// `username: ""`, `database: ""`, its own pid, log and zone files, a port above 1024), checks
/// every zone with `nsd-checkzone` first, runs `/usr/sbin/nsd -d -c nsd.conf` as a child, waits
/// until it answers a query, and kills it when the value is released.
public final class NSDServer: @unchecked Sendable {
    public let port: UInt16
    public let folder: TemporaryDirectory
    private let process: Process

    /// `127.0.0.1:PORT`, as `--server` takes it.
    public var address: String { "127.0.0.1:\(port)" }

    /// Errors setting up the server, with NSD's own words.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts NSD serving `zones` (origin without trailing dot → zone file text).
    /// - Throws: ``SetupError`` when a zone fails `nsd-checkzone` or NSD does not come up.
    public init(zones: [String: String]) throws {
        folder = try TemporaryDirectory(prefix: "lynccert-nsd")
        for (origin, text) in zones {
            let path = try folder.write("\(origin).zone", text)
            let check = try runProcess("/usr/sbin/nsd-checkzone", [origin, path], timeout: 30)
            guard check.status == 0 else {
                throw SetupError(description: "nsd-checkzone \(origin): \(check.stdout)\(check.stderr)")
            }
        }
        var lastError = ""
        for _ in 0..<5 {
            // NSD needs the port free for both UDP and TCP; a port taken meanwhile means another try.
            let port = try LoopbackPorts.allocate(udp: true)
            let conf = Self.configuration(folder: folder.path, port: port, origins: zones.keys.sorted())
            let confPath = try folder.write("nsd.conf", conf)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/nsd")
            process.arguments = ["-d", "-c", confPath]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let probeZone = zones.keys.sorted().first ?? "."
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline {
                if Self.answers(port: port, zone: probeZone) && process.isRunning {
                    self.port = port
                    self.process = process
                    return
                }
            }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            lastError = (try? String(contentsOfFile: folder.file("nsd.log").path, encoding: .utf8)) ?? "no log"
        }
        throw SetupError(description: "NSD did not start: \(lastError)")
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func configuration(folder: String, port: UInt16, origins: [String]) -> String {
        var text = """
            server:
                username: ""
                database: ""
                chroot: ""
                zonesdir: "\(folder)"
                pidfile: "\(folder)/nsd.pid"
                logfile: "\(folder)/nsd.log"
                xfrdfile: "\(folder)/xfrd.state"
                zonelistfile: "\(folder)/zone.list"
                ip-address: 127.0.0.1@\(port)
                port: \(port)
                server-count: 1
                verbosity: 1
            remote-control:
                control-enable: no

            """
        for origin in origins {
            text += """
                zone:
                    name: "\(origin)"
                    zonefile: "\(origin).zone"

                """
        }
        return text
    }

    /// Whether something on 127.0.0.1:`port` answers an SOA query for `zone` within 200 ms.
    static func answers(port: UInt16, zone: String) -> Bool {
        var query: [UInt8] = [0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]
        for label in zone.split(separator: ".") {
            query.append(UInt8(label.utf8.count))
            query.append(contentsOf: label.utf8)
        }
        query += [0, 0, 6, 0, 1]
        guard let socket = LoopbackUDPSocket(connectTo: port) else { return false }
        socket.send(query)
        guard let reply = socket.receive(timeoutMilliseconds: 200) else { return false }
        // Only NSD's own answer counts: a response (QR), authoritative (AA), NOERROR, with an answer.
        return reply.count >= 12 && reply[0] == 0x12 && reply[1] == 0x34 && reply[2] & 0x84 == 0x84
            && reply[3] & 0x0F == 0 && (reply[6] != 0 || reply[7] != 0)
    }
}

/// A small UDP socket on 127.0.0.1 for probes and test responders.
public final class LoopbackUDPSocket: @unchecked Sendable {
    public let fd: Int32
    public let port: UInt16

    /// A socket bound to a free loopback port (to serve), or connected to `port` (to ask).
    public init?(connectTo remotePort: UInt16? = nil) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = (remotePort ?? 0).bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Bool in
                if remotePort != nil { return connect(fd, ptr, len) == 0 }
                return bind(fd, ptr, len) == 0 && getsockname(fd, ptr, &len) == 0
            }
        }
        guard ok else {
            close(fd)
            return nil
        }
        self.fd = fd
        port = remotePort ?? UInt16(bigEndian: addr.sin_port)
    }

    /// A socket bound to a free port on ::1, the IPv6 loopback address.
    public init?(boundToIPv6Loopback: Void) {
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_addr = in6addr_loopback
        var len = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Bool in
                bind(fd, ptr, len) == 0 && getsockname(fd, ptr, &len) == 0
            }
        }
        guard ok else {
            close(fd)
            return nil
        }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin6_port)
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The next datagram, or nil after `timeoutMilliseconds`.
    public func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 0 ? Array(buffer[0..<n]) : nil
    }
}
