internal import CLDNS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The resolution of one question: its CNAME chain so far and where it stands.
fileprivate final class Lookup {
    let index: Int
    let question: DNSQuestion
    /// The name asked for in the current step (the chain's current end).
    var name: String
    var visited: Set<String>
    var records: [DNSResourceRecord] = []
    var hops = 0
    var usedTCP = false
    var responded = false
    var lastRcode: DNSRcode?

    init(index: Int, question: DNSQuestion, name: String) {
        self.index = index
        self.question = question
        self.name = name
        visited = [name]
    }
}

/// One query on the wire: a socket, an ID, a deadline.
private final class Exchange {
    let lookup: Lookup
    let tcp: Bool
    let attempt: Int
    let id: UInt16
    let fd: Int32
    let deadline: UInt64
    /// The shared UDP socket the query went out on (batched I/O), or nil when `fd` is its own.
    let shared: SharedSocket?
    /// Batched I/O: what the shared socket's last read brought this query, if anything.
    var ready: Outcome?
    /// The reason the last unusable answer was rejected (garbage, wrong ID, wrong question).
    var rejected: String?
    /// TCP: the length-prefixed query, how much of it is sent, what has been read.
    var framed: [UInt8] = []
    var sent = 0
    var connected = false
    var received: [UInt8] = []

    init(
        lookup: Lookup, tcp: Bool, attempt: Int, id: UInt16, fd: Int32, deadline: UInt64, rejected: String?,
        shared: SharedSocket? = nil
    ) {
        self.lookup = lookup
        self.tcp = tcp
        self.attempt = attempt
        self.id = id
        self.fd = fd
        self.deadline = deadline
        self.rejected = rejected
        self.shared = shared
    }
}

/// Random query IDs from the kernel's generator, a kilobyte per system call instead of one call
/// per ID (`UInt16.random` asks `getrandom` every time).
struct QueryIDs {
    private var pool = [UInt16](repeating: 0, count: 512)
    private var used = 512

    mutating func next() -> UInt16 {
        if used == pool.count {
            #if os(Linux)
                let filled = pool.withUnsafeMutableBytes { lync_getrandom($0.baseAddress, $0.count, 0) }
                if filled != pool.count * 2 {
                    for index in pool.indices { pool[index] = UInt16.random(in: 0...UInt16.max) }
                }
            #else
                for index in pool.indices { pool[index] = UInt16.random(in: 0...UInt16.max) }
            #endif
            used = 0
        }
        defer { used += 1 }
        return pool[used]
    }
}

/// Batched I/O: a connected UDP socket that carries many queries to one server at once, told
/// apart by their IDs. Queries waiting to go out are sent together with one `sendmmsg`.
private final class SharedSocket {
    let fd: Int32
    /// The queries in flight on this socket, by ID.
    var waiting: [UInt16: Exchange] = [:]
    /// IDs of queries already answered, failed or timed out: a late or repeated answer to one of
    /// them is dropped, not held against the queries still waiting.
    var retired: Set<UInt16> = []
    /// Queries not yet sent, and their messages end to end in `outboxBytes`.
    var outbox: [(exchange: Exchange, start: Int, count: Int)] = []
    var outboxBytes: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    /// A random ID no query in flight on this socket has, nor a recent one.
    func freshID(_ ids: inout QueryIDs) -> UInt16 {
        if retired.count > 16_384 { retired.removeAll(keepingCapacity: true) }
        while true {
            let id = ids.next()
            if waiting[id] == nil && !retired.contains(id) { return id }
        }
    }

    /// Takes a query off the socket: its ID is retired.
    func remove(_ exchange: Exchange) {
        if waiting[exchange.id] === exchange {
            waiting[exchange.id] = nil
            retired.insert(exchange.id)
        }
    }
}

/// What servicing a socket produced.
private enum Outcome {
    case pending
    case response(LDNSPacket)
    case attemptFailed(DNSError)
}

/// Runs a batch of questions to completion on the calling thread.
///
/// Every UDP socket is nonblocking and `connect`ed to its server, so the kernel drops datagrams
/// from anyone else. Two ways to use them, with the same answers (DNSResolverTests compare them,
/// hostile servers included):
/// - batched (the default on Linux): a few sockets per server (one per 32 queries in flight,
///   at most 16) each carry many queries, told apart by random IDs unique on the socket; the
///   queries made ready in one turn of the loop go out in one `sendmmsg` per socket and answers
///   come in by `recvmmsg`, up to 32 per call. A message no waiting query's ID claims (garbage, a
///   wrong ID) is held against every query waiting on that socket, as the reason it reports if no
///   valid answer comes; an answer to an ID already answered or abandoned is dropped. An ICMP
///   error (a closed port) fails the attempt of every query waiting on the socket.
/// - plain: every query in flight has a socket of its own (so each answer belongs to exactly one
///   query); a UDP socket whose query got a valid answer is reused for a later query to the same
///   server, one whose query failed or timed out is closed (a late answer could still arrive).
/// One `poll` loop drives all of them: up to `concurrency` lookups are in flight at once, so a
/// batch of thousands finishes in a few round trips. Truncated UDP answers are repeated over TCP
/// (a socket per query) on the same loop; SERVFAIL, REFUSED, time-outs and refused connections are
/// retried `retries` times.
final class DNSEngine {
    let timeout: UInt64
    let timeoutSeconds: Double
    let retries: Int
    let concurrency: Int
    let maximumChainLength: Int
    let udpSize: UInt16
    let batched: Bool
    let progress: (@Sendable (Int, Int) -> Void)?

    private var results: [DNSAnswer?] = []
    private var active: [Exchange] = []
    private var completed = 0
    private var lastProgress: UInt64 = 0
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    /// Connected UDP sockets whose last query got a valid answer, per server, ready for the next.
    private var idleSockets: [DNSServer: [Int32]] = [:]
    /// Batched I/O: the shared sockets of each server, and which one takes the next query.
    private var sharedSockets: [DNSServer: [SharedSocket]] = [:]
    private var nextShared: [DNSServer: Int] = [:]
    /// Batched I/O: receive buffers and headers for `recvmmsg`.
    private lazy var receiveArea = ReceiveArea(count: Self.receiveBatch, size: 65_536)
    private var ids = QueryIDs()
    /// Batched I/O: a query failed before `poll` (a send error): poll without waiting.
    private var failedBeforePoll = false

    /// Datagrams read per `recvmmsg` call.
    static let receiveBatch = 32
    /// Queries in flight per shared socket: 32 answers of up to 1232 bytes fit a default
    /// receive buffer (212,992 bytes on Linux) with room to spare.
    static let queriesPerSharedSocket = 32

    init(
        timeout: Double, retries: Int, concurrency: Int, maximumChainLength: Int, udpSize: UInt16,
        batched: Bool = DNSEngine.batchingAvailable, progress: (@Sendable (Int, Int) -> Void)?
    ) {
        self.timeoutSeconds = timeout
        self.timeout = UInt64(max(0.001, timeout) * 1e9)
        self.retries = max(0, retries)
        self.concurrency = max(1, concurrency)
        self.maximumChainLength = maximumChainLength
        self.udpSize = udpSize
        self.batched = batched && Self.batchingAvailable
        self.progress = progress
    }

    /// sendmmsg/recvmmsg exist on Linux only.
    static var batchingAvailable: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }

    func run(_ questions: [DNSQuestion]) -> [DNSAnswer] {
        results = Array(repeating: nil, count: questions.count)
        var next = 0
        var pollSet: [pollfd] = []
        while completed < questions.count {
            while active.count < concurrency && next < questions.count {
                start(index: next, question: questions[next])
                next += 1
            }
            if active.isEmpty { continue }

            flushSharedSockets()

            let now = Self.now()
            let soonest = active.map(\.deadline).min() ?? now
            var waitMilliseconds = soonest > now ? Int32(min(60_000, (soonest - now + 999_999) / 1_000_000)) : 0
            if failedBeforePoll { waitMilliseconds = 0 }
            failedBeforePoll = false
            pollSet.removeAll(keepingCapacity: true)
            // Shared sockets first (batched I/O), then one entry per query with a socket of its own.
            var polledShared: [SharedSocket] = []
            for sockets in sharedSockets.values {
                for socket in sockets where !socket.waiting.isEmpty || !socket.outbox.isEmpty {
                    let events = Int16(POLLIN) | (socket.outbox.isEmpty ? 0 : Int16(POLLOUT))
                    pollSet.append(pollfd(fd: socket.fd, events: events, revents: 0))
                    polledShared.append(socket)
                }
            }
            for exchange in active where exchange.shared == nil {
                var events = Int16(POLLIN)
                if exchange.tcp && (!exchange.connected || exchange.sent < exchange.framed.count) {
                    events |= Int16(POLLOUT)
                }
                pollSet.append(pollfd(fd: exchange.fd, events: events, revents: 0))
            }
            let ready = poll(&pollSet, nfds_t(pollSet.count), waitMilliseconds)
            if ready < 0 && errno != EINTR {
                let error = DNSError.network("poll", errno: errno)
                for exchange in active {
                    discard(exchange)
                    finish(exchange.lookup, error: error)
                }
                active.removeAll()
                continue
            }
            if ready > 0 {
                for (socket, entry) in zip(polledShared, pollSet) where entry.revents != 0 {
                    if entry.revents & Int16(POLLOUT) != 0 { flush(socket) }
                    if entry.revents & ~Int16(POLLOUT) != 0 { drain(socket) }
                }
            }

            let current = active
            active.removeAll(keepingCapacity: true)
            let after = Self.now()
            var ownEntry = polledShared.count
            for exchange in current {
                var outcome = Outcome.pending
                if exchange.shared != nil {
                    if let result = exchange.ready {
                        outcome = result
                        exchange.ready = nil
                    }
                } else {
                    let entry = pollSet[ownEntry]
                    ownEntry += 1
                    if ready > 0 && entry.revents != 0 {
                        outcome = exchange.tcp ? serviceTCP(exchange, entry.revents) : serviceUDP(exchange)
                    }
                }
                if case .pending = outcome, exchange.deadline <= after {
                    outcome = .attemptFailed(
                        .timedOut(exchange.lookup.question.server, after: exchange.attempt, seconds: timeoutSeconds))
                }
                switch outcome {
                case .pending:
                    active.append(exchange)
                case .response(let packet):
                    release(exchange)
                    handle(packet, from: exchange)
                case .attemptFailed(let error):
                    discard(exchange)
                    retryOrFail(exchange, error)
                }
            }
        }
        progress?(completed, questions.count)
        for fds in idleSockets.values { for fd in fds { close(fd) } }
        idleSockets.removeAll()
        for sockets in sharedSockets.values { for socket in sockets { close(socket.fd) } }
        sharedSockets.removeAll()
        return results.map { $0! }
    }

    /// Ends a failed attempt's hold on its socket: its own socket is closed, a shared one keeps
    /// serving the other queries and retires the attempt's ID.
    private func discard(_ exchange: Exchange) {
        if let shared = exchange.shared {
            shared.remove(exchange)
        } else {
            close(exchange.fd)
        }
    }

    /// After a valid answer a UDP socket is kept for the next query to the same server (saving
    /// socket, connect and close per query); TCP sockets, and sockets whose query failed or timed
    /// out (a late answer could still arrive on them), are closed.
    private func release(_ exchange: Exchange) {
        if let shared = exchange.shared {
            shared.remove(exchange)
            return
        }
        let server = exchange.lookup.question.server
        if !exchange.tcp && idleSockets[server, default: []].count < concurrency {
            idleSockets[server, default: []].append(exchange.fd)
        } else {
            close(exchange.fd)
        }
    }

    // MARK: Lookups

    private func start(index: Int, question: DNSQuestion) {
        switch DNSName.normalize(question.name) {
        case .failure(let error):
            finish(Lookup(index: index, question: question, name: question.name), error: error)
        case .success(let name):
            send(Lookup(index: index, question: question, name: name), tcp: false, attempt: 1, rejected: nil)
        }
    }

    private func finish(_ lookup: Lookup, error: DNSError?) {
        results[lookup.index] = DNSAnswer(
            question: lookup.question, rcode: lookup.lastRcode, records: lookup.records, usedTCP: lookup.usedTCP,
            error: error, serverResponded: lookup.responded)
        completed += 1
        if let progress {
            let now = Self.now()
            if now - lastProgress > 100_000_000 {
                lastProgress = now
                progress(completed, results.count)
            }
        }
    }

    private func retryOrFail(_ exchange: Exchange, _ error: DNSError) {
        let lookup = exchange.lookup
        if exchange.attempt <= retries {
            send(lookup, tcp: exchange.tcp, attempt: exchange.attempt + 1, rejected: exchange.rejected)
            return
        }
        if let rejected = exchange.rejected, error.code == .timedOut || error.code == .network {
            lookup.responded = true
            finish(lookup, error: .malformed("\(rejected); no valid answer from \(lookup.question.server)"))
        } else {
            finish(lookup, error: error)
        }
    }

    private func handle(_ packet: LDNSPacket, from exchange: Exchange) {
        let lookup = exchange.lookup
        let server = lookup.question.server
        lookup.responded = true
        lookup.lastRcode = packet.rcode
        if packet.isTruncated && !exchange.tcp {
            lookup.usedTCP = true
            send(lookup, tcp: true, attempt: 1, rejected: nil)
            return
        }
        switch packet.rcode {
        case .noError, .nameError:
            break
        case .serverFailure:
            retryOrFail(exchange, .serverFailure(server))
            return
        case .refused:
            retryOrFail(exchange, .refused(server))
            return
        default:
            finish(
                lookup,
                error: DNSError(code: .unexpectedRcode, reason: "\(server) answered \(packet.rcode) for \(lookup.name)")
            )
            return
        }

        switch Self.follow(packet, lookup, maximumChainLength: maximumChainLength) {
        case .finished(let error): finish(lookup, error: error)
        case .askNext: send(lookup, tcp: false, attempt: 1, rejected: nil)
        }
    }

    /// What an accepted answer means for its lookup.
    fileprivate enum Step {
        /// The lookup is over, with this error or none.
        case finished(DNSError?)
        /// The CNAME chain leaves what this server put in the answer: ask for `lookup.name`.
        case askNext
    }

    /// Decodes the answer section and follows the CNAME chain within it, recording on `lookup`.
    /// Pure: no socket, so the fuzzing harness reads answers through exactly this code.
    fileprivate static func follow(_ packet: LDNSPacket, _ lookup: Lookup, maximumChainLength: Int) -> Step {
        var answers: [DNSResourceRecord] = []
        for record in packet.answer where record.isClassIN {
            switch record.decode() {
            case .success(let decoded): answers.append(decoded)
            case .failure(let error): return .finished(error)
            }
        }
        let type = lookup.question.type
        var current = lookup.name
        if type != .CNAME {
            while let cname = answers.first(where: { $0.name == current && $0.type == .CNAME }),
                case .target(let target) = cname.data
            {
                lookup.hops += 1
                if lookup.hops > maximumChainLength {
                    return .finished(
                        DNSError(
                            code: .cnameChainTooLong,
                            reason:
                                "the CNAME chain from \(lookup.question.name) is longer than \(maximumChainLength) steps"
                        ))
                }
                if lookup.visited.contains(target) {
                    lookup.records.append(cname)
                    return .finished(
                        DNSError(
                            code: .cnameLoop,
                            reason:
                                "CNAME loop: \(current) points back to \(target), already in the chain from \(lookup.question.name)"
                        ))
                }
                lookup.visited.insert(target)
                lookup.records.append(cname)
                current = target
            }
        }
        let finals = answers.filter { $0.name == current && $0.type == type }
        lookup.records.append(contentsOf: finals)
        if finals.isEmpty && current != lookup.name && packet.rcode == .noError {
            lookup.name = current
            return .askNext
        }
        return .finished(nil)
    }

    // MARK: Sockets

    private func send(_ lookup: Lookup, tcp: Bool, attempt: Int, rejected: String?) {
        let server = lookup.question.server
        var shared: SharedSocket?
        if batched && !tcp {
            switch sharedSocket(for: server) {
            case .success(let socket): shared = socket
            case .failure(let error):
                let exchange = Exchange(
                    lookup: lookup, tcp: false, attempt: attempt, id: 0, fd: -1, deadline: Self.now() + timeout,
                    rejected: rejected)
                retryOrFail(exchange, error)
                return
            }
        }
        let id = shared?.freshID(&ids) ?? ids.next()
        let wire: [UInt8]
        do {
            wire = try LDNSPacket.queryWire(name: lookup.name, type: lookup.question.type, id: id, udpSize: udpSize)
        } catch let error as DNSError {
            finish(lookup, error: error)
            return
        } catch {
            finish(lookup, error: DNSError(code: .ldnsStatus, reason: "\(error)"))
            return
        }
        if let shared {
            let exchange = Exchange(
                lookup: lookup, tcp: false, attempt: attempt, id: id, fd: shared.fd, deadline: Self.now() + timeout,
                rejected: rejected, shared: shared)
            shared.waiting[id] = exchange
            shared.outbox.append((exchange, shared.outboxBytes.count, wire.count))
            shared.outboxBytes.append(contentsOf: wire)
            active.append(exchange)
            return
        }
        if !tcp, let fd = idleSockets[server]?.popLast() {
            let exchange = Exchange(
                lookup: lookup, tcp: false, attempt: attempt, id: id, fd: fd, deadline: Self.now() + timeout,
                rejected: rejected)
            transmit(exchange, wire)
            return
        }
        #if canImport(Glibc)
            // Nonblocking and close-on-exec from the start: two fcntl calls fewer per query.
            let kind =
                Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let kind = tcp ? SOCK_STREAM : SOCK_DGRAM
        #endif
        let fd = socket(server.socketFamily, kind, 0)
        guard fd >= 0 else {
            finish(lookup, error: .network("socket for \(server)", errno: errno))
            return
        }
        #if !canImport(Glibc)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        #endif
        let connected = server.withSocketAddress { connect(fd, $0, $1) }
        let connectError = errno
        let exchange = Exchange(
            lookup: lookup, tcp: tcp, attempt: attempt, id: id, fd: fd, deadline: Self.now() + timeout,
            rejected: rejected)
        if connected != 0 && !(tcp && connectError == EINPROGRESS) {
            close(fd)
            retryOrFail(exchange, .network("connecting to \(server)\(tcp ? " over TCP" : "")", errno: connectError))
            return
        }
        if tcp {
            exchange.connected = connected == 0
            exchange.framed = [UInt8(wire.count >> 8), UInt8(wire.count & 0xFF)] + wire
            active.append(exchange)
        } else {
            transmit(exchange, wire)
        }
    }

    // MARK: Batched I/O

    /// The shared socket for the next query to `server`, opened on first use.
    private func sharedSocket(for server: DNSServer) -> Result<SharedSocket, DNSError> {
        let wanted = min(16, max(1, (concurrency + Self.queriesPerSharedSocket - 1) / Self.queriesPerSharedSocket))
        var sockets = sharedSockets[server, default: []]
        if sockets.count < wanted {
            switch Self.openUDP(to: server) {
            // Out of descriptors, say: the sockets already open carry the query.
            case .failure(let error) where sockets.isEmpty: return .failure(error)
            case .failure: break
            case .success(let fd):
                let socket = SharedSocket(fd: fd)
                sockets.append(socket)
                sharedSockets[server] = sockets
                return .success(socket)
            }
        }
        let index = nextShared[server, default: 0] % sockets.count
        nextShared[server] = index + 1
        return .success(sockets[index])
    }

    /// A nonblocking UDP socket connected to `server`.
    private static func openUDP(to server: DNSServer) -> Result<Int32, DNSError> {
        #if canImport(Glibc)
            let kind = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let kind = SOCK_DGRAM
        #endif
        let fd = socket(server.socketFamily, kind, 0)
        guard fd >= 0 else { return .failure(.network("socket for \(server)", errno: errno)) }
        #if !canImport(Glibc)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        #endif
        if server.withSocketAddress({ connect(fd, $0, $1) }) != 0 {
            let code = errno
            close(fd)
            return .failure(.network("connecting to \(server)", errno: code))
        }
        return .success(fd)
    }

    private func flushSharedSockets() {
        guard batched else { return }
        for sockets in sharedSockets.values { for socket in sockets where !socket.outbox.isEmpty { flush(socket) } }
    }

    /// Sends a socket's waiting queries, as many per `sendmmsg` as it takes; what the kernel
    /// cannot take now stays for the next POLLOUT.
    private func flush(_ socket: SharedSocket) {
        #if os(Linux)
            var sent = 0
            let total = socket.outbox.count
            socket.outboxBytes.withUnsafeMutableBytes { bytes in
                var vectors = [iovec](repeating: iovec(), count: total)
                var headers = [lync_mmsghdr](repeating: lync_mmsghdr(), count: total)
                vectors.withUnsafeMutableBufferPointer { vectors in
                    for (index, item) in socket.outbox.enumerated() {
                        vectors[index] = iovec(iov_base: bytes.baseAddress! + item.start, iov_len: item.count)
                        headers[index].msg_hdr.msg_iov = vectors.baseAddress! + index
                        headers[index].msg_hdr.msg_iovlen = 1
                    }
                    while sent < total {
                        let count = headers.withUnsafeMutableBufferPointer {
                            lync_sendmmsg(
                                socket.fd, $0.baseAddress! + sent, UInt32(min(1024, total - sent)), Int32(MSG_NOSIGNAL))
                        }
                        if count > 0 {
                            sent += Int(count)
                            continue
                        }
                        let code = errno
                        if code == EINTR { continue }
                        if code == EAGAIN || code == EWOULDBLOCK { break }
                        // The first unsent query carries the error; the rest go on.
                        let exchange = socket.outbox[sent].exchange
                        exchange.ready = .attemptFailed(
                            .network("sending to \(exchange.lookup.question.server)", errno: code))
                        failedBeforePoll = true
                        sent += 1
                    }
                }
            }
            if sent == total {
                socket.outbox.removeAll(keepingCapacity: true)
                socket.outboxBytes.removeAll(keepingCapacity: true)
            } else if sent > 0 {
                let offset = socket.outbox[sent].start
                socket.outbox.removeFirst(sent)
                socket.outbox = socket.outbox.map { ($0.exchange, $0.start - offset, $0.count) }
                socket.outboxBytes.removeFirst(offset)
            }
        #endif
    }

    /// Reads every datagram waiting on a shared socket and hands each to the query it answers.
    private func drain(_ socket: SharedSocket) {
        #if os(Linux)
            while true {
                let count = receiveArea.receive(socket.fd)
                if count < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    if code == EAGAIN || code == EWOULDBLOCK { return }
                    // An ICMP error (a closed port) is the socket's, not one query's: every
                    // query waiting on it has failed this attempt.
                    for exchange in socket.waiting.values where exchange.ready == nil {
                        exchange.ready = .attemptFailed(
                            .network("no answer from \(exchange.lookup.question.server)", errno: code))
                    }
                    return
                }
                for index in 0..<count {
                    receiveArea.withMessage(index) { deliver($0, on: socket) }
                }
                if count < Self.receiveBatch { return }
            }
        #endif
    }

    /// Matches one datagram to the query waiting for its ID, or holds it against every waiting
    /// query when none claims it.
    private func deliver(_ bytes: UnsafeRawBufferPointer, on socket: SharedSocket) {
        if bytes.count >= 2 {
            let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            if let exchange = socket.waiting[id] {
                guard exchange.ready == nil else { return }
                let result = check(bytes, exchange)
                if case .response = result { exchange.ready = result }
                return
            }
            if socket.retired.contains(id) { return }
        }
        for exchange in socket.waiting.values where exchange.ready == nil {
            _ = check(bytes, exchange)
        }
    }

    /// Sends a UDP query and waits for its answer, or fails the attempt.
    private func transmit(_ exchange: Exchange, _ wire: [UInt8]) {
        let written = wire.withUnsafeBytes { sendBytes(exchange.fd, $0.baseAddress, $0.count) }
        if written < 0 {
            let code = errno
            close(exchange.fd)
            retryOrFail(exchange, .network("sending to \(exchange.lookup.question.server)", errno: code))
            return
        }
        active.append(exchange)
    }

    private func serviceUDP(_ exchange: Exchange) -> Outcome {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(exchange.fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .pending }
                return .attemptFailed(.network("no answer from \(exchange.lookup.question.server)", errno: code))
            }
            let result = buffer.withUnsafeBytes { check(UnsafeRawBufferPointer(rebasing: $0[0..<count]), exchange) }
            if case .response = result { return result }
        }
    }

    private func serviceTCP(_ exchange: Exchange, _ revents: Int16) -> Outcome {
        let server = exchange.lookup.question.server
        if !exchange.connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(exchange.fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return .attemptFailed(.network("connecting to \(server) over TCP", errno: error)) }
            if revents & Int16(POLLOUT | POLLIN | POLLHUP | POLLERR) == 0 { return .pending }
            exchange.connected = true
        }
        if exchange.sent < exchange.framed.count && revents & Int16(POLLOUT) != 0 {
            let written = exchange.framed.withUnsafeBytes {
                sendBytes(exchange.fd, $0.baseAddress! + exchange.sent, $0.count - exchange.sent)
            }
            if written < 0 {
                let code = errno
                if code != EAGAIN && code != EWOULDBLOCK && code != EINTR {
                    return .attemptFailed(.network("sending to \(server) over TCP", errno: code))
                }
            } else {
                exchange.sent += written
            }
        }
        guard revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return .pending }
        let count = buffer.withUnsafeMutableBytes { recv(exchange.fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .pending }
            return .attemptFailed(.network("reading from \(server) over TCP", errno: code))
        }
        if count == 0 {
            exchange.rejected = exchange.rejected ?? "\(server) closed the TCP connection before a full answer"
            return .attemptFailed(DNSError(code: .network, reason: "\(server) closed the TCP connection"))
        }
        exchange.received.append(contentsOf: buffer[0..<count])
        guard exchange.received.count >= 2 else { return .pending }
        let length = Int(exchange.received[0]) << 8 | Int(exchange.received[1])
        guard exchange.received.count >= 2 + length else { return .pending }
        let result = exchange.received.withUnsafeBytes {
            check(UnsafeRawBufferPointer(rebasing: $0[2..<(2 + length)]), exchange)
        }
        if case .response = result { return result }
        // One answer per TCP query: anything unusable ends this attempt.
        return .attemptFailed(DNSError(code: .malformedAnswer, reason: exchange.rejected ?? "unusable TCP answer"))
    }

    /// Accepts a message only if it answers exactly this query; remembers why it refused one.
    private func check(_ bytes: UnsafeRawBufferPointer, _ exchange: Exchange) -> Outcome {
        switch Self.screen(bytes, id: exchange.id, lookup: exchange.lookup) {
        case .success(let packet): return .response(packet)
        case .failure(let reason):
            exchange.rejected = reason.text
            return .pending
        }
    }

    /// Why a message was not taken as the answer.
    fileprivate struct Rejection: Error {
        let text: String
    }

    /// Parses a message and checks it answers query `id` for `lookup`'s current step. Pure.
    fileprivate static func screen(_ bytes: UnsafeRawBufferPointer, id: UInt16, lookup: Lookup) -> Result<
        LDNSPacket, Rejection
    > {
        let server = lookup.question.server
        if bytes.count >= 2 {
            let answerID = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            if answerID != id {
                return .failure(Rejection(text: "an answer from \(server) had ID \(answerID), the query's was \(id)"))
            }
        }
        switch LDNSPacket.parse(bytes) {
        case .failure(let error):
            return .failure(
                Rejection(text: "\(server) sent \(bytes.count) bytes that are not a DNS message (\(error.reason))"))
        case .success(let packet):
            guard packet.isResponse else {
                return .failure(Rejection(text: "\(server) sent a query, not a response"))
            }
            let question = packet.question
            if question.isEmpty && packet.rcode != .noError && packet.rcode != .nameError {
                return .success(packet)
            }
            guard question.count == 1, question[0].owner == lookup.name,
                question[0].typeCode == lookup.question.type.code
            else {
                return .failure(
                    Rejection(text: "an answer from \(server) was for another question than \(lookup.name)"))
            }
            return .success(packet)
        }
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// Buffers and headers for `recvmmsg`, set up once per engine.
private final class ReceiveArea {
    let count: Int
    let size: Int
    private let buffers: UnsafeMutableRawPointer
    #if os(Linux)
        private let vectors: UnsafeMutablePointer<iovec>
        private let headers: UnsafeMutablePointer<lync_mmsghdr>
    #endif

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
        buffers = UnsafeMutableRawPointer.allocate(byteCount: count * size, alignment: 16)
        #if os(Linux)
            vectors = .allocate(capacity: count)
            headers = .allocate(capacity: count)
            for index in 0..<count {
                vectors[index] = iovec(iov_base: buffers + index * size, iov_len: size)
            }
        #endif
    }

    deinit {
        buffers.deallocate()
        #if os(Linux)
            vectors.deallocate()
            headers.deallocate()
        #endif
    }

    #if os(Linux)
        /// Reads up to `count` datagrams without waiting; the number read, or -1 with `errno` set.
        func receive(_ fd: Int32) -> Int {
            for index in 0..<count {
                headers[index] = lync_mmsghdr()
                headers[index].msg_hdr.msg_iov = vectors + index
                headers[index].msg_hdr.msg_iovlen = 1
            }
            return Int(lync_recvmmsg(fd, headers, UInt32(count), Int32(MSG_DONTWAIT), nil))
        }

        /// The bytes of datagram `index` of the last `receive`.
        func withMessage<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            body(UnsafeRawBufferPointer(start: buffers + index * size, count: Int(headers[index].msg_len)))
        }
    #endif
}

/// `send(2)` without SIGPIPE, named apart from the engine's own `send(_:tcp:attempt:rejected:)`.
private func sendBytes(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.send(fd, buffer, count, Int32(MSG_NOSIGNAL))
    #else
        Darwin.send(fd, buffer, count, 0)
    #endif
}

/// What the engine makes of one answer message to a first query, read without a socket.
///
/// For the fuzzing harness (Fuzz/FuzzDNSAnswer) and tests: the bytes go through the same screening,
/// record decoding and CNAME following a live lookup uses.
package struct DNSAnswerReading: Sendable {
    /// Why the message was not taken as the answer (not DNS, a query, another question or ID).
    package var rejected: String?
    /// The answer's response code, when it was taken.
    package var rcode: DNSRcode?
    /// Whether the engine would repeat the query over TCP.
    package var truncated = false
    /// The CNAME chain and final records learnt from this message.
    package var records: [DNSResourceRecord] = []
    /// Why the lookup would stop with an error.
    package var error: DNSError?
    /// The name the engine would ask next, when the chain leaves this answer.
    package var nextName: String?
}

/// Reads single answer messages the way ``DNSEngine`` does.
package enum DNSAnswerReader {
    /// Reads `bytes` as the answer to query `id` for `question`.
    package static func read(
        _ bytes: [UInt8], to question: DNSQuestion, id: UInt16,
        maximumChainLength: Int = DNSClient.maximumChainLength
    ) -> DNSAnswerReading {
        var reading = DNSAnswerReading()
        let name: String
        switch DNSName.normalize(question.name) {
        case .failure(let error):
            reading.error = error
            return reading
        case .success(let normalized): name = normalized
        }
        let lookup = Lookup(index: 0, question: question, name: name)
        let screened = bytes.withUnsafeBytes { DNSEngine.screen($0, id: id, lookup: lookup) }
        let packet: LDNSPacket
        switch screened {
        case .failure(let rejection):
            reading.rejected = rejection.text
            return reading
        case .success(let accepted): packet = accepted
        }
        reading.rcode = packet.rcode
        reading.truncated = packet.isTruncated
        guard !packet.isTruncated, packet.rcode == .noError || packet.rcode == .nameError else { return reading }
        switch DNSEngine.follow(packet, lookup, maximumChainLength: maximumChainLength) {
        case .finished(let error): reading.error = error
        case .askNext: reading.nextName = lookup.name
        }
        reading.records = lookup.records
        return reading
    }
}
