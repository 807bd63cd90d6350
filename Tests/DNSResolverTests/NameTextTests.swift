import DNSResolver
import Testing

/// The resolver reads names from answers without `ldns_rdf2str`; it must give ldns's text.
@Suite("Domain names from answers: direct reading agrees with ldns_rdf2str")
struct NameTextTests {
    static func wire(_ labels: [[UInt8]]) -> [UInt8] { labels.flatMap { [UInt8($0.count)] + $0 } + [0] }

    @Test("every byte value, alone in a label and inside one, reads as ldns writes it")
    func everyByte() {
        for byte in UInt8.min...UInt8.max {
            for labels in [[[byte]], [Array("a".utf8) + [byte] + Array("Z".utf8), Array("example".utf8)]] {
                let (fast, plain) = DNSNameTextComparison.both(Self.wire(labels))
                #expect(fast != nil)
                #expect(fast == plain, "byte \(byte)")
            }
        }
    }

    @Test("ordinary, upper-case, root and longest names agree; the text is lower case without the final dot")
    func names() {
        let cases: [[[UInt8]]] = [
            [], [Array("WWW".utf8), Array("Example".utf8), Array("TEST".utf8)],
            [Array("_sip".utf8), Array("_tls".utf8), Array("contoso".utf8), Array("com".utf8)],
            [
                [UInt8](repeating: 0x61, count: 63), [UInt8](repeating: 0x42, count: 63),
                [UInt8](repeating: 0x63, count: 63), [UInt8](repeating: 0x64, count: 61),
            ],
        ]
        for labels in cases {
            let (fast, plain) = DNSNameTextComparison.both(Self.wire(labels))
            #expect(fast == plain)
        }
        #expect(DNSNameTextComparison.both(Self.wire([])).fast == "")
        #expect(
            DNSNameTextComparison.both(Self.wire([Array("WWW".utf8), Array("Example".utf8)])).fast == "www.example")
    }

    @Test("random names agree")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var labels: [[UInt8]] = []
            var total = 1
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let label = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                if total + label.count + 1 > 255 { break }
                total += label.count + 1
                labels.append(label)
            }
            let (fast, plain) = DNSNameTextComparison.both(Self.wire(labels))
            #expect(fast == plain, "\(labels)")
        }
    }
}
