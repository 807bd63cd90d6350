import DNSResolver
import Foundation
import TestSupport
import Testing

/// The resolver against a real NSD on loopback, serving `ResolverTestZones.all`.
@Suite("DNSClient against NSD")
struct DNSClientTests {
    let nsd: NSDServer
    let client: DNSClient
    let server: DNSServer

    init() throws {
        nsd = try NSDServer(zones: ResolverTestZones.all)
        server = try DNSServer(parsing: nsd.address)
        client = DNSClient(servers: [server], timeout: 2, retries: 1)
    }

    @Test("A and AAAA records come back as addresses, the same ones drill sees")
    func addresses() async throws {
        let a = await client.query(name: "www.example.test", type: .A)
        #expect(a.error == nil)
        #expect(a.rcode == .noError)
        #expect(a.addresses == ["192.0.2.10"])
        #expect(a.records.first?.ttl == 300)
        #expect(!a.usedTCP)
        let aaaa = await client.query(name: "WWW.Example.Test.", type: .AAAA)
        #expect(aaaa.addresses == ["2001:db8::10"])
        let dual = await client.query(name: "dual.example.test", type: .A)
        #expect(Set(dual.addresses) == ["192.0.2.11", "192.0.2.12"])

        // Cross-check with ldns's own drill, an independent client.
        let drill = try runProcess("drill", ["-p", "\(nsd.port)", "@127.0.0.1", "dual.example.test", "A"])
        let drillAddresses = drill.stdout.split(separator: "\n")
            .filter { $0.hasPrefix("dual.example.test.") }
            .compactMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.map(String.init) }
        #expect(Set(drillAddresses) == Set(dual.addresses))
    }

    @Test("SRV records carry priority, weight, port and target")
    func service() async {
        let answer = await client.query(name: "_sip._tls.example.test", type: .SRV)
        #expect(answer.error == nil)
        #expect(answer.records.map(\.data) == [.service(priority: 0, weight: 0, port: 443, target: "sip.example.test")])
    }

    @Test("a CNAME query returns the CNAME itself, without following it")
    func cnameQuery() async {
        let answer = await client.query(name: "alias.example.test", type: .CNAME)
        #expect(answer.records.map(\.data) == [.target("step2.example.test")])
    }

    @Test("a CNAME chain inside the zone is followed to the address")
    func chain() async {
        let answer = await client.query(name: "alias.example.test", type: .A)
        #expect(answer.error == nil)
        #expect(answer.cnameChain == ["step2.example.test", "www.example.test"])
        #expect(answer.addresses == ["192.0.2.10"])
    }

    @Test("a CNAME into another zone is followed with a second query")
    func chainAcrossZones() async {
        let answer = await client.query(name: "away.example.test", type: .A)
        #expect(answer.error == nil)
        #expect(answer.cnameChain == ["target.other.test"])
        #expect(answer.addresses == ["198.51.100.7"])
    }

    @Test("a CNAME loop ends with a cname-loop error, not a hang")
    func loop() async {
        let answer = await client.query(name: "loop1.example.test", type: .A)
        #expect(answer.error?.code == .cnameLoop)
        #expect(answer.addresses.isEmpty)
    }

    @Test("a chain of 20 CNAMEs stops at the length limit")
    func longChain() async {
        let answer = await client.query(name: "long0.example.test", type: .A)
        #expect(answer.error?.code == .cnameChainTooLong)
        #expect(answer.cnameChain.count == DNSClient.maximumChainLength)
    }

    @Test("100 A records do not fit the UDP answer: the query is repeated over TCP")
    func truncatedOverTCP() async {
        let answer = await client.query(name: "big.example.test", type: .A)
        #expect(answer.error == nil)
        #expect(answer.usedTCP)
        #expect(answer.addresses.count == 100)
        #expect(answer.addresses.contains("10.0.0.100"))
    }

    @Test("a name that does not exist is NXDOMAIN, not an error")
    func nxdomain() async {
        let answer = await client.query(name: "nothing.example.test", type: .A)
        #expect(answer.error == nil)
        #expect(answer.rcode == .nameError)
        #expect(answer.records.isEmpty)
        let noData = await client.query(name: "sip.example.test", type: .AAAA)
        #expect(noData.rcode == .noError)
        #expect(noData.records.isEmpty)
    }

    @Test("a zone the server does not serve is REFUSED, after the retries")
    func refused() async {
        let answer = await client.query(name: "www.elsewhere.test", type: .A)
        #expect(answer.error?.code == .refused)
        #expect(answer.rcode == .refused)
        #expect(answer.serverResponded)
    }

    @Test("names that are not DNS names are refused before anything is sent")
    func invalidNames() async throws {
        let responder = try DNSTestResponder { _ in [] }
        defer { responder.stop() }
        let quiet = try DNSServer(parsing: responder.address)
        let long = String(repeating: "a", count: 64) + ".test"
        for name in ["", "a..b", "bad name.test", "x\\046y.test", long, String(repeating: "abc.", count: 70), "é.test"]
        {
            let answer = await client.query(name: name, type: .A, server: quiet)
            #expect(answer.error?.code == .invalidName, "\(name)")
        }
        #expect(responder.queryCount == 0)
    }

    @Test("a thousand questions in one batch all come back, in order")
    func batch() async {
        let names = ["www", "dual", "sip", "alias", "nothing"]
        let questions = (0..<1000).map {
            DNSQuestion(name: "\(names[$0 % names.count]).example.test", type: .A, server: server)
        }
        let answers = await DNSClient(servers: [server], timeout: 2, retries: 2, concurrency: 200).resolve(questions)
        #expect(answers.count == 1000)
        #expect(answers.allSatisfy { $0.error == nil })
        #expect(zip(questions, answers).allSatisfy { $0.name == $1.question.name })
        #expect(answers[0].addresses == ["192.0.2.10"])
        #expect(answers[4].rcode == .nameError)
    }
}
