import Testing

@testable import TopologyModel

@Suite("Hostname.syntaxProblem: the byte path for ASCII names")
struct HostnameSyntaxTests {
    /// Names made of the characters that matter to the rules, so every message is reached.
    static func randomName(_ generator: inout some RandomNumberGenerator) -> String {
        let alphabet: [String] = Array("aZ09-._*.x-").map(String.init) + ["\r\n", "\t", " "]
        let length = Int.random(in: 0...12, using: &generator)
        var name = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: name = String(repeating: "a", count: Int.random(in: 60...66, using: &generator)) + "." + name
        case 1: name = "*." + name
        case 2: name += "."
        case 3: name = String(repeating: "ab.", count: Int.random(in: 80...90, using: &generator)) + "com"
        case 4: name += ".123"
        default: break
        }
        return name
    }

    @Test("20,000 generated ASCII names: the same answer and message as the Character path")
    func sameAsCharacterPath() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let name = Self.randomName(&generator)
            for wildcard in [false, true] {
                #expect(
                    Hostname.asciiSyntaxProblem(name, allowWildcard: wildcard)
                        == Hostname.characterSyntaxProblem(name, allowWildcard: wildcard), "\(name.debugDescription)")
            }
        }
    }

    @Test("valid and invalid names, each rule")
    func rules() {
        #expect(Hostname.syntaxProblem("webext.contoso.com") == nil)
        #expect(Hostname.syntaxProblem("webext.contoso.com.") == nil)
        #expect(Hostname.syntaxProblem("*.contoso.com", allowWildcard: true) == nil)
        #expect(Hostname.syntaxProblem("*.com", allowWildcard: true) != nil)
        #expect(Hostname.syntaxProblem("*.contoso.com") == "label '*' contains a wildcard where none is allowed")
        #expect(Hostname.syntaxProblem("_sip.contoso.com") == "label '_sip' contains an underscore")
        #expect(Hostname.syntaxProblem("-a.contoso.com") == "label '-a' starts or ends with a hyphen")
        #expect(Hostname.syntaxProblem("a..com") == "the name has an empty label")
        #expect(Hostname.syntaxProblem("") == "the name is empty")
        #expect(
            Hostname.syntaxProblem("10.0.0.1") == "the last label '1' is all digits: an IP address is not a host name")
        #expect(Hostname.syntaxProblem("bücher.de")?.contains("other than letters") == true)
    }
}
