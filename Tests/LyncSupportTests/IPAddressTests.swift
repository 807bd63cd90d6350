import LyncSupport
import Testing

/// The IP address helper: parsing, canonical text, private ranges and CIDR containment.
///
/// Vectors: RFC 4291 §2.2 text forms, RFC 5952 §4 canonical forms, RFC 1918 / RFC 4193 ranges.
@Suite("IPAddress and IPNetwork")
struct IPAddressTests {
    @Test(
        "valid addresses and their canonical text",
        arguments: [
            ("192.0.2.1", "192.0.2.1"),
            ("0.0.0.0", "0.0.0.0"),
            ("255.255.255.255", "255.255.255.255"),
            ("2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // RFC 5952 §4.2.3: first longest run
            ("2001:0db8::0001", "2001:db8::1"),
            ("::1", "::1"),
            ("::", "::"),
            ("fe80::", "fe80::"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // §4.2.2: one zero group is not "::"
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::13.1.68.3", "::d01:4403"),
        ])
    func valid(input: String, canonical: String) {
        #expect(IPAddress(input)?.description == canonical)
    }

    @Test(
        "malformed text is refused",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1.2.3.4/24", "a.b.c.d",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", ":1", "1:", "::1.2.3", "g::1", "1.2.3.4:80",
        ])
    func invalid(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test(
        "private ranges",
        arguments: [
            ("10.0.0.1", true), ("172.16.0.1", true), ("172.31.255.255", true), ("172.32.0.1", false),
            ("172.15.255.255", false), ("192.168.0.1", true), ("192.169.0.1", false), ("127.0.0.1", true),
            ("169.254.10.1", true), ("203.0.113.10", false), ("131.107.155.10", false), ("fc00::1", true),
            ("fd12:3456::1", true), ("fe80::1", true), ("febf::1", true), ("fec0::1", false), ("::1", true),
            ("2001:db8::1", false), ("::ffff:10.1.1.1", true), ("::ffff:198.51.100.7", false),
        ])
    func privateRanges(input: String, expected: Bool) throws {
        let address = try #require(IPAddress(input))
        #expect(address.isPrivate == expected)
    }

    @Test("family decides A versus AAAA; ordering puts IPv4 first")
    func family() {
        #expect(IPAddress("192.0.2.1")?.family == .v4)
        #expect(IPAddress("2001:db8::1")?.family == .v6)
        #expect(IPAddress("192.0.2.1")! < IPAddress("192.0.2.2")!)
        #expect(IPAddress("255.255.255.255")! < IPAddress("::")!)
    }

    @Test("CIDR containment, masking and netmask")
    func networks() throws {
        let net = try #require(IPNetwork("192.168.10.0/24"))
        #expect(net.contains(IPAddress("192.168.10.5")!))
        #expect(!net.contains(IPAddress("192.168.11.5")!))
        #expect(!net.contains(IPAddress("::ffff:192.168.10.5")!))
        #expect(net.netmask.description == "255.255.255.0")
        #expect(IPNetwork("172.25.33.0/20")?.description == "172.25.32.0/20")
        #expect(IPNetwork("172.25.33.0/20", strict: true) == nil)
        #expect(IPNetwork("10.0.0.0/8")!.contains(net) == false)
        #expect(IPNetwork("192.168.0.0/16")!.contains(net))
        #expect(!net.contains(IPNetwork("192.168.0.0/16")!))
        #expect(IPNetwork("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!IPNetwork("2001:db8::/32")!.contains(IPAddress("2001:db9::1")!))
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPAddress("203.0.113.10")!))
        #expect(IPNetwork("192.0.2.7")?.prefixLength == 32)
        #expect(IPNetwork("fe80::/10")?.netmask.description == "ffc0::")
        for bad in ["192.168.10.0/33", "192.168.10.0/", "192.168.10.0/-1", "::/129", "x/8", "1.2.3.4/8/8"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test(
        "private addresses",
        arguments: [
            ("10.0.0.1", true), ("172.16.5.4", true), ("172.32.0.1", false), ("192.168.1.1", true),
            ("100.64.0.1", true), ("127.0.0.1", true), ("169.254.1.1", true), ("203.0.113.10", false),
            ("198.51.100.7", false), ("fd00::1", true), ("fc12:3456::1", true), ("fe80::1", true), ("::1", true),
            ("2001:db8::1", false), ("::ffff:10.0.0.1", true), ("::ffff:203.0.113.1", false),
            ("100.127.255.254", true), ("100.128.0.1", false), ("100.63.255.255", false), ("::ffff:100.64.1.1", true),
            ("0.0.0.0", true),
        ])
    func privateAddresses(address: String, isPrivate: Bool) {
        // The one private test: the plan refuses to publish, dns check warns, the importer flags.
        #expect(IPAddress(address)?.isPrivate == isPrivate)
    }
}
