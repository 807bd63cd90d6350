import TestSupport

/// Zone files for the resolver tests, each a complete zone NSD accepts.
enum ResolverTestZones {
    static func zone(_ origin: String, _ body: String) -> String {
        """
        $ORIGIN \(origin).
        $TTL 300
        @ IN SOA ns1.\(origin). hostmaster.\(origin). 1 3600 600 86400 300
        @ IN NS ns1.\(origin).
        ns1 IN A 127.0.0.1
        \(body)

        """
    }

    /// example.test: every record type, chains, a loop, a long chain, a large RRset.
    /// other.test: the target of a CNAME that leaves example.test.
    static var all: [String: String] {
        var big = ""
        for i in 1...100 { big += "big IN A 10.0.\(i / 256).\(i % 256)\n" }
        var long = ""
        for i in 0..<20 { long += "long\(i) IN CNAME long\(i + 1)\n" }
        long += "long20 IN A 192.0.2.99\n"
        return [
            "example.test": zone(
                "example.test",
                """
                www IN A 192.0.2.10
                www IN AAAA 2001:db8::10
                dual IN A 192.0.2.11
                dual IN A 192.0.2.12
                alias IN CNAME step2
                step2 IN CNAME www
                away IN CNAME target.other.test.
                loop1 IN CNAME loop2
                loop2 IN CNAME loop1
                _sip._tls IN SRV 0 0 443 sip.example.test.
                sip IN A 192.0.2.20
                \(big)
                \(long)
                """),
            "other.test": zone("other.test", "target IN A 198.51.100.7\n"),
        ]
    }
}
