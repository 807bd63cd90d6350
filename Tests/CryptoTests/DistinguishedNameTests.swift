import Foundation
import Testing

@testable import Crypto

@Suite("Distinguished names as text", .timeLimit(.minutes(1)))
struct DistinguishedNameTests {
    static func name(_ pairs: [(String, String)]) -> DistinguishedName {
        DistinguishedName(attributes: pairs.map { DistinguishedName.Attribute(type: $0.0, oid: "", value: $0.1) })
    }

    @Test("ordinary names: RFC 4514 text, most specific first, specials escaped")
    func ordinary() {
        #expect(
            Self.name([("C", "US"), ("O", "Contoso, Ltd"), ("CN", "webext.contoso.com")]).description
                == #"CN=webext.contoso.com, O=Contoso\, Ltd, C=US"#)
        #expect(Self.name([("CN", " #a+b=c;<d>\"e\\ ")]).description == #"CN=\ #a\+b=c\;\<d\>\"e\\\ "#)
        #expect(Self.name([("CN", "#x #")]).description == ##"CN=\#x #"##)
        #expect(Self.name([("CN", "a\u{0}b")]).description == #"CN=a\00b"#)
        #expect(Self.name([("CN", "é #")]).description == "CN=é #")
    }

    @Test("a 160 KB common name renders in linear time, cut at 1024 characters with its length said")
    func hugeCommonName() {
        // Before, escaping counted the string once per character: 160 KB took 99 s.
        let value = String(repeating: "a,", count: 80_000)
        let start = ContinuousClock.now
        let text = Self.name([("O", "Contoso"), ("CN", value)]).description
        #expect(ContinuousClock.now - start < .seconds(10))
        let shown = String(repeating: #"a\,"#, count: 512)
        #expect(text == "CN=\(shown)…[cut: 160000 characters in all], O=Contoso")
        // Escaping alone is linear as well: the whole value, escaped, in one pass.
        let escaped = DistinguishedName.escape(value)
        #expect(escaped.utf8.count == 240_000)
    }

    @Test("a value of exactly the limit is shown whole; one more character is cut")
    func limit() {
        let limit = DistinguishedName.maximumShownValueLength
        let whole = String(repeating: "b", count: limit)
        #expect(Self.name([("CN", whole)]).description == "CN=\(whole)")
        let longer = whole + "c"
        #expect(Self.name([("CN", longer)]).description == "CN=\(whole)…[cut: \(limit + 1) characters in all]")
    }
}
