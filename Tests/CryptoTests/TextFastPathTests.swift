import Foundation
import Testing

@testable import Crypto

/// Fingerprints and DN values take byte-level fast paths; they must read as the general ones.
@Suite("Fingerprint and DN text: fast paths agree with the general ones")
struct TextFastPathTests {
    @Test("colonHex is two upper-case hex digits per byte, colon-separated, for any bytes")
    func colonHex() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 20, 32, 64] {
            for _ in 0..<50 {
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
                #expect(Digest.colonHex(bytes) == expected)
            }
        }
        #expect(Digest.colonHex([0x00, 0x0F, 0xA0, 0xFF]) == "00:0F:A0:FF")
    }

    @Test("a DN value shown as is equals the escaped one: specials, edge spaces and #, controls, non-ASCII")
    func shownValues() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 .-_#,+\"\\<>;=\t\0é")
        for _ in 0..<5_000 {
            let value = String(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })
            #expect(DistinguishedName.shown(value) == DistinguishedName.escape(value), "\(value.debugDescription)")
        }
        #expect(DistinguishedName.shown("Contoso Ltd") == "Contoso Ltd")
        #expect(DistinguishedName.shown(" #x ") == "\\ #x\\ ")
        #expect(DistinguishedName.shown("#a,b") == "\\#a\\,b")
    }
}
