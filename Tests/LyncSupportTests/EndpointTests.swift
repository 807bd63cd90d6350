import LyncSupport
import Testing

/// `HOST[:PORT]`: the one parser behind `--connect`, `--from-endpoint`, `--dns-server` and nginx pins.
@Suite("Endpoint: HOST[:PORT] parsing")
struct EndpointTests {
    @Test(
        "accepts names, IPv4, bracketed IPv6 and bare IPv6",
        arguments: [
            ("rp.contoso.com", "rp.contoso.com", UInt16?(443)),
            ("rp.contoso.com:4443", "rp.contoso.com", 4443),
            ("203.0.113.10", "203.0.113.10", 443),
            ("203.0.113.10:8443", "203.0.113.10", 8443),
            ("[::1]:53", "::1", 53),
            ("[2001:db8::1]", "2001:db8::1", 443),
            ("2001:db8::1", "2001:db8::1", 443),
            // Without brackets the last group is part of the address, never a port.
            ("::1:53", "::1:53", 443),
            ("127.0.0.1:65535", "127.0.0.1", 65535),
            ("*", "*", 443),
        ])
    func accepts(text: String, host: String, port: UInt16?) throws {
        let endpoint = try Endpoint(parsing: text, defaultPort: 443)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test("without a default port, a text without one has none")
    func noDefault() throws {
        #expect(try Endpoint(parsing: "a.contoso.net").port == nil)
        #expect(try Endpoint(parsing: "::1").port == nil)
        #expect(try Endpoint(parsing: "[::1]:18443").port == 18443)
    }

    @Test(
        "refuses bad text and says what is wrong with it",
        arguments: [
            ("", "the host is empty"),
            (":443", "the host is empty"),
            ("[]:443", "brackets hold an IPv6 address"),
            ("host:0", "the port must be a number from 1 to 65535"),
            ("host:65536", "the port must be a number from 1 to 65535"),
            ("host:https", "the port must be a number from 1 to 65535"),
            ("host:+443", "the port must be a number from 1 to 65535"),
            ("host:", "the port must be a number from 1 to 65535"),
            ("[::1]:0", "the port must be a number from 1 to 65535"),
            ("[::1", "missing ']'"),
            ("[::1]5353", "expected ':PORT' after ']'"),
            ("[192.0.2.1]:443", "brackets hold an IPv6 address"),
            ("[rp.contoso.com]:443", "brackets hold an IPv6 address"),
            ("::1::2", "write an IPv6 address with a port as [ADDR]:PORT"),
            ("1.2.3.4:53:53", "write an IPv6 address with a port as [ADDR]:PORT"),
            ("2001:db8::g", "not an IPv6 address"),
        ])
    func refuses(text: String, reason: String) {
        #expect {
            try Endpoint(parsing: text, defaultPort: 443)
        } throws: { error in
            guard let error = error as? EndpointError else { return false }
            return error.text == text && error.reason.contains(reason) && error.description.hasPrefix("'\(text)': ")
        }
    }

    @Test("prints IPv6 hosts in brackets so the port stays readable")
    func display() {
        #expect(Endpoint(host: "::1", port: 53).description == "[::1]:53")
        #expect(Endpoint(host: "127.0.0.1", port: 5353).description == "127.0.0.1:5353")
        #expect(Endpoint(host: "rp.contoso.com", port: nil).description == "rp.contoso.com")
        #expect(Endpoint(host: "2001:db8::1", port: 443).address == IPAddress("2001:db8::1"))
        #expect(Endpoint(host: "rp.contoso.com", port: 443).address == nil)
    }
}
