import Foundation
import TestSupport
import Testing

/// `lynccert dns query` and the flag checks of `dns check`, run as the built binary against
/// servers the tests start on loopback.
@Suite("lynccert dns query")
struct DNSQueryCommandTests {
    static let zone = """
        $ORIGIN example.test.
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
        @ IN NS ns1
        ns1 IN A 127.0.0.1
        www IN A 192.0.2.10
        alias IN CNAME www
        _sip._tls IN SRV 0 0 443 sip.example.test.

        """

    @Test("answers from NSD: addresses, followed CNAMEs, SRV fields; exit 0")
    func answers() async throws {
        let nsd = try NSDServer(zones: ["example.test": Self.zone])
        let dir = try TemporaryDirectory()
        let file = try dir.write(
            "q.txt", "# dnsperf format\nwww.example.test A\nalias.example.test\n_sip._tls.example.test SRV\n")
        let result = try await runLynccert([
            "dns", "query", "--server", nsd.address, "--file", file, "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: result.stdoutData) as! [String: Any]
        let answers = json["answers"] as! [[String: Any]]
        #expect(answers.count == 3)
        #expect((answers[0]["records"] as! [String]) == ["www.example.test. 300 IN A 192.0.2.10"])
        #expect((answers[1]["records"] as! [String]).first == "alias.example.test. 300 IN CNAME www.example.test.")
        #expect(
            (answers[2]["records"] as! [String]) == ["_sip._tls.example.test. 300 IN SRV 0 0 443 sip.example.test."])

        let text = try await runLynccert(["dns", "query", "--server", nsd.address, "nothing.example.test"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("nothing.example.test A @\(nsd.address): NXDOMAIN"))
    }

    @Test("a server that never answers: exit 3, within the time-out bound")
    func silent() async throws {
        let responder = try DNSTestResponder { _ in [] }
        defer { responder.stop() }
        let result = try await runLynccert(
            ["dns", "query", "--server", responder.address, "--timeout", "0.2", "--retries", "1", "www.example.test"],
            timeout: 30)
        #expect(result.status == 3)
        #expect(result.stderr.contains("no DNS server answered"))
        #expect(responder.queryCount == 2)
    }

    @Test("SERVFAIL is an answer but an error: exit 1 with the reason")
    func servfail() async throws {
        let responder = try DNSTestResponder { [DNSTestResponder.reply(to: $0, rcode: 2)] }
        defer { responder.stop() }
        let result = try await runLynccert(
            ["dns", "query", "--server", responder.address, "--timeout", "0.5", "--retries", "0", "www.example.test"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("SERVFAIL"))
    }

    @Test(
        "malformed --server, --timeout or --concurrency: exit 2 naming the flag",
        arguments: [
            ["--server", "dns.example.com"], ["--server", "127.0.0.1:99999"], ["--server", "[::1"],
            ["--server", "127.0.0.1", "--timeout", "0"], ["--server", "127.0.0.1", "--concurrency", "0"],
        ])
    func badFlags(flags: [String]) async throws {
        let check = try await runLynccert(["dns", "check", "topology.yaml", "--view", "external"] + flags)
        #expect(check.status == 2)
        #expect(check.stderr.contains(flags[flags.count - 2]))
        #expect(check.stdout.isEmpty)
        let query = try await runLynccert(["dns", "query", "www.example.test"] + flags)
        #expect(query.status == 2)
    }

    @Test("an unknown --view is a usage error")
    func badView() async throws {
        let result = try await runLynccert(["dns", "check", "topology.yaml", "--view", "dmz", "--server", "127.0.0.1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("view"))
    }
}
