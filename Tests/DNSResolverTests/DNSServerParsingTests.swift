import DNSResolver
import Foundation
import TestSupport
import Testing

@Suite("DNSServer: ADDR[:PORT] parsing")
struct DNSServerParsingTests {
    @Test(
        "accepts IPv4 and IPv6 literals, with and without a port",
        arguments: [
            ("127.0.0.1", "127.0.0.1", UInt16(53), DNSServer.Family.ipv4),
            ("127.0.0.1:5353", "127.0.0.1", 5353, .ipv4),
            ("::1", "::1", 53, .ipv6),
            ("[::1]:5353", "::1", 5353, .ipv6),
            ("[2001:DB8:0:0::1]", "2001:db8::1", 53, .ipv6),
            (" 192.0.2.1:53 ", "192.0.2.1", 53, .ipv4),
        ])
    func accepts(text: String, address: String, port: UInt16, family: DNSServer.Family) throws {
        let server = try DNSServer(parsing: text)
        #expect(server.address == address)
        #expect(server.port == port)
        #expect(server.family == family)
    }

    @Test(
        "refuses names, bad ports and broken brackets",
        arguments: [
            "", "dns.example.com", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:x", "[::1",
            "[::1]5353", "300.1.1.1", "1.2.3.4:53:53",
        ])
    func refuses(text: String) {
        #expect {
            try DNSServer(parsing: text)
        } throws: { error in
            (error as? DNSError)?.code == .invalidServer
        }
    }

    @Test("prints IPv6 servers in brackets so the port stays readable")
    func description() throws {
        #expect(try DNSServer(parsing: "[::1]:5353").description == "[::1]:5353")
        #expect(try DNSServer(parsing: "127.0.0.1").description == "127.0.0.1:53")
        #expect(try DNSServer(parsing: "127.0.0.1").isLoopback)
    }
}

@Suite("TSIG key files (BIND key clause)")
struct TSIGKeyFileTests {
    @Test("tsig-keygen's output is read: name, algorithm, secret")
    func tsigKeygenOutput() throws {
        let result = try runProcess("/usr/sbin/tsig-keygen", ["-a", "hmac-sha256", "acme-update"])
        try #require(result.status == 0)
        let key = try #require(TSIGKey(bindKeyFile: result.stdout))
        #expect(key.name == "acme-update")
        #expect(key.algorithm == "hmac-sha256")
        #expect(Data(base64Encoded: key.secret)?.count == 32)
        #expect(result.stdout.contains("secret \"\(key.secret)\";"))
    }

    @Test("text without a key clause gives no key")
    func notAKey() {
        #expect(TSIGKey(bindKeyFile: "zone \"contoso.com\" { type primary; };") == nil)
        #expect(TSIGKey(bindKeyFile: "key \"k\" { algorithm hmac-sha256; };") == nil)
    }
}
