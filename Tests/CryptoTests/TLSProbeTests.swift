import Crypto
import Foundation
import TestSupport
import Testing

@Suite("TLS probe against a loopback nginx", .serialized)
struct TLSProbeTests {
    private static let cachedCa = Cached("the TLS probe test CA") {
        try TestCA()
    }
    static var ca: TestCA { get throws { try cachedCa.value } }
    private static let cachedMain = Cached("the TLS probe main") {
        try ca.issue(
            "probe-main",
            .init(commonName: "webext.contoso.test", dnsNames: ["webext.contoso.test", "meet.contoso.test"]))
    }
    static var main: TestCA.Issued { get throws { try cachedMain.value } }
    private static let cachedOther = Cached("the TLS probe other") {
        try ca.issue(
            "probe-other", .init(commonName: "other.contoso.test", dnsNames: ["other.contoso.test"]))
    }
    static var other: TestCA.Issued { get throws { try cachedOther.value } }

    static func server() throws -> TLSServer {
        let bundle = try ca.export(main, as: .pemBundle)
        return try TLSServer(
            defaultHost: .init(names: [], certificateChain: bundle, key: main.key),
            hosts: [
                .init(names: ["webext.contoso.test", "meet.contoso.test"], certificateChain: bundle, key: main.key),
                .init(names: ["other.contoso.test"], certificateChain: other.certificate, key: other.key),
            ])
    }

    @Test("SNI selects the virtual host; the served chain is the DER openssl writes, in order")
    func servedChainPerSNI() throws {
        let server = try Self.server()
        let named = try TLSProbe.fetchChain(host: "127.0.0.1", port: server.port, serverName: "other.contoso.test")
        #expect(named.chain == [try derOf(Self.other.certificate)])
        #expect(named.serverName == "other.contoso.test")
        let none = try TLSProbe.fetchChain(host: "127.0.0.1", port: server.port, serverName: nil)
        #expect(none.chain == [try derOf(Self.main.certificate), try derOf(Self.ca.intermediateCertificate)])
        #expect(none.protocolVersion == "TLSv1.3")
        #expect(!none.cipher.isEmpty)
    }

    @Test("concurrent probes keep the order of the targets")
    func concurrentOrder() async throws {
        let server = try Self.server()
        let names = (0..<12).map { $0 % 3 == 0 ? "other.contoso.test" : "meet.contoso.test" }
        let results = await TLSProbe.fetchChains(
            names.map { TLSProbeTarget(host: "127.0.0.1", port: server.port, serverName: $0) }, concurrency: 4)
        let otherDER = try derOf(Self.other.certificate)
        for (name, result) in zip(names, results) {
            let probe = try result.get()
            #expect(probe.serverName == name)
            #expect((probe.chain.first == otherDER) == (name == "other.contoso.test"))
        }
    }

    @Test("a closed port is an I/O error naming the address")
    func refused() throws {
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let port = closed.port
        #expect(throws: CryptoError(code: .io, reason: "")) {
            try TLSProbe.fetchChain(host: "127.0.0.1", port: port, serverName: nil, timeout: 2)
        }
        do {
            _ = try TLSProbe.fetchChain(host: "127.0.0.1", port: port, serverName: nil, timeout: 2)
        } catch {
            #expect(error.reason.contains("127.0.0.1:\(port)"))
        }
    }

    @Test("a server that accepts but never answers times out")
    func silentServer() throws {
        // A listening socket nobody accepts from: the TCP handshake completes, TLS never does.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, len)
                _ = getsockname(fd, $0, &len)
            }
        }
        listen(fd, 4)
        let port = UInt16(bigEndian: addr.sin_port)
        let start = Date()
        do {
            _ = try TLSProbe.fetchChain(host: "127.0.0.1", port: port, serverName: "x.contoso.test", timeout: 0.5)
            Issue.record("the handshake should not complete")
        } catch {
            #expect(error.code == .openSSL)
            #expect(error.reason.contains("timed out"))
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
