import Foundation
import TestSupport
import Testing

/// `audit --connect` and `verify` against loopback servers that close, reset or drip: the run
/// ends, names the endpoint as failed and exits with the documented code (3: no handshake or
/// request succeeded), never killed by SIGPIPE (exit 141) and never longer than --timeout allows.
/// Processes (`runLynccertProcess`): SIGPIPE is a process's fate, not a run's.
@Suite("hostile servers: audit --connect and verify", .serialized)
struct HostileNetworkTests {
    static let audit = AuditFixture.self

    func runAudit(_ server: HostileTCPServer, timeout: String = "2") throws -> (ProcessResult, TimeInterval) {
        let start = Date()
        let result = try runLynccertProcess(
            [
                "audit", Self.audit.topology, "--cert", "reverse-proxy", "--connect", server.address,
                "--timeout", timeout,
            ], timeout: 120)
        return (result, Date().timeIntervalSince(start))
    }

    @Test(
        "a server that closes or resets every connection: exit 3 naming the endpoint, no SIGPIPE",
        arguments: [
            HostileTCPServer.Behaviour.close, .reset, .readThenReset,
        ])
    func closingServerAudit(_ behaviour: HostileTCPServer.Behaviour) throws {
        let server = try HostileTCPServer(behaviour)
        // Several rounds: whether a write meets the peer's RST is a race, so one run may miss it.
        for _ in 0..<3 {
            let (result, _) = try runAudit(server)
            #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
            #expect(
                result.stderr.contains("cannot audit \(server.address): no handshake succeeded"), "\(result.stderr)")
        }
    }

    /// verify's address answers TCP here, so it is not "unreachable" (exit 3): every check
    /// fails naming the handshake that failed, exit 1.
    @Test(
        "verify against a server that closes or resets every connection: every check fails, exit 1, no SIGPIPE",
        arguments: [HostileTCPServer.Behaviour.close, .readThenReset])
    func closingServerVerify(_ behaviour: HostileTCPServer.Behaviour) throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let server = try HostileTCPServer(behaviour)
        for _ in 0..<3 {
            let result = try runLynccertProcess(
                ["verify", topology, "--connect", server.address, "--http-port", "\(server.port)", "--timeout", "2"],
                timeout: 120)
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            #expect(result.stdout.contains("TLS handshake with \(server.address) (SNI webext.contoso.com) failed"))
            #expect(result.stdout.contains(" 0 ok,"), "\(result.stdout)")
        }
    }

    @Test(
        "a server dripping a byte every half second: --timeout 2 bounds each whole handshake, the run reports a time-out"
    )
    func drippingServerAudit() throws {
        let server = try HostileTCPServer(.drip(interval: 0.5, maxBytes: 240))
        let (result, elapsed) = try runAudit(server)
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("timed out after 2 s"), "\(result.stderr)")
        // Seven handshakes, 16 at a time, 2 s each: far less than the 120 s a drip would last.
        #expect(elapsed < 60, "took \(elapsed) s")
    }

    @Test("verify against a dripping server: each request and handshake ends at --timeout, every check fails")
    func drippingServerVerify() throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let server = try HostileTCPServer(.drip(interval: 0.5, maxBytes: 240))
        let start = Date()
        let result = try runLynccertProcess(
            ["verify", topology, "--connect", server.address, "--http-port", "\(server.port)", "--timeout", "2"],
            timeout: 120)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stdout.contains("(SNI webext.contoso.com) failed: timed out after 2 s"), "\(result.stdout)")
        #expect(result.stdout.contains("no answer in time"), "\(result.stdout)")
        #expect(Date().timeIntervalSince(start) < 60)
    }
}
