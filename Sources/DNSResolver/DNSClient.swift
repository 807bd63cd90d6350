internal import CLDNS
import Foundation
import LyncSupport

/// Asks DNS servers for A, AAAA, CNAME and SRV records, many questions at once.
///
/// Packets are built and read by ldns (`ldns_pkt_query_new`, `ldns_pkt2wire`, `ldns_wire2pkt`);
/// the socket I/O is lynccert's own: nonblocking sockets driven by one `poll` loop on a dedicated
/// thread, so thousands of queries can be in flight without a thread each (ldns's own
/// `ldns_send` blocks one thread per query). Each query:
/// - goes over UDP with EDNS0 (UDP payload size 1232, RFC 6891) and is repeated over TCP when
///   the answer comes back truncated (TC bit, RFC 7766 §5);
/// - waits `timeout` seconds per attempt and is retried `retries` times after a time-out,
///   SERVFAIL, REFUSED or a refused connection;
/// - follows CNAME chains, asking again when the chain leaves the answer, up to
///   ``maximumChainLength`` steps, and stops at a loop;
/// - turns every failure, including hostile answers (garbage, wrong ID, truncated packets,
///   answers to other questions), into a ``DNSError`` inside the ``DNSAnswer``.
public struct DNSClient: Sendable {
    /// The longest CNAME chain followed (RFC 1034 §3.6.2 asks resolvers to bound them).
    public static let maximumChainLength = 8
    /// The EDNS0 UDP payload size advertised (the 2020 DNS flag day value).
    public static let ednsUDPSize: UInt16 = 1232

    public let servers: [DNSServer]
    /// Seconds to wait for each attempt.
    public let timeout: Double
    /// Extra attempts after the first.
    public let retries: Int
    /// Questions in flight at once.
    public let concurrency: Int
    /// Whether UDP queries share a few sockets per server and go out and come in many per system
    /// call (`sendmmsg`/`recvmmsg`, Linux only) rather than one socket and call each. The answers
    /// are the same either way.
    public let batchedIO: Bool

    /// - Parameters:
    ///   - servers: whom to ask; at least one.
    ///   - timeout: seconds per attempt (at least 1 ms).
    ///   - retries: further attempts after a time-out, SERVFAIL or REFUSED.
    ///   - concurrency: questions in flight at once; bounded by the process's file descriptor limit.
    ///   - batchedIO: see ``batchedIO``; off only to compare the two ways.
    public init(
        servers: [DNSServer], timeout: Double = 2, retries: Int = 2, concurrency: Int = 256, batchedIO: Bool = true
    ) {
        precondition(!servers.isEmpty, "DNSClient needs at least one server")
        self.servers = servers
        self.timeout = max(0.001, timeout)
        self.retries = max(0, retries)
        self.concurrency = min(max(1, concurrency), Self.descriptorBudget())
        self.batchedIO = batchedIO
    }

    /// Asks the servers in turn until one gives an answer without an error.
    public func query(name: String, type: DNSQueryType) async -> DNSAnswer {
        var last: DNSAnswer?
        for server in servers {
            let answer = await query(name: name, type: type, server: server)
            if answer.error == nil { return answer }
            last = answer
        }
        return last!
    }

    /// Asks one server.
    public func query(name: String, type: DNSQueryType, server: DNSServer) async -> DNSAnswer {
        await resolve([DNSQuestion(name: name, type: type, server: server)])[0]
    }

    /// Resolves every question, `concurrency` at a time; the answers come back in the same order.
    ///
    /// The work runs on a thread of its own, so the caller's executor is never blocked.
    /// - Parameter progress: called now and then with (answered, total), on that thread.
    public func resolve(_ questions: [DNSQuestion], progress: (@Sendable (Int, Int) -> Void)? = nil) async
        -> [DNSAnswer]
    {
        if questions.isEmpty { return [] }
        let (timeout, retries, concurrency, batched) = (self.timeout, self.retries, self.concurrency, batchedIO)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                let engine = DNSEngine(
                    timeout: timeout, retries: retries, concurrency: concurrency,
                    maximumChainLength: Self.maximumChainLength, udpSize: Self.ednsUDPSize, batched: batched,
                    progress: progress)
                continuation.resume(returning: engine.run(questions))
            }
            thread.name = "lynccert-dns"
            thread.start()
        }
    }

    /// Resolves every question on the calling thread, blocking it until the last answer.
    ///
    /// For callers without an async context (and for measuring the resolver alone). From async
    /// code use ``resolve(_:progress:)``, which keeps the caller's executor free.
    public func resolveBlocking(_ questions: [DNSQuestion], progress: (@Sendable (Int, Int) -> Void)? = nil)
        -> [DNSAnswer]
    {
        if questions.isEmpty { return [] }
        return DNSEngine(
            timeout: timeout, retries: retries, concurrency: concurrency, maximumChainLength: Self.maximumChainLength,
            udpSize: Self.ednsUDPSize, batched: batchedIO, progress: progress
        ).run(questions)
    }

    /// The name servers the system is configured with (`/etc/resolv.conf`, read by
    /// `ldns_resolver_new_frm_file(NULL)`). For real use only: tests always name their servers.
    /// - Throws: ``DNSError`` when the file cannot be read or lists no server.
    public static func systemServers() throws -> [DNSServer] {
        var resolver: UnsafeMutablePointer<ldns_resolver>?
        let status = ldns_resolver_new_frm_file(&resolver, nil)
        guard status == LDNS_STATUS_OK, let resolver else {
            throw DNSError(status: status, context: "reading the system's resolver configuration")
        }
        defer { ldns_resolver_deep_free(resolver) }
        let port = ldns_resolver_port(resolver)
        var servers: [DNSServer] = []
        if let list = ldns_resolver_nameservers(resolver) {
            for i in 0..<ldns_resolver_nameserver_count(resolver) {
                guard let rdf = list[i], let data = ldns_rdf_data(rdf),
                    [LDNS_RDF_TYPE_A, LDNS_RDF_TYPE_AAAA].contains(ldns_rdf_get_type(rdf)),
                    let address = IPAddress(bytes: Array(UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf))))
                else { continue }
                if let server = try? DNSServer(address: address.description, port: port == 0 ? 53 : port) {
                    servers.append(server)
                }
            }
        }
        guard !servers.isEmpty else {
            throw DNSError(code: .invalidServer, reason: "the system's resolver configuration lists no name server")
        }
        return servers
    }

    /// File descriptors a batch may use: the soft limit less a margin for everything else.
    static func descriptorBudget() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        let soft = limit.rlim_cur >= rlim_t(Int32.max) ? 65_536 : Int(limit.rlim_cur)
        return max(1, soft - 64)
    }
}
