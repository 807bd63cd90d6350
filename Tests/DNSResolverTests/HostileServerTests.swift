import DNSResolver
import Foundation
import TestSupport
import Testing

/// The resolver against servers that do not behave: silent, failing, or sending garbage.
/// Every case must end in a `DNSError` value, never a crash or a hang.
@Suite("DNSClient against misbehaving servers")
struct HostileServerTests {
    func ask(_ handler: @escaping DNSTestResponder.Handler, retries: Int = 1, timeout: Double = 0.3) async throws
        -> (DNSAnswer, Int)
    {
        let responder = try DNSTestResponder(handler)
        defer { responder.stop() }
        let server = try DNSServer(parsing: responder.address)
        let client = DNSClient(servers: [server], timeout: timeout, retries: retries)
        let answer = await client.query(name: "www.example.test", type: .A)
        return (answer, responder.queryCount)
    }

    @Test("a server that never answers times out within timeout × attempts, after every retry")
    func silent() throws {
        let responder = try DNSTestResponder { _ in [] }
        defer { responder.stop() }
        let server = try DNSServer(parsing: responder.address)
        let client = DNSClient(servers: [server], timeout: 0.3, retries: 2)
        // Blocking on this thread, so the measurement is the resolver's own, not the scheduler's.
        let started = Date()
        let answer = client.resolveBlocking([DNSQuestion(name: "www.example.test", type: .A, server: server)])[0]
        let elapsed = Date().timeIntervalSince(started)
        #expect(answer.error?.code == .timedOut)
        #expect(!answer.serverResponded)
        #expect(answer.rcode == nil)
        #expect(responder.queryCount == 3)
        // Three attempts of 0.3 s: well under the bound, never an endless wait.
        #expect(elapsed >= 0.85 && elapsed < 3, "\(elapsed) s")
    }

    @Test("SERVFAIL is retried, then reported")
    func servfail() async throws {
        let (answer, queries) = try await ask({ [DNSTestResponder.reply(to: $0, rcode: 2)] }, retries: 2)
        #expect(answer.error?.code == .serverFailure)
        #expect(answer.rcode == .serverFailure)
        #expect(queries == 3)
    }

    @Test("REFUSED from a responder is reported as refused")
    func refused() async throws {
        let (answer, _) = try await ask({ [DNSTestResponder.reply(to: $0, rcode: 5)] })
        #expect(answer.error?.code == .refused)
    }

    @Test("garbage bytes are a malformed answer")
    func garbage() async throws {
        let (answer, _) = try await ask({ query in
            [DNSTestResponder.id(of: query)].map { id in
                [UInt8(id >> 8), UInt8(id & 0xFF)] + [UInt8](repeating: 0xFF, count: 40)
            }
        })
        #expect(answer.error?.code == .malformedAnswer)
        #expect(answer.serverResponded)
    }

    @Test("random bytes, short packets and empty datagrams are malformed answers")
    func noise() async throws {
        let (answer, _) = try await ask({ _ in
            [[], [0x01], (0..<300).map { _ in UInt8.random(in: 0...255) }]
        })
        #expect(answer.error?.code == .malformedAnswer)
    }

    @Test("an answer with the wrong ID is ignored, and reported when nothing better comes")
    func wrongID() async throws {
        let (answer, _) = try await ask({ query in
            [
                DNSTestResponder.reply(
                    to: query, rcode: 0, answers: [DNSTestResponder.aRecord([192, 0, 2, 66])],
                    id: DNSTestResponder.id(of: query) &+ 1)
            ]
        })
        #expect(answer.error?.code == .malformedAnswer)
        #expect(answer.error?.reason.contains("ID") == true)
        #expect(answer.addresses.isEmpty)
    }

    @Test("a wrong-ID answer followed by the right one: the right one wins")
    func spoofThenReal() async throws {
        let (answer, _) = try await ask({ query in
            let id = DNSTestResponder.id(of: query)
            return [
                DNSTestResponder.reply(
                    to: query, rcode: 0, answers: [DNSTestResponder.aRecord([6, 6, 6, 6])], id: id &+ 7),
                DNSTestResponder.reply(to: query, rcode: 0, answers: [DNSTestResponder.aRecord([192, 0, 2, 1])]),
            ]
        })
        #expect(answer.error == nil)
        #expect(answer.addresses == ["192.0.2.1"])
    }

    @Test("a packet cut off in the middle of a record is malformed")
    func cutOff() async throws {
        let (answer, _) = try await ask({ query in
            let full = DNSTestResponder.reply(to: query, rcode: 0, answers: [DNSTestResponder.aRecord([192, 0, 2, 1])])
            return [Array(full.dropLast(3))]
        })
        #expect(answer.error?.code == .malformedAnswer)
    }

    @Test("an A record with 3 bytes of data is malformed")
    func badRdata() async throws {
        let (answer, _) = try await ask({ query in
            let record: [UInt8] = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 1, 2, 3]
            return [DNSTestResponder.reply(to: query, rcode: 0, answers: [record])]
        })
        #expect(answer.error?.code == .malformedAnswer)
    }

    @Test("a CNAME that points at itself is a loop")
    func selfLoop() async throws {
        let (answer, _) = try await ask({ query in
            // www.example.test CNAME www.example.test (target = pointer to the question name).
            let record: [UInt8] = [0xC0, 0x0C, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 0x0C]
            return [DNSTestResponder.reply(to: query, rcode: 0, answers: [record])]
        })
        #expect(answer.error?.code == .cnameLoop)
    }

    /// A name in uncompressed wire form.
    static func wireName(_ name: String) -> [UInt8] {
        name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    @Test("an enormous CNAME chain inside one answer stops at the length limit")
    func enormousChain() async throws {
        let (answer, _) = try await ask({ query in
            var names = ["www.example.test"]
            for i in 1...200 { names.append("c\(i).example.test") }
            let records = zip(names, names.dropFirst()).map { owner, target -> [UInt8] in
                let rdata = Self.wireName(target)
                return Self.wireName(owner) + [
                    0, 5, 0, 1, 0, 0, 0, 60, UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF),
                ]
                    + rdata
            }
            var reply = DNSTestResponder.reply(to: query, rcode: 0, answers: records)
            reply[6] = UInt8(records.count >> 8)
            reply[7] = UInt8(records.count & 0xFF)
            return [reply]
        })
        #expect(answer.error?.code == .cnameChainTooLong)
        #expect(answer.cnameChain.count == DNSClient.maximumChainLength)
    }

    @Test("a truncated UDP answer from a server without TCP ends in an error")
    func truncatedWithoutTCP() async throws {
        let (answer, _) = try await ask({ [DNSTestResponder.reply(to: $0, rcode: 0, truncated: true)] })
        #expect(answer.usedTCP)
        #expect(answer.error?.code == .network)
    }

    @Test("a server on [::1]: IPv6 sockets work the same way")
    func ipv6Server() async throws {
        let responder = try DNSTestResponder(ipv6: true) { query in
            [DNSTestResponder.reply(to: query, rcode: 0, answers: [DNSTestResponder.aRecord([192, 0, 2, 6])])]
        }
        defer { responder.stop() }
        let server = try DNSServer(parsing: responder.address)
        #expect(server.family == .ipv6)
        let answer = await DNSClient(servers: [server], timeout: 2, retries: 1).query(
            name: "www.example.test", type: .A)
        #expect(answer.error == nil)
        #expect(answer.addresses == ["192.0.2.6"])
    }

    @Test("a closed port answers with ICMP: a network error, not a wait")
    func closedPort() async throws {
        // Nothing bound on UDP: a datagram there draws ICMP port unreachable.
        let port = try LoopbackPorts.allocate(udp: true)
        let server = try DNSServer(parsing: "127.0.0.1:\(port)")
        let answer = await DNSClient(servers: [server], timeout: 5, retries: 1).query(
            name: "www.example.test", type: .A)
        #expect(answer.error?.code == .network)
        #expect(!answer.serverResponded)
    }
}
