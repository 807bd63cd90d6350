import DNSResolver
import Testing

/// Queries are written around ldns's reading of the name instead of through `ldns_pkt2wire`;
/// the bytes must be the ones ldns writes.
@Suite("Query messages: direct writing agrees with ldns_pkt2wire")
struct QueryWireTests {
    @Test("every type, names of every shape, IDs and payload sizes give ldns's bytes")
    func agree() {
        let names = [
            "www.example.test", "example.test", "a.b.c.d.e.f.g.example.test", "_sipfederationtls._tcp.contoso.com",
            "lyncdiscover.fabrikam.com", "xn--bcher-kva.example", "UPPER.Case.Example", "trailing.dot.",
            String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63) + ".test",
        ]
        var generator = SystemRandomNumberGenerator()
        for name in names {
            for type in DNSQueryType.allCases {
                for id: UInt16 in [0, 1, 0x1234, 0xFFFF, UInt16.random(in: 0...UInt16.max, using: &generator)] {
                    for size: UInt16 in [512, 1232, 4096] {
                        let (fast, plain) = DNSQueryWireComparison.both(name: name, type: type, id: id, udpSize: size)
                        #expect(fast != nil)
                        #expect(fast == plain, "\(name) \(type) \(id) \(size)")
                    }
                }
            }
        }
    }
}
