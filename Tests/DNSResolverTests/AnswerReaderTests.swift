import DNSResolver
import Foundation
import TestSupport
import Testing

/// `DNSAnswerReader`, the DNS fuzzing harness's way in, reads real NSD answers exactly as a lookup
/// through `DNSClient` does: the harness exercises the engine's own parsing, not a copy.
@Suite("Reading one DNS answer without a socket")
struct AnswerReaderTests {
    let nsd: NSDServer
    let server: DNSServer

    init() throws {
        nsd = try NSDServer(zones: ResolverTestZones.all)
        server = try DNSServer(parsing: nsd.address)
    }

    /// NSD's answer to a query for `name`/`type` with `id`, captured off a loopback socket.
    func answer(_ name: String, _ type: DNSQueryType, id: UInt16 = 0x4C59, from nsd: NSDServer? = nil) throws
        -> [UInt8]
    {
        let nsd = nsd ?? self.nsd
        var query: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") { query += [UInt8(label.utf8.count)] + Array(label.utf8) }
        query += [0, UInt8(type.code >> 8), UInt8(type.code & 0xFF), 0, 1]
        let socket = try #require(LoopbackUDPSocket(connectTo: nsd.port))
        socket.send(query)
        return try #require(socket.receive(timeoutMilliseconds: 5000))
    }

    func read(_ bytes: [UInt8], _ name: String, _ type: DNSQueryType, id: UInt16 = 0x4C59) -> DNSAnswerReading {
        DNSAnswerReader.read(bytes, to: DNSQuestion(name: name, type: type, server: server), id: id)
    }

    @Test("addresses, SRV, chains, loops and NXDOMAIN read as the client's lookups do")
    func sameAsClient() async throws {
        let client = DNSClient(servers: [server], timeout: 2, retries: 1)
        let questions: [(String, DNSQueryType)] = [
            ("www.example.test", .A), ("www.example.test", .AAAA), ("alias.example.test", .A),
            ("_sip._tls.example.test", .SRV), ("loop1.example.test", .A), ("nosuch.example.test", .A),
        ]
        for (name, type) in questions {
            let reading = read(try answer(name, type), name, type)
            let lookup = await client.query(name: name, type: type)
            #expect(reading.rejected == nil, "\(name) \(type)")
            #expect(reading.records == lookup.records, "\(name) \(type)")
            #expect(reading.rcode == lookup.rcode, "\(name) \(type)")
            #expect(reading.error?.code == lookup.error?.code, "\(name) \(type)")
            #expect(reading.nextName == nil, "\(name) \(type)")
        }
        #expect(read(try answer("alias.example.test", .A), "alias.example.test", .A).records.count == 3)
        #expect(read(try answer("loop1.example.test", .A), "loop1.example.test", .A).error?.code == .cnameLoop)
    }

    @Test("a CNAME that leaves the answer names the question the engine asks next")
    func chainLeavesAnswer() throws {
        // A server without other.test answers with the CNAME alone.
        let exampleOnly = try NSDServer(zones: ["example.test": try #require(ResolverTestZones.all["example.test"])])
        let reading = read(try answer("away.example.test", .A, from: exampleOnly), "away.example.test", .A)
        #expect(reading.nextName == "target.other.test")
        #expect(reading.records.map(\.description) == ["away.example.test. 300 IN CNAME target.other.test."])
        #expect(reading.error == nil)
    }

    @Test("another ID, another question, a query or a cut message is rejected, with the reason")
    func rejected() throws {
        let bytes = try answer("www.example.test", .A)
        #expect(read(bytes, "www.example.test", .A, id: 0x1111).rejected?.contains("had ID 19545") == true)
        #expect(read(bytes, "dual.example.test", .A).rejected?.contains("another question") == true)
        #expect(read(bytes, "www.example.test", .AAAA).rejected?.contains("another question") == true)
        var query = bytes
        query[2] &= 0x7F
        #expect(read(query, "www.example.test", .A).rejected?.contains("a query, not a response") == true)
        #expect(read(Array(bytes.prefix(20)), "www.example.test", .A).rejected?.contains("not a DNS message") == true)
        #expect(read([], "www.example.test", .A).rejected?.contains("not a DNS message") == true)
    }
}
