import Testing

@testable import LyncSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IPv4 text is read byte by byte; glibc's `inet_pton` is as strict (four octets, no leading
/// zeros, at most 255) and is the independent reading it must agree with.
@Suite("IPv4 parsing agrees with inet_pton")
struct IPv4ParsingTests {
    static func pton(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    @Test("edge cases: leading zeros, 255/256, missing and extra octets, signs, spaces, non-ASCII digits")
    func edges() {
        let cases = [
            "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3.0", "10.0.0.1",
            "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "", ".", "...", "1234.1.1.1", "+1.2.3.4",
            "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.٤", "１.2.3.4", "0x1.2.3.4", "999.999.999.999", "100.64.0.1",
        ]
        for text in cases {
            #expect(IPAddress.parseIPv4(Substring(text)) == Self.pton(text), "\(text)")
        }
    }

    @Test("20,000 random strings of digits and dots")
    func random() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.....")
        var valid = 0
        for _ in 0..<20_000 {
            let text = String(
                (0..<Int.random(in: 0...16, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })
            let parsed = IPAddress.parseIPv4(Substring(text))
            #expect(parsed == Self.pton(text), "\(text)")
            if parsed != nil { valid += 1 }
        }
        // The sample reaches the accepting side too, not only refusals.
        #expect(valid > 0)
    }
}
