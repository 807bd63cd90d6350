internal import COpenSSL
import Foundation

/// What one TLS handshake returned: the served chain (DER, leaf first) and what was negotiated.
public struct TLSProbeResult: Sendable, Equatable {
    /// The SNI that was sent, or `nil`.
    public var serverName: String?
    /// The certificates the server sent, in the order sent, each as DER.
    public var chain: [[UInt8]]
    /// `TLSv1.2`, `TLSv1.3` …
    public var protocolVersion: String
    /// The negotiated cipher suite (OpenSSL's name).
    public var cipher: String
}

/// One handshake to make: where, and with which SNI.
public struct TLSProbeTarget: Sendable, Equatable {
    public var host: String
    public var port: UInt16
    /// The SNI to send; `nil` sends none.
    public var serverName: String?

    public init(host: String, port: UInt16, serverName: String?) {
        self.host = host
        self.port = port
        self.serverName = serverName
    }
}

/// A TLS client that fetches the chain a server presents, without trusting it.
///
/// `lynccert audit --connect` audits what is served; it does not decide whether to trust it, so
/// the handshake verifies nothing (`SSL_VERIFY_NONE`) and accepts every protocol version from
/// TLS 1.0 and every key size (security level 0): a Lync 2013 reverse proxy may well still speak
/// TLS 1.0 with a 1024-bit key, and the audit must see that certificate to report it.
public enum TLSProbe {
    /// Connects, sends `serverName` as SNI (or none), completes the handshake and returns the chain.
    ///
    /// - Parameters:
    ///   - timeout: seconds for the whole exchange: TCP connect and TLS handshake together.
    /// - Throws: `CryptoError` `.io` when the TCP connection cannot be made; `.openSSL` when the
    ///   handshake fails (the server's alert or OpenSSL's reason is in the error).
    public static func fetchChain(
        host: String, port: UInt16, serverName: String?, timeout: Double = 5
    ) throws(CryptoError) -> TLSProbeResult {
        try fetchChain(host: host, port: port, serverName: serverName, timeout: timeout, context: .client())
    }

    /// One handshake with a context that may be shared: `SSL_new` on one `SSL_CTX` is thread-safe.
    static func fetchChain(
        host: String, port: UInt16, serverName: String?, timeout: Double, context: TLSProbeContextRef
    ) throws(CryptoError) -> TLSProbeResult {
        let deadline = TLSSocket.deadline(after: timeout)
        let socket = try TLSSocket.connect(host: host, port: port, deadline: deadline, timeout: timeout)
        let connection = try TLSProbeConnectionRef(context: context)
        return try connection.withUnsafePointer { ssl throws(CryptoError) -> TLSProbeResult in
            if let serverName, lync_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
                throw CryptoError.withQueue(.malformedInput, "'\(serverName)' cannot be sent as SNI")
            }
            guard SSL_set_fd(ssl, socket.fd) == 1 else { throw CryptoError.openSSL("SSL_set_fd failed") }
            let failed = "TLS handshake with \(endpoint(host, port))\(serverName.map { " (SNI \($0))" } ?? "") failed"
            // The socket is nonblocking: each "want read/write" waits only for what is left of
            // the one deadline, so the whole handshake ends within `timeout`.
            while true {
                ERR_clear_error()
                errno = 0
                let rc = SSL_connect(ssl)
                if rc == 1 { break }
                let savedErrno = errno
                let sslError = SSL_get_error(ssl, rc)
                if sslError == SSL_ERROR_WANT_READ || sslError == SSL_ERROR_WANT_WRITE {
                    if socket.waitUntilReady(forWriting: sslError == SSL_ERROR_WANT_WRITE) { continue }
                    ERR_clear_error()
                    throw CryptoError(code: .openSSL, reason: failed + ": timed out after \(seconds(timeout))")
                }
                var reason = failed
                if sslError == SSL_ERROR_SYSCALL || (sslError == SSL_ERROR_SSL && ERR_peek_error() == 0) {
                    reason +=
                        savedErrno != 0 && savedErrno != EAGAIN
                        ? ": \(String(cString: strerror(savedErrno)))" : ": the server closed the connection"
                }
                throw CryptoError.openSSL(reason)
            }
            defer { SSL_shutdown(ssl) }
            var chain: [[UInt8]] = []
            if let stack = SSL_get_peer_cert_chain(ssl) {
                for index in 0..<lync_sk_X509_num(stack) {
                    if let cert = lync_sk_X509_value(stack, index) { chain.append(try derBytes(of: cert)) }
                }
            }
            let version = String(cString: SSL_get_version(ssl))
            let cipher = SSL_get_current_cipher(ssl).map { String(cString: SSL_CIPHER_get_name($0)) } ?? ""
            return TLSProbeResult(serverName: serverName, chain: chain, protocolVersion: version, cipher: cipher)
        }
    }

    /// Runs `targets` with at most `concurrency` handshakes at a time, each on its own thread.
    ///
    /// - Returns: one result per target, in the order of `targets`.
    public static func fetchChains(
        _ targets: [TLSProbeTarget], concurrency: Int, timeout: Double = 5
    ) async -> [Result<TLSProbeResult, CryptoError>] {
        let context: TLSProbeContextRef
        do {
            context = try .client()
        } catch {
            return targets.map { _ in .failure(error) }
        }
        return await withCheckedContinuation { continuation in
            let box = TLSProbeResults(count: targets.count)
            let workers = max(1, min(concurrency, targets.count))
            let group = DispatchGroup()
            for _ in 0..<workers {
                group.enter()
                let thread = Thread {
                    while let index = box.next() {
                        let t = targets[index]
                        let result = Result { () throws(CryptoError) -> TLSProbeResult in
                            try fetchChain(
                                host: t.host, port: t.port, serverName: t.serverName, timeout: timeout, context: context
                            )
                        }
                        box.store(result, at: index)
                    }
                    group.leave()
                }
                thread.stackSize = 512 * 1024
                thread.start()
            }
            group.notify(queue: .global()) { continuation.resume(returning: box.results()) }
        }
    }

    static func derBytes(of cert: OpaquePointer) throws(CryptoError) -> [UInt8] {
        let length = i2d_X509(cert, nil)
        guard length > 0 else { throw CryptoError.openSSL("cannot encode a served certificate as DER") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            _ = i2d_X509(cert, &cursor)
        }
        return bytes
    }

    static func endpoint(_ host: String, _ port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// The results of concurrent probes, filled from several threads.
private final class TLSProbeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [Result<TLSProbeResult, CryptoError>?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ result: Result<TLSProbeResult, CryptoError>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func results() -> [Result<TLSProbeResult, CryptoError>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(CryptoError(code: .io, reason: "not attempted")) }
    }
}

/// An owned `SSL_CTX` for a non-verifying client; never changed after creation, so it may be
/// shared by threads that each make their own `SSL`.
final class TLSProbeContextRef: @unchecked Sendable {
    private let ref: OpaquePointer

    /// Takes ownership of `ref`: it is freed with `SSL_CTX_free` when this object goes.
    private init(takingOwnership ref: OpaquePointer) { self.ref = ref }

    deinit { SSL_CTX_free(ref) }

    static func client() throws(CryptoError) -> TLSProbeContextRef {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw CryptoError.openSSL("SSL_CTX_new failed") }
        let context = TLSProbeContextRef(takingOwnership: ctx)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        SSL_CTX_set_security_level(ctx, 0)
        _ = lync_SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION)
        guard SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0") == 1 else {
            throw CryptoError.openSSL("cannot set the cipher list")
        }
        return context
    }

    func withUnsafePointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T { try body(ref) }
}

/// An owned `SSL` connection object.
final class TLSProbeConnectionRef {
    private let ref: OpaquePointer
    /// Keeps the context alive as long as the connection (OpenSSL also counts a reference).
    private let context: TLSProbeContextRef

    init(context: TLSProbeContextRef) throws(CryptoError) {
        guard let ssl = context.withUnsafePointer({ SSL_new($0) }) else { throw CryptoError.openSSL("SSL_new failed") }
        ref = ssl
        self.context = context
    }

    deinit { SSL_free(ref) }

    func withUnsafePointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T { try body(ref) }
}
