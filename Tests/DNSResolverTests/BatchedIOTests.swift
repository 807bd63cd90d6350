import DNSResolver
import Foundation
import TestSupport
import Testing

/// Batched I/O (shared sockets, sendmmsg/recvmmsg) must give exactly the answers of one socket
/// per query, against a real NSD and against servers that misbehave.
@Suite("DNSClient: batched and plain I/O give the same answers")
struct BatchedIOTests {
    /// What must agree between the two ways: everything but the random IDs inside messages, and
    /// whether TCP was used (NSD's response rate limiting truncates some of a flood of identical
    /// questions, whichever way they are sent; the tests check TCP where the answer is too big).
    struct Essentials: Equatable, CustomStringConvertible {
        var name: String
        var rcode: DNSRcode?
        var records: [DNSResourceRecord]
        var errorCode: DNSError.Code?
        var errorReason: String?
        var serverResponded: Bool

        init(_ answer: DNSAnswer) {
            name = answer.question.name
            rcode = answer.rcode
            records = answer.records
            errorCode = answer.error?.code
            // IDs are random: compare the reason with its numbers blanked.
            errorReason = answer.error.map {
                $0.reason.replacingOccurrences(of: #"\d+"#, with: "#", options: .regularExpression)
            }
            serverResponded = answer.serverResponded
        }

        var description: String {
            "\(name): \(rcode.map { "\($0)" } ?? "-") \(records) \(errorCode.map { "\($0)" } ?? "") \(errorReason ?? "")"
        }
    }

    static func both(
        _ questions: [DNSQuestion], server: DNSServer, timeout: Double = 2, retries: Int = 1,
        concurrency: Int = 256
    ) -> (batched: [DNSAnswer], plain: [DNSAnswer]) {
        let batched = DNSClient(
            servers: [server], timeout: timeout, retries: retries, concurrency: concurrency, batchedIO: true
        ).resolveBlocking(questions)
        let plain = DNSClient(
            servers: [server], timeout: timeout, retries: retries, concurrency: concurrency, batchedIO: false
        ).resolveBlocking(questions)
        return (batched, plain)
    }

    @Test("2,120 questions against NSD: addresses, SRV, CNAME chains, loops, NXDOMAIN and TCP fallback agree")
    func againstNSD() throws {
        // 2,000 distinct names (NSD rate-limits a flood of one question: at most 10 of each here).
        var bulk = ""
        for i in 0..<1_000 { bulk += "h\(i) IN A 10.1.\(i / 256).\(i % 256)\nc\(i) IN CNAME h\(i)\n" }
        var zones = ResolverTestZones.all
        zones["bulk.test"] = ResolverTestZones.zone("bulk.test", bulk)
        let nsd = try NSDServer(zones: zones)
        let server = try DNSServer(parsing: nsd.address)
        let kinds: [(String, DNSQueryType)] = [
            ("www.example.test", .A), ("www.example.test", .AAAA), ("dual.example.test", .A),
            ("alias.example.test", .A), ("away.example.test", .A), ("loop1.example.test", .A),
            ("_sip._tls.example.test", .SRV), ("alias.example.test", .CNAME), ("nothing.example.test", .A),
            ("long0.example.test", .A), ("big.example.test", .A), ("nowhere.invalid", .A),
        ]
        let questions =
            (0..<120).map { i in
                DNSQuestion(name: kinds[i % kinds.count].0, type: kinds[i % kinds.count].1, server: server)
            }
            + (0..<2_000).map { i in
                DNSQuestion(name: i % 2 == 0 ? "h\(i / 2).bulk.test" : "c\(i / 2).bulk.test", type: .A, server: server)
            }
        let (batched, plain) = Self.both(questions, server: server)
        #expect(batched.count == questions.count)
        #expect(zip(batched, questions).allSatisfy { $0.question == $1 })
        let differing = zip(batched, plain).filter { Essentials($0) != Essentials($1) }
        #expect(
            differing.isEmpty,
            "\(differing.count) differ, first \(differing.prefix(2).map { "\(Essentials($0)) vs \(Essentials($1))" })")
        // The answers are real ones, not two identical failures.
        #expect(batched[0].addresses == ["192.0.2.10"])
        #expect(batched[3].addresses == ["192.0.2.10"] && batched[3].cnameChain.count == 2)
        #expect(batched[5].error?.code == .cnameLoop)
        #expect(batched[8].rcode == .nameError)
        #expect(batched[10].usedTCP && batched[10].addresses.count == 100)
        #expect(plain[10].usedTCP && plain[10].addresses.count == 100)
        #expect(batched[11].error?.code == .refused)
        #expect(batched.filter { $0.error == nil }.count == questions.count - 3 * 10)
        #expect(batched[121].addresses == ["10.1.0.0"] && batched[121].cnameChain == ["h0.bulk.test"])
        #expect(batched[2_119].addresses == ["10.1.3.231"])
    }

    /// A responder that misbehaves differently by question: the question's first label picks.
    static func hostile(_ query: [UInt8]) -> [[UInt8]] {
        let id = DNSTestResponder.id(of: query)
        let label =
            query.count > 13 ? String(decoding: query[13..<min(query.count, 13 + Int(query[12]))], as: UTF8.self) : ""
        let good = DNSTestResponder.reply(to: query, rcode: 0, answers: [DNSTestResponder.aRecord([192, 0, 2, 1])])
        switch label {
        case "good": return [good]
        case "garbage": return [[UInt8(id >> 8), UInt8(id & 0xFF)] + [UInt8](repeating: 0xFF, count: 40)]
        case "wrongid":
            return [
                DNSTestResponder.reply(
                    to: query, rcode: 0, answers: [DNSTestResponder.aRecord([6, 6, 6, 6])], id: id &+ 1)
            ]
        case "spoofthenreal":
            return [
                DNSTestResponder.reply(
                    to: query, rcode: 0, answers: [DNSTestResponder.aRecord([6, 6, 6, 6])], id: id &+ 7),
                good,
            ]
        case "cut": return [Array(good.dropLast(3))]
        case "servfail": return [DNSTestResponder.reply(to: query, rcode: 2)]
        case "truncated": return [DNSTestResponder.reply(to: query, rcode: 0, truncated: true)]
        case "twice": return [good, good]
        case "silent": return []
        default: return [[], [0x01]]
        }
    }

    @Test("one hostile question at a time: garbage, wrong IDs, cut and truncated answers, silence agree")
    func hostileAlone() throws {
        let responder = try DNSTestResponder(Self.hostile)
        defer { responder.stop() }
        let server = try DNSServer(parsing: responder.address)
        for label in [
            "good", "garbage", "wrongid", "spoofthenreal", "cut", "servfail", "truncated", "twice", "silent", "noise",
        ] {
            let question = [DNSQuestion(name: "\(label).example.test", type: .A, server: server)]
            let (batched, plain) = Self.both(question, server: server, timeout: 0.3)
            #expect(Essentials(batched[0]) == Essentials(plain[0]), "\(label)")
        }
    }

    @Test("many questions in flight on shared sockets: good answers stay good among hostile ones")
    func hostileMixed() throws {
        let responder = try DNSTestResponder(Self.hostile)
        defer { responder.stop() }
        let server = try DNSServer(parsing: responder.address)
        // Good answers among wrong IDs and duplicates only: every question gets its own answer.
        let labels = ["good", "wrongid", "spoofthenreal", "twice", "servfail", "truncated"]
        // 64 in flight and 1.5 s per attempt: the one-thread responder keeps up on a loaded
        // machine, so no answer is late in one way and on time in the other.
        let questions = (0..<300).map {
            DNSQuestion(name: "\(labels[$0 % labels.count]).example.test", type: .A, server: server)
        }
        let (batched, plain) = Self.both(questions, server: server, timeout: 1.5, concurrency: 64)
        for (index, (b, p)) in zip(batched, plain).enumerated() {
            let label = labels[index % labels.count]
            #expect(b.error?.code == p.error?.code, "\(index) \(label): \(Essentials(b)) vs \(Essentials(p))")
            #expect(b.records == p.records, "\(index) \(label)")
        }
        #expect(
            batched.enumerated().allSatisfy { index, answer in
                switch labels[index % labels.count] {
                case "good", "spoofthenreal", "twice": answer.addresses == ["192.0.2.1"] && answer.error == nil
                case "wrongid": answer.error?.code == .malformedAnswer || answer.error?.code == .timedOut
                case "servfail": answer.error?.code == .serverFailure
                default: answer.usedTCP && answer.error?.code == .network
                }
            })
    }

    @Test("a closed port: every query fails with a network error, batched or not")
    func closedPort() throws {
        let server = try DNSServer(parsing: "127.0.0.1:\(try LoopbackPorts.allocate(udp: true))")
        let questions = (0..<50).map { DNSQuestion(name: "q\($0).example.test", type: .A, server: server) }
        let (batched, plain) = Self.both(questions, server: server, timeout: 5)
        // The reason may say "sending" or "no answer": the kernel reports the refusal on whichever
        // call on the socket comes next.
        #expect(batched.allSatisfy { $0.error?.code == .network && !$0.serverResponded })
        #expect(plain.allSatisfy { $0.error?.code == .network && !$0.serverResponded })
    }
}
