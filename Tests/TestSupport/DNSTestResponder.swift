import Foundation

/// A tiny UDP "DNS server" on 127.0.0.1 whose answers a test writes byte by byte: silence,
/// SERVFAIL, REFUSED, garbage, a wrong ID, a cut-off packet. It counts the queries it gets.
public final class DNSTestResponder: @unchecked Sendable {
    /// Given a query's bytes, the datagrams to send back (none for silence).
    public typealias Handler = @Sendable ([UInt8]) -> [[UInt8]]

    private let socket: LoopbackUDPSocket
    private let ipv6: Bool
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false
    private var received = 0
    private let done = DispatchSemaphore(value: 0)

    public var port: UInt16 { socket.port }
    /// `127.0.0.1:PORT` or `[::1]:PORT`, as `--server` takes it.
    public var address: String { ipv6 ? "[::1]:\(socket.port)" : "127.0.0.1:\(socket.port)" }
    /// How many queries arrived so far.
    public var queryCount: Int { lock.withLock { received } }

    /// Serves on 127.0.0.1, or on ::1 when `ipv6` is true.
    public init(ipv6: Bool = false, _ handler: @escaping Handler) throws {
        guard let socket = ipv6 ? LoopbackUDPSocket(boundToIPv6Loopback: ()) : LoopbackUDPSocket() else {
            throw NSDServer.SetupError(description: "cannot bind a UDP socket on loopback")
        }
        self.socket = socket
        self.ipv6 = ipv6
        self.handler = handler
        let thread = Thread { [unowned self] in self.serve() }
        thread.start()
    }

    deinit {}

    /// Stops answering (call before releasing; also safe to call twice).
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { done.wait() }
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !lock.withLock({ stopped }) {
            var entry = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) == 1 else { continue }
            var from = sockaddr_storage()
            var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(socket.fd, bytes.baseAddress, bytes.count, 0, $0, &fromLength)
                    }
                }
            }
            guard n > 0 else { continue }
            lock.withLock { received += 1 }
            for reply in handler(Array(buffer[0..<n])) {
                _ = reply.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &from) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(socket.fd, bytes.baseAddress, bytes.count, 0, $0, fromLength)
                        }
                    }
                }
            }
        }
        done.signal()
    }

    // MARK: Building answers

    /// The question section of `query` (everything after the 12-byte header), or nil.
    public static func questionBytes(of query: [UInt8]) -> [UInt8]? {
        guard query.count > 12 else { return nil }
        var i = 12
        while i < query.count, query[i] != 0 { i += Int(query[i]) + 1 }
        guard i + 5 <= query.count else { return nil }
        return Array(query[12...(i + 4)])
    }

    /// A response to `query` with `rcode`, the query's question, and `answers` (each a complete
    /// resource record whose owner is a pointer to the question name, `0xC0 0x0C`).
    public static func reply(
        to query: [UInt8], rcode: UInt8, answers: [[UInt8]] = [], id: UInt16? = nil, truncated: Bool = false
    ) -> [UInt8] {
        guard query.count >= 12, let question = questionBytes(of: query) else { return [] }
        let replyID = id.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? [query[0], query[1]]
        var flags1: UInt8 = 0x80 | (query[2] & 0x01)  // QR, keep RD
        if truncated { flags1 |= 0x02 }
        var bytes = replyID + [flags1, rcode & 0x0F, 0, 1, 0, UInt8(answers.count), 0, 0, 0, 0]
        bytes += question
        for answer in answers { bytes += answer }
        return bytes
    }

    /// An A record for the question name (`0xC0 0x0C` pointer) with address `a.b.c.d`.
    public static func aRecord(_ address: [UInt8], ttl: UInt32 = 60) -> [UInt8] {
        [0xC0, 0x0C, 0, 1, 0, 1] + withUnsafeBytes(of: ttl.bigEndian, Array.init) + [0, 4] + address
    }

    /// The ID of a query, from its first two bytes.
    public static func id(of query: [UInt8]) -> UInt16 {
        query.count >= 2 ? UInt16(query[0]) << 8 | UInt16(query[1]) : 0
    }
}
