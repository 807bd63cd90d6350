import Foundation
import TestSupport
import Testing

/// The test harness itself: port allocation, retry on a taken port, refused ports, cached
/// fixtures and the pseudo-terminal driver. Other suites rely on these to be sound.
@Suite("Loopback test harness")
struct LoopbackHarnessTests {
    @Test("allocated ports lie outside the kernel's ephemeral range, are never handed out twice, and are free")
    func allocation() throws {
        let ports = try (0..<40).map { _ in try LoopbackPorts.allocate(udp: true) }
        #expect(Set(ports).count == ports.count)
        for port in ports {
            #expect(!LoopbackPorts.ephemeralRange.contains(Int(port)), "\(port) in \(LoopbackPorts.ephemeralRange)")
            #expect(port >= 10000)
            #expect(LoopbackPorts.canBind(port, type: SOCK_STREAM) && LoopbackPorts.canBind(port, type: SOCK_DGRAM))
        }
    }

    @Test("nginx given a port another socket holds is started again on a fresh port")
    func retryOnTakenPort() throws {
        var attempts: [UInt16] = []
        var holder: Int32 = -1
        defer { if holder >= 0 { close(holder) } }
        let proxy = try LoopbackPorts.start { ports -> NginxReverseProxy in
            attempts.append(ports[0])
            if attempts.count == 1 { holder = try listen(on: ports[0]) }
            return try NginxReverseProxy(
                httpBlock: "server { listen 127.0.0.1:\(ports[0]); return 204; }", ports: ports)
        }
        defer { proxy.stop() }
        try #require(attempts.count == 2, "\(attempts) \(proxy.ports) \(proxy.errorLog)")
        #expect(proxy.ports == [attempts[1]] && attempts[0] != attempts[1])
        #expect(loopbackPortAccepts(proxy.ports[0]))
    }

    @Test("a held closed port refuses connections, and is free again once released")
    func closedPort() throws {
        let closed = try ClosedLoopbackPort()
        #expect(!loopbackPortAccepts(closed.port))
        #expect(!LoopbackPorts.canBind(closed.port, type: SOCK_STREAM))
        closed.release()
        #expect(LoopbackPorts.canBind(closed.port, type: SOCK_STREAM))
    }

    @Test("a listener is told apart from another process's listener on the port")
    func listenerOwner() throws {
        let listener = try SilentListener()
        #expect(LoopbackPorts.listens(pid: getpid(), port: listener.port))
        #expect(!LoopbackPorts.listens(pid: 1, port: listener.port))
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        #expect(!LoopbackPorts.listens(pid: getpid(), port: closed.port))  // bound, not listening
    }

    @Test("a fixture that cannot be made fails each use with its name and reason, and is tried once")
    func cachedFailure() throws {
        struct Missing: Error, CustomStringConvertible {
            var description: String { "openssl: not found" }
        }
        let tries = Counter()
        let fixture = Cached<Int>("the example CA") {
            tries.increment()
            throw Missing()
        }
        for _ in 0..<2 {
            #expect {
                _ = try fixture.value
            } throws: { error in
                "\(error)" == "test fixture the example CA could not be made: openssl: not found"
            }
        }
        #expect(tries.value == 1)
    }

    @Test("an answer is typed only once echo is off: input typed at the prompt alone would be flushed")
    func terminalWaitsForEchoOff() throws {
        // The prompt comes first; echo goes off (TCSAFLUSH, discarding typed-ahead input) a moment
        // later, as lynccert's prompt does. The delay is what is tested.
        let script = """
            import sys, termios, time
            sys.stdout.write("Secret: "); sys.stdout.flush()
            time.sleep(0.5)
            attrs = termios.tcgetattr(0); attrs[3] &= ~termios.ECHO
            termios.tcsetattr(0, termios.TCSAFLUSH, attrs)
            line = sys.stdin.readline().strip()
            print("\\nread <%s>" % line)
            """
        let result = try runOnTerminal(
            "/usr/bin/python3", ["-c", script], answers: [(prompt: "Secret: ", input: "typed")], timeout: 20)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("read <typed>"), "\(result.stdout)")
        #expect(!result.stdout.contains("Secret: typed"))  // not echoed
    }
}

/// A listening TCP socket on 127.0.0.1:`port` (another process's server, for the retry test).
private func listen(on port: UInt16) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = port.bigEndian
    let ok = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard ok, Glibc.listen(fd, 4) == 0 else {
        close(fd)
        throw LoopbackPorts.PortTaken("cannot hold 127.0.0.1:\(port)")
    }
    return fd
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
